import type { DataSource } from 'typeorm';

export interface UsageRow {
  flagKey: string;
  day: string;
  variation: string;
  evaluations: number;
}

export interface FlagActivity {
  flagKey: string;
  lastEvaluatedAt: Date;
  /** Distinct variations served since `since`. */
  variations: string[];
  /** Evaluations since `since`. */
  recent: number;
}

/**
 * All SQL about flag usage (evaluation counts per project × flag × environment × day × variation). A flag
 * key names a flag within its project only, so every read names the project.
 */
export class UsageRepository {
  constructor(private readonly ds: DataSource) {}

  async daily(
    project: string,
    flagKeys: readonly string[],
    fromDay: string,
    environment: string | null,
  ): Promise<UsageRow[]> {
    const rows: { flag_key: string; day: string; variation: string; evaluations: string }[] =
      await this.ds.query(
        `SELECT flag_key, to_char(day, 'YYYY-MM-DD') AS day, variation, sum(evaluations) AS evaluations
       FROM analytics.flag_usage_daily
       WHERE project = $4 AND flag_key = ANY($1) AND day >= $2::date AND ($3::text IS NULL OR environment = $3)
       GROUP BY flag_key, day, variation ORDER BY day, variation`,
        [flagKeys, fromDay, environment, project],
      );
    return rows.map((r) => ({
      flagKey: r.flag_key,
      day: r.day,
      variation: r.variation,
      evaluations: Number(r.evaluations),
    }));
  }

  async lastEvaluated(
    project: string,
    flagKeys: readonly string[],
    environment: string | null,
  ): Promise<Map<string, Date>> {
    const rows: { flag_key: string; last: Date }[] = await this.ds.query(
      `SELECT flag_key, max(last_evaluated_at) AS last FROM analytics.flag_usage_daily
       WHERE project = $3 AND flag_key = ANY($1) AND ($2::text IS NULL OR environment = $2) GROUP BY flag_key`,
      [flagKeys, environment, project],
    );
    return new Map(rows.map((r) => [r.flag_key, r.last]));
  }

  /** Every flag of the project evaluated at some time, with what it served since `since`. */
  async activity(project: string, since: Date, environment: string | null): Promise<FlagActivity[]> {
    const rows: { flag_key: string; last: Date; variations: string[] | null; recent: string }[] =
      await this.ds.query(
        `SELECT flag_key, max(last_evaluated_at) AS last,
                array_agg(DISTINCT variation) FILTER (WHERE last_evaluated_at >= $1 AND evaluations > 0) AS variations,
                coalesce(sum(evaluations) FILTER (WHERE last_evaluated_at >= $1), 0) AS recent
         FROM analytics.flag_usage_daily
         WHERE project = $3 AND ($2::text IS NULL OR environment = $2)
         GROUP BY flag_key`,
        [since, environment, project],
      );
    return rows.map((r) => ({
      flagKey: r.flag_key,
      lastEvaluatedAt: r.last,
      variations: r.variations ?? [],
      recent: Number(r.recent),
    }));
  }
}
