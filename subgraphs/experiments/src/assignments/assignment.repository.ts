import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

export interface StoredAssignment {
  experimentKey: string;
  userKey: string;
  variant: string;
  assignedAt: Date;
}

export interface PendingExposure extends StoredAssignment {}

/**
 * SQL of experiments.user_assignments. The assignment path runs on the pg pool under TypeORM directly:
 * it is the hot path (one statement per call) and needs none of TypeORM's mapping.
 */
export class AssignmentRepository {
  private readonly pool: Pool;

  constructor(private readonly ds: DataSource) {
    this.pool = (ds.driver as unknown as { master: Pool }).master;
  }

  async find(experimentKey: string, userKey: string): Promise<StoredAssignment | null> {
    const { rows } = await this.pool.query<{ variant: string; assigned_at: Date }>(
      'SELECT variant, assigned_at FROM experiments.user_assignments WHERE experiment_key = $1 AND user_key = $2',
      [experimentKey, userKey],
    );
    const row = rows[0];
    return row ? { experimentKey, userKey, variant: row.variant, assignedAt: row.assigned_at } : null;
  }

  /**
   * Stores the first assignment or returns the one already stored, in one statement. The primary key
   * decides between concurrent first assignments: exactly one INSERT wins, the others wait for it and
   * do nothing. A loser's SELECT runs on the statement's snapshot, taken before the winner committed,
   * so it can come back empty; then a fresh read sees the winner's row.
   */
  async insertOrGet(
    experimentKey: string,
    userKey: string,
    variant: string,
  ): Promise<StoredAssignment & { inserted: boolean }> {
    const { rows } = await this.pool.query<{ variant: string; assigned_at: Date; inserted: boolean }>(
      `WITH ins AS (
         INSERT INTO experiments.user_assignments (experiment_key, user_key, variant) VALUES ($1, $2, $3)
         ON CONFLICT (experiment_key, user_key) DO NOTHING
         RETURNING variant, assigned_at, true AS inserted)
       SELECT variant, assigned_at, inserted FROM ins
       UNION ALL
       SELECT variant, assigned_at, false FROM experiments.user_assignments
        WHERE experiment_key = $1 AND user_key = $2 AND NOT EXISTS (SELECT 1 FROM ins)`,
      [experimentKey, userKey, variant],
    );
    const row = rows[0];
    if (row)
      return {
        experimentKey,
        userKey,
        variant: row.variant,
        assignedAt: row.assigned_at,
        inserted: row.inserted,
      };
    for (let attempt = 0; attempt < 3; attempt++) {
      const stored = await this.find(experimentKey, userKey);
      if (stored) return { ...stored, inserted: false };
    }
    throw new Error(`assignment of "${userKey}" to "${experimentKey}" was neither stored nor found`);
  }

  async listByUser(userKey: string, limit = 500): Promise<StoredAssignment[]> {
    const { rows } = await this.pool.query<{ experiment_key: string; variant: string; assigned_at: Date }>(
      `SELECT experiment_key, variant, assigned_at FROM experiments.user_assignments
        WHERE user_key = $1 ORDER BY assigned_at DESC, experiment_key LIMIT $2`,
      [userKey, limit],
    );
    return rows.map((r) => ({
      experimentKey: r.experiment_key,
      userKey,
      variant: r.variant,
      assignedAt: r.assigned_at,
    }));
  }

  async countForExperiment(experimentKey: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM experiments.user_assignments WHERE experiment_key = $1',
      [experimentKey],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async markPublished(exposures: { experimentKey: string; userKey: string }[]): Promise<void> {
    if (exposures.length === 0) return;
    await this.pool.query(
      `UPDATE experiments.user_assignments a SET exposure_published_at = now()
         FROM unnest($1::text[], $2::text[]) AS p(experiment_key, user_key)
        WHERE a.experiment_key = p.experiment_key AND a.user_key = p.user_key`,
      [exposures.map((e) => e.experimentKey), exposures.map((e) => e.userKey)],
    );
  }

  /** Exposures stored but not published for `graceMs`, locked so relays on other replicas skip them. */
  async lockUnpublished(m: EntityManager, graceMs: number, limit: number): Promise<PendingExposure[]> {
    const rows: { experiment_key: string; user_key: string; variant: string; assigned_at: Date }[] =
      await m.query(
        `SELECT experiment_key, user_key, variant, assigned_at FROM experiments.user_assignments
        WHERE exposure_published_at IS NULL AND assigned_at < now() - make_interval(secs => $1)
        ORDER BY assigned_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [graceMs / 1000, limit],
      );
    return rows.map((r) => ({
      experimentKey: r.experiment_key,
      userKey: r.user_key,
      variant: r.variant,
      assignedAt: r.assigned_at,
    }));
  }

  async markPublishedIn(m: EntityManager, exposures: PendingExposure[]): Promise<void> {
    await m.query(
      `UPDATE experiments.user_assignments a SET exposure_published_at = now()
         FROM unnest($1::text[], $2::text[]) AS p(experiment_key, user_key)
        WHERE a.experiment_key = p.experiment_key AND a.user_key = p.user_key`,
      [exposures.map((e) => e.experimentKey), exposures.map((e) => e.userKey)],
    );
  }

  get dataSource(): DataSource {
    return this.ds;
  }
}
