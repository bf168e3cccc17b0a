import type { DataSource } from 'typeorm';

/**
 * 1-based ranks of n sorted values as a PostgreSQL float8[] literal of fractions for
 * percentile_disc, which returns the value at rank ⌈f·n⌉: f = (r − ½)/n is exactly rank r.
 */
export function rankFractions(ranks: readonly number[], n: number): string {
  return `{${ranks.map((r) => (r - 0.5) / n).join(',')}}`;
}

/** One variant's per-user sums of a RATIO metric's numerator n and denominator d. */
export interface RatioVariantSums {
  variant: string;
  /** Users with a numerator or denominator value (the others count 0 and 0). */
  users: number;
  numeratorSum: number;
  denominatorSum: number;
  numeratorSumSquares: number;
  denominatorSumSquares: number;
  crossSum: number;
}

/**
 * Reads per-user metric values for what rollups cannot give: a cap computed from the pooled
 * distribution (a quantile, from the top of an index), and the per-user values RATIO and QUANTILE
 * metrics are estimated from (one scan of the metric's user values per cache miss), never raw events.
 */
export class UserValueRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * percentile_disc(q) of the per-user values of every exposed user of the given variants,
   * users without a value row counting as 0: the value at ascending rank ⌈q × users⌉. Counted down
   * from the largest values along an index: every positive value ranks above the users without
   * one, so a positive answer needs only the values above it (few, for a high quantile). Null
   * without users.
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
    const rank = Math.ceil(q * totalUsers);
    // Ordered by the column (not the float8 output of the same name), so along the value index.
    const [top]: { value: number }[] = await this.ds.query(
      `SELECT u.value::float8 AS value FROM analytics.user_metric_values u
       WHERE experiment_key = $1 AND metric_key = $2 AND variant = ANY($3) AND analysis_period = $4
         AND ($5::date IS NULL OR day >= $5::date)
       ORDER BY u.value DESC OFFSET $6 LIMIT 1`,
      [experimentKey, metricKey, variants, period, fromDay, Math.max(0, totalUsers - rank)],
    );
    if (top && top.value > 0) return top.value;
    // At or below 0 (most users without a value, or negative values): the zeros of users without
    // a row interleave, so count them all. Such a cap is refused anyway; this only names it.
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
       SELECT min(value) AS threshold FROM cumulative WHERE cum >= $7::bigint`,
      [experimentKey, metricKey, variants, period, fromDay, totalUsers, rank],
    );
    return row?.threshold ?? null;
  }

  /** Σn, Σd, Σn², Σd², Σnd per variant of a RATIO metric (its series `key` and `key/denominator`). */
  async ratioSums(
    experimentKey: string,
    metricKey: string,
    period: number,
    fromDay: string | null,
  ): Promise<RatioVariantSums[]> {
    const rows: Record<string, string | number>[] = await this.ds.query(
      `WITH v AS (
         SELECT user_key, variant, metric_key = $2 AS numerator, value FROM analytics.user_metric_values
         WHERE experiment_key = $1 AND metric_key IN ($2, $2 || '/denominator') AND analysis_period = $3
           AND ($4::date IS NULL OR day >= $4::date)
       ), u AS (
         SELECT variant, coalesce(sum(value) FILTER (WHERE numerator), 0) AS n,
                coalesce(sum(value) FILTER (WHERE NOT numerator), 0) AS d
         FROM v GROUP BY user_key, variant
       )
       SELECT variant, count(*) AS users, sum(n)::float8 AS n1, sum(d)::float8 AS d1,
              sum(n * n)::float8 AS n2, sum(d * d)::float8 AS d2, sum(n * d)::float8 AS nd
       FROM u GROUP BY variant`,
      [experimentKey, metricKey, period, fromDay],
    );
    return rows.map((r) => ({
      variant: String(r.variant),
      users: Number(r.users),
      numeratorSum: Number(r.n1),
      denominatorSum: Number(r.d1),
      numeratorSumSquares: Number(r.n2),
      denominatorSumSquares: Number(r.d2),
      crossSum: Number(r.nd),
    }));
  }

  /**
   * A QUANTILE metric's per-user values (each user's mean: series `key` / `key/count`) by variant:
   * how many users have one, then the values at the requested 1-based ranks (`ranks(variant, n)`),
   * read with percentile_disc((r − ½)/n), which is exactly rank r.
   */
  async quantileValues(
    experimentKey: string,
    metricKey: string,
    period: number,
    fromDay: string | null,
    ranks: (variant: string, n: number) => number[],
  ): Promise<Map<string, { n: number; values: Map<number, number> }>> {
    const perUser = `SELECT s.variant, s.value::float8 / c.value::float8 AS v
       FROM analytics.user_metric_values s
       JOIN analytics.user_metric_values c ON c.experiment_key = s.experiment_key AND c.user_key = s.user_key
         AND c.analysis_period = s.analysis_period AND c.metric_key = $2 || '/count'
       WHERE s.experiment_key = $1 AND s.metric_key = $2 AND s.analysis_period = $3
         AND ($4::date IS NULL OR s.day >= $4::date) AND c.value > 0`;
    const counts: { variant: string; n: string }[] = await this.ds.query(
      `SELECT variant, count(*) AS n FROM (${perUser}) x GROUP BY variant`,
      [experimentKey, metricKey, period, fromDay],
    );
    const wanted = counts.map((c) => ({
      variant: c.variant,
      n: Number(c.n),
      ranks: ranks(c.variant, Number(c.n)),
    }));
    const out = new Map(wanted.map((w) => [w.variant, { n: w.n, values: new Map<number, number>() }]));
    const asked = wanted.filter((w) => w.ranks.length > 0);
    if (asked.length === 0) return out;
    const rows: { variant: string; fractions: number[]; values: number[] }[] = await this.ds.query(
      `WITH f AS (SELECT * FROM unnest($5::text[], $6::text[]) AS f(variant, fractions))
       SELECT x.variant, f.fractions::float8[] AS fractions,
              percentile_disc(f.fractions::float8[]) WITHIN GROUP (ORDER BY x.v) AS values
       FROM (${perUser}) x JOIN f ON f.variant = x.variant
       GROUP BY x.variant, f.fractions`,
      [
        experimentKey,
        metricKey,
        period,
        fromDay,
        asked.map((w) => w.variant),
        asked.map((w) => rankFractions(w.ranks, w.n)),
      ],
    );
    for (const r of rows) {
      const w = asked.find((a) => a.variant === r.variant)!;
      const entry = out.get(r.variant)!;
      for (const [i, rank] of w.ranks.entries()) entry.values.set(rank, Number(r.values[i]));
    }
    return out;
  }
}
