import type { DataSource } from 'typeorm';

/**
 * Everything a computed analysis depends on besides its design and options, in one round trip: the
 * experiment's rollup version (bumped in every transaction that writes its rollups), each metric's
 * definition (version and last update, so a deleted and re-created metric differs too) and which
 * metrics are being rebuilt. Equal strings mean a recomputation would give the same analysis.
 */
export class ResultsVersions {
  constructor(private readonly ds: DataSource) {}

  async read(experimentKey: string, metricKeys: readonly string[]): Promise<string> {
    const [row]: { v: string }[] = await this.ds.query(
      `SELECT coalesce((SELECT version::text FROM analytics.experiment_rollup_state WHERE experiment_key = $1), '')
         || '|' || coalesce((SELECT string_agg(key || ':' || version || ':' || extract(epoch FROM updated_at), ',' ORDER BY key)
                             FROM analytics.metrics WHERE key = ANY($2)), '')
         || '|' || coalesce((SELECT string_agg(DISTINCT metric_key, ',') FROM analytics.metric_rebuilds
                             WHERE status IN ('PENDING', 'RUNNING') AND metric_key = ANY($2)), '') AS v`,
      [experimentKey, metricKeys],
    );
    return row!.v;
  }
}
