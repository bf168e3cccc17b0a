import type { DataSource, EntityManager } from 'typeorm';

export type RebuildStatus = 'PENDING' | 'RUNNING' | 'DONE' | 'FAILED';

export interface RebuildJob {
  id: string;
  metricKey: string;
  metricVersion: number;
  status: RebuildStatus;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  attempts: number;
  error: string | null;
}

interface Row {
  id: string;
  metric_key: string;
  metric_version: number;
  status: RebuildStatus;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  attempts: number;
  error: string | null;
}

const COLUMNS =
  'id, metric_key, metric_version, status, requested_at, started_at, finished_at, attempts, error';

function toJob(r: Row): RebuildJob {
  return {
    id: String(r.id),
    metricKey: r.metric_key,
    metricVersion: r.metric_version,
    status: r.status,
    requestedAt: r.requested_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    attempts: r.attempts,
    error: r.error,
  };
}

/** All SQL about queued metric rebuilds (`analytics.metric_rebuilds`). */
export class RebuildJobRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Queues a rebuild in the caller's transaction, so it exists exactly when the change does.
   * A rebuild already waiting for the metric takes the newer version instead of a second row.
   */
  async enqueue(m: EntityManager, metricKey: string, metricVersion: number): Promise<void> {
    await m.query(
      `INSERT INTO analytics.metric_rebuilds (metric_key, metric_version, status) VALUES ($1, $2, 'PENDING')
       ON CONFLICT (metric_key) WHERE status = 'PENDING'
       DO UPDATE SET metric_version = excluded.metric_version, requested_at = now()`,
      [metricKey, metricVersion],
    );
  }

  /**
   * Takes the oldest waiting job, or one whose worker stopped sending heartbeats (its replica
   * died mid-rebuild), and marks it RUNNING. SKIP LOCKED: replicas polling together take different rows.
   */
  async claim(staleMs: number): Promise<RebuildJob | null> {
    const rows: Row[] = await this.ds.query(
      `UPDATE analytics.metric_rebuilds j
       SET status = 'RUNNING', started_at = now(), heartbeat_at = now(), attempts = j.attempts + 1
       WHERE j.id = (
         SELECT id FROM analytics.metric_rebuilds
         WHERE status = 'PENDING' OR (status = 'RUNNING' AND heartbeat_at < now() - make_interval(secs => $1 / 1000.0))
         ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
       RETURNING ${COLUMNS.split(', ')
         .map((c) => `j.${c}`)
         .join(', ')}`,
      [staleMs],
    );
    // node-postgres returns [rows, count] for UPDATE … RETURNING through TypeORM.
    const list = (Array.isArray(rows[0]) ? rows[0] : rows) as Row[];
    return list[0] ? toJob(list[0]) : null;
  }

  async heartbeat(id: string): Promise<void> {
    await this.ds.query(
      `UPDATE analytics.metric_rebuilds SET heartbeat_at = now() WHERE id = $1 AND status = 'RUNNING'`,
      [id],
    );
  }

  /** Marks the job done inside the rebuild's own transaction: the rollups and the status commit together. */
  async finish(m: EntityManager, id: string): Promise<void> {
    await m.query(
      `UPDATE analytics.metric_rebuilds SET status = 'DONE', finished_at = now(), error = NULL WHERE id = $1`,
      [id],
    );
  }

  /**
   * A failed attempt goes back to the queue until `maxAttempts`, then stays FAILED with its
   * reason; a newer request already queued for the metric supersedes it at once.
   */
  async fail(id: string, error: string, maxAttempts: number): Promise<void> {
    await this.ds.query(
      `UPDATE analytics.metric_rebuilds j
       SET status = CASE WHEN g.give_up THEN 'FAILED' ELSE 'PENDING' END,
           finished_at = CASE WHEN g.give_up THEN now() END, error = $2
       FROM (SELECT j2.attempts >= $3 OR EXISTS (
               SELECT 1 FROM analytics.metric_rebuilds p WHERE p.metric_key = j2.metric_key AND p.status = 'PENDING'
             ) AS give_up
             FROM analytics.metric_rebuilds j2 WHERE j2.id = $1) g
       WHERE j.id = $1 AND j.status = 'RUNNING'`,
      [id, error, maxAttempts],
    );
  }

  async removeForMetric(m: EntityManager, metricKey: string): Promise<void> {
    await m.query('DELETE FROM analytics.metric_rebuilds WHERE metric_key = $1', [metricKey]);
  }

  /** The latest rebuild of each metric. */
  async latest(metricKeys: readonly string[]): Promise<Map<string, RebuildJob>> {
    const rows: Row[] = await this.ds.query(
      `SELECT DISTINCT ON (metric_key) ${COLUMNS} FROM analytics.metric_rebuilds
       WHERE metric_key = ANY($1) ORDER BY metric_key, id DESC`,
      [metricKeys],
    );
    return new Map(rows.map((r) => [r.metric_key, toJob(r)]));
  }

  /** Metrics among these with a rebuild queued or running: their rollups may still follow an older definition. */
  async inProgress(metricKeys: readonly string[]): Promise<Set<string>> {
    if (metricKeys.length === 0) return new Set();
    const rows: { metric_key: string }[] = await this.ds.query(
      `SELECT DISTINCT metric_key FROM analytics.metric_rebuilds
       WHERE status IN ('PENDING', 'RUNNING') AND metric_key = ANY($1)`,
      [metricKeys],
    );
    return new Set(rows.map((r) => r.metric_key));
  }
}
