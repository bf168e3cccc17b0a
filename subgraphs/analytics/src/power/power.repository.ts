import type { DataSource } from 'typeorm';
import type { MetricKind } from '../stats';

/** A metric's per-user history over recent days: the baseline a power calculation plans from. */
export interface MetricBaseline {
  /** Users with any exposure, conversion or custom event in the period (the denominator). */
  users: number;
  /** Σ and Σ² of the per-user metric value over the period (users without events count 0). */
  sum: number;
  sumSquares: number;
}

/** SQL of the power calculator: one aggregate over the period's raw events. */
export class PowerRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Reads raw events of the last `days` days (the BRIN index on occurred_at bounds the scan): a
   * planning query, run once per wizard step, not per result. Per-user value as the metric
   * defines it, over the whole period rather than a window after exposure (there is none yet).
   */
  async baseline(eventName: string, kind: MetricKind, days: number): Promise<MetricBaseline> {
    const [row]: { users: number; sum: number; sum_squares: number }[] = await this.ds.query(
      `WITH recent AS (
         SELECT user_key, type, event_name, value FROM analytics.events
         WHERE occurred_at >= now() - make_interval(days => $3) AND type IN ('EXPOSURE', 'CONVERSION', 'CUSTOM')),
       per_user AS (
         SELECT CASE $2 WHEN 'CONVERSION' THEN 1::numeric WHEN 'COUNT' THEN count(*)::numeric
                ELSE coalesce(sum(value::numeric), 0) END AS value
         FROM recent WHERE event_name = $1 AND type IN ('CONVERSION', 'CUSTOM') GROUP BY user_key)
       SELECT (SELECT count(DISTINCT user_key) FROM recent)::float8 AS users,
              (SELECT coalesce(sum(value), 0) FROM per_user)::float8 AS sum,
              (SELECT coalesce(sum(value * value), 0) FROM per_user)::float8 AS sum_squares`,
      [eventName, kind, days],
    );
    return { users: row!.users, sum: row!.sum, sumSquares: row!.sum_squares };
  }
}
