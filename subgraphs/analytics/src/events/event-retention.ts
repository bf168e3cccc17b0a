import {
  type Logger,
  type RetainedRows,
  type RetentionJob,
  returnedRows,
  scheduledRetention,
} from '@switchyard/server-kit';
import type { DataSource } from 'typeorm';

/** Raw events for retention: what results were rolled up from stays in the rollups. */
class RawEvents implements RetainedRows {
  constructor(private readonly ds: DataSource) {}

  async deleteBatch(cutoff: Date, batch: number): Promise<number> {
    const rows = returnedRows<{ id: string }>(
      await this.ds.query(
        `DELETE FROM analytics.events WHERE id IN (
           SELECT id FROM analytics.events WHERE occurred_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING id`,
        [cutoff, batch],
      ),
    );
    return rows.length;
  }

  async oldest(): Promise<Date | null> {
    const rows: { at: Date | null }[] = await this.ds.query(
      'SELECT min(occurred_at) AS at FROM analytics.events',
    );
    return rows[0]?.at ?? null;
  }
}

/** Deletes raw events older than RAW_EVENT_RETENTION_DAYS (400) in batches (the shared retention job). */
export function eventRetentionJob(ds: DataSource, logger: Logger): RetentionJob {
  return scheduledRetention(ds, logger, new RawEvents(ds), {
    table: 'analytics.retention_state',
    what: 'raw events',
    daysVariable: 'RAW_EVENT_RETENTION_DAYS',
    defaultDays: 400,
  });
}
