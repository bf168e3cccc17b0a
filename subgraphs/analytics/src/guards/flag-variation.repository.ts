import type { DataSource } from 'typeorm';
import { rankFractions } from '../results/user-values.repository';

/** One group's (a variation's, or the other variations' pooled) events of a metric. */
export interface VariationEvents {
  group: string;
  events: number;
  users: number;
  /** Events with a value: the observations of the mean and the quantile. */
  valued: number;
  sum: number;
  sumSquares: number;
}

/** Where the events of one flag, environment and metric event come from (`$1`–`$5` of every query). */
export interface VariationScope {
  /** Events of SDK keys of this project (events stamped before projects, and without one, are `default`'s). */
  project: string;
  flagKey: string;
  environment: string;
  eventName: string;
  since: Date;
}

/**
 * Release guards' reads: a metric's raw events attributed to a flag's variations by
 * `properties.flags[flagKey]` and `properties.environment`, since a stage began (the
 * `events_name_time` index bounds the scan to that event name and period).
 */
const ATTRIBUTED = `FROM analytics.events e
  WHERE e.event_name = $3 AND e.occurred_at >= $4 AND e.type IN ('CONVERSION', 'CUSTOM')
    AND e.properties -> 'flags' ->> $1 IS NOT NULL AND e.properties ->> 'environment' = $2
    AND coalesce(e.properties ->> 'project', 'default') = $5`;

/** The group of every variation but the compared one (variation keys have no parentheses). */
export const OTHERS = '(others)';

/** The SQL group of an event: its variation, or with `pooledExcept` everything else as one group. */
const group = (pooledExcept: boolean) =>
  pooledExcept
    ? `CASE WHEN e.properties -> 'flags' ->> $1 = $6 THEN $6 ELSE '${OTHERS}' END`
    : `e.properties -> 'flags' ->> $1`;

export class FlagVariationRepository {
  constructor(private readonly ds: DataSource) {}

  private params(scope: VariationScope): unknown[] {
    return [scope.flagKey, scope.environment, scope.eventName, scope.since, scope.project];
  }

  /** Counts and sums per variation, or (with `variation`) for it and the others pooled. */
  async summaries(scope: VariationScope, variation: string | null): Promise<VariationEvents[]> {
    const rows: Record<string, string | number | null>[] = await this.ds.query(
      `SELECT ${group(variation !== null)} AS g, count(*) AS events, count(DISTINCT e.user_key) AS users,
              count(e.value) AS valued, coalesce(sum(e.value), 0)::float8 AS s1,
              coalesce(sum(e.value * e.value), 0)::float8 AS s2
       ${ATTRIBUTED} GROUP BY 1`,
      variation === null ? this.params(scope) : [...this.params(scope), variation],
    );
    return rows.map((r) => ({
      group: String(r.g),
      events: Number(r.events),
      users: Number(r.users),
      valued: Number(r.valued),
      sum: Number(r.s1),
      sumSquares: Number(r.s2),
    }));
  }

  /** Values at 1-based ranks per group (percentile_disc((r − ½)/n) is exactly rank r). */
  async valuesAtRanks(
    scope: VariationScope,
    variation: string | null,
    wanted: { group: string; n: number; ranks: number[] }[],
  ): Promise<Map<string, Map<number, number>>> {
    const out = new Map<string, Map<number, number>>();
    const asked = wanted.filter((w) => w.ranks.length > 0 && w.n > 0);
    if (asked.length === 0) return out;
    const base = variation === null ? this.params(scope) : [...this.params(scope), variation];
    const k = base.length;
    const rows: { g: string; values: number[] }[] = await this.ds.query(
      `WITH f AS (SELECT * FROM unnest($${k + 1}::text[], $${k + 2}::text[]) AS f(g, fractions))
       SELECT x.g, percentile_disc(f.fractions::float8[]) WITHIN GROUP (ORDER BY x.value) AS values
       FROM (SELECT ${group(variation !== null)} AS g, e.value ${ATTRIBUTED} AND e.value IS NOT NULL) x
       JOIN f ON f.g = x.g GROUP BY x.g, f.fractions`,
      [...base, asked.map((w) => w.group), asked.map((w) => rankFractions(w.ranks, w.n))],
    );
    for (const r of rows) {
      const w = asked.find((a) => a.group === r.g)!;
      out.set(r.g, new Map(w.ranks.map((rank, i) => [rank, Number(r.values[i])])));
    }
    return out;
  }

  /** Evaluations per variation of the flag in the environment since `since` (EVALUATION counts). */
  async evaluations(scope: VariationScope): Promise<Map<string, number>> {
    const rows: { variation: string; n: number }[] = await this.ds.query(
      `SELECT variant AS variation, sum(coalesce(value, 1))::float8 AS n FROM analytics.events
       WHERE type = 'EVALUATION' AND event_name = $1 AND occurred_at >= $3
         AND coalesce(nullif(properties ->> 'environment', ''), 'unknown') = $2 AND variant IS NOT NULL
         AND coalesce(properties ->> 'project', 'default') = $4
       GROUP BY 1`,
      [scope.flagKey, scope.environment, scope.since, scope.project],
    );
    return new Map(rows.map((r) => [r.variation, Number(r.n)]));
  }
}
