import type { DataSource } from 'typeorm';

export interface RetentionState {
  nextRunAt: Date;
  lastRunAt: Date | null;
  lastCutoff: Date | null;
  lastDeleted: number;
  totalDeleted: number;
}

/** TypeORM's postgres driver answers UPDATE/DELETE ... RETURNING with [rows, affected]. */
function returned<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

/** The SQL of audit retention: the run schedule and batched deletes. */
export class RetentionRepository {
  constructor(private readonly ds: DataSource) {}

  /** Claims the due run for this replica (one wins), pushing the next run `intervalMs` on. */
  async claimRun(intervalMs: number): Promise<boolean> {
    const rows = returned<{ id: number }>(
      await this.ds.query(
        `UPDATE flags.retention_state SET next_run_at = now() + make_interval(secs => $1)
         WHERE id = 1 AND next_run_at <= now() RETURNING id`,
        [intervalMs / 1000],
      ),
    );
    return rows.length > 0;
  }

  /**
   * Deletes up to `batch` audit entries older than `cutoff` in one short transaction, oldest
   * first by id (the primary key), so locks are held only for one batch.
   */
  async deleteAuditBatch(cutoff: Date, batch: number): Promise<number> {
    return this.ds.transaction(async (m) => {
      await m.query(`SET LOCAL switchyard.audit_retention = 'on'`);
      const rows = returned<{ id: string }>(
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

  async recordRun(cutoff: Date, deleted: number): Promise<void> {
    await this.ds.query(
      `UPDATE flags.retention_state SET last_run_at = now(), last_cutoff = $1, last_deleted = $2,
         total_deleted = total_deleted + $2 WHERE id = 1`,
      [cutoff, deleted],
    );
  }

  async state(): Promise<RetentionState> {
    const rows: RetentionState[] = await this.ds.query(
      `SELECT next_run_at AS "nextRunAt", last_run_at AS "lastRunAt", last_cutoff AS "lastCutoff",
         last_deleted::int AS "lastDeleted", total_deleted::int AS "totalDeleted"
       FROM flags.retention_state WHERE id = 1`,
    );
    return rows[0]!;
  }

  async oldestAuditEntryAt(): Promise<Date | null> {
    const rows: { at: Date | null }[] = await this.ds.query('SELECT min(at) AS at FROM platform.audit_log');
    return rows[0]?.at ?? null;
  }
}
