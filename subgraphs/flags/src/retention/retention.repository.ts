import { type RetainedRows, returnedRows } from '@switchyard/server-kit';
import type { DataSource } from 'typeorm';

/** The audit log's rows for retention: batched deletes and the oldest entry kept. */
export class AuditLogRows implements RetainedRows {
  constructor(private readonly ds: DataSource) {}

  /**
   * Deletes up to `batch` audit entries older than `cutoff` in one short transaction, oldest
   * first by id (the primary key), so locks are held only for one batch.
   */
  async deleteBatch(cutoff: Date, batch: number): Promise<number> {
    return this.ds.transaction(async (m) => {
      await m.query(`SET LOCAL switchyard.audit_retention = 'on'`);
      const rows = returnedRows<{ id: string }>(
        await m.query(
          `DELETE FROM platform.audit_log WHERE id IN (
             SELECT id FROM platform.audit_log WHERE at < $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
           RETURNING id`,
          [cutoff, batch],
        ),
      );
      return rows.length;
    });
  }

  async oldest(): Promise<Date | null> {
    const rows: { at: Date | null }[] = await this.ds.query('SELECT min(at) AS at FROM platform.audit_log');
    return rows[0]?.at ?? null;
  }
}
