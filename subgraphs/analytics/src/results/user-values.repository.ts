import type { DataSource } from 'typeorm';

/** Per metric × variant × first-exposure day: Σv, Σv², Σv³ of the (capped) per-user values. */
export interface ValueMoments {
  metricKey: string;
  variant: string;
  day: string;
  /** Users with a value row (with an event in the window). */
  users: number;
  sum: number;
  sumSquares: number;
  sumCubes: number;
  /** Users whose value was above the cap. */
  capped: number;
}

/**
 * Reads per-user metric values for what rollups cannot give: a cap computed from the pooled
 * distribution (a quantile), capped sums, and Σv³ for the skewness check. One scan of the
 * experiment's user values per result computation (a cache miss), never of raw events.
 */
export class UserValueRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * percentile_disc(q) of the per-user values of every exposed user of the given variants,
   * users without a value row counting as 0: the smallest value whose cumulative count reaches
   * q × users. Null without users.
   */
  async pooledPercentile(
    experimentKey: string,
    metricKey: string,
    variants: readonly string[],
    period: number,
    fromDay: string | null,
    totalUsers: number,
    q: number,
  ): Promise<number | null> {
    if (!(totalUsers > 0)) return null;
    const [row]: { threshold: number | null }[] = await this.ds.query(
      `WITH v AS (
         SELECT value::float8 AS value FROM analytics.user_metric_values
         WHERE experiment_key = $1 AND metric_key = $2 AND variant = ANY($3) AND analysis_period = $4
           AND ($5::date IS NULL OR day >= $5::date)
       ), counted AS (
         SELECT value, count(*) AS c FROM v GROUP BY value
         UNION ALL SELECT 0, greatest(0, $6::bigint - (SELECT count(*) FROM v))
       ), merged AS (
         SELECT value, sum(c) AS c FROM counted GROUP BY value
       ), cumulative AS (
         SELECT value, sum(c) OVER (ORDER BY value) AS cum FROM merged
       )
       SELECT min(value) AS threshold FROM cumulative WHERE cum >= ceil($7::float8 * $6::bigint)`,
      [experimentKey, metricKey, variants, period, fromDay, totalUsers, q],
    );
    return row?.threshold ?? null;
  }

  /** Moments of least(value, cap) (cap null: uncapped) for each metric, by variant and day. */
  async moments(
    experimentKey: string,
    metrics: readonly { key: string; cap: number | null }[],
    period: number,
    fromDay: string | null,
  ): Promise<ValueMoments[]> {
    if (metrics.length === 0) return [];
    const rows: {
      metric_key: string;
      variant: string;
      day: string;
      users: string;
      s1: number;
      s2: number;
      s3: number;
      capped: string;
    }[] = await this.ds.query(
      `SELECT u.metric_key, u.variant, to_char(u.day, 'YYYY-MM-DD') AS day, count(*) AS users,
              sum(c.v) AS s1, sum(c.v * c.v) AS s2, sum(c.v * c.v * c.v) AS s3,
              count(*) FILTER (WHERE u.value::float8 > m.cap) AS capped
       FROM analytics.user_metric_values u
       JOIN unnest($2::text[], $3::float8[]) AS m(key, cap) ON m.key = u.metric_key
       CROSS JOIN LATERAL (SELECT CASE WHEN m.cap IS NULL THEN u.value::float8
                                       ELSE least(u.value::float8, m.cap) END AS v) c
       WHERE u.experiment_key = $1 AND u.analysis_period = $4 AND ($5::date IS NULL OR u.day >= $5::date)
       GROUP BY 1, 2, 3`,
      [experimentKey, metrics.map((m) => m.key), metrics.map((m) => m.cap), period, fromDay],
    );
    return rows.map((r) => ({
      metricKey: r.metric_key,
      variant: r.variant,
      day: r.day,
      users: Number(r.users),
      sum: r.s1,
      sumSquares: r.s2,
      sumCubes: r.s3,
      capped: Number(r.capped),
    }));
  }
}
