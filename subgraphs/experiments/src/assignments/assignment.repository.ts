import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

export interface StoredAssignment {
  experimentKey: string;
  userKey: string;
  variant: string;
  assignedAt: Date;
  /** The analysis period of the last exposure recorded for the user, and when it was recorded. */
  exposurePeriod: number;
  exposedAt: Date;
}

export interface PendingExposure extends StoredAssignment {}

interface AssignmentSqlRow {
  variant: string;
  assigned_at: Date;
  exposure_period: number;
  exposed_at: Date;
}

const COLUMNS = 'variant, assigned_at, exposure_period, exposed_at';

function toStored(experimentKey: string, userKey: string, r: AssignmentSqlRow): StoredAssignment {
  return {
    experimentKey,
    userKey,
    variant: r.variant,
    assignedAt: r.assigned_at,
    exposurePeriod: r.exposure_period,
    exposedAt: r.exposed_at,
  };
}

const MARK_PUBLISHED = `UPDATE experiments.user_assignments a SET exposure_published_at = now()
   FROM unnest($1::text[], $2::text[], $3::int[]) AS p(experiment_key, user_key, period)
  WHERE a.experiment_key = p.experiment_key AND a.user_key = p.user_key AND a.exposure_period = p.period`;

function markParams(exposures: PendingExposure[]) {
  return [
    exposures.map((e) => e.experimentKey),
    exposures.map((e) => e.userKey),
    exposures.map((e) => e.exposurePeriod),
  ];
}

/**
 * SQL of experiments.user_assignments. The assignment path runs on the pg pool under TypeORM directly:
 * it is the hot path (one statement per call) and needs none of TypeORM's mapping.
 */
export class AssignmentRepository {
  private readonly pool: Pool;

  constructor(private readonly ds: DataSource) {
    this.pool = (ds.driver as unknown as { master: Pool }).master;
  }

  /** One primary-key lookup. */
  async find(experimentKey: string, userKey: string): Promise<StoredAssignment | null> {
    const { rows } = await this.pool.query<AssignmentSqlRow>({
      // Named: prepared once per connection, so the hot path skips parsing and planning.
      name: 'experiments-assignment-find',
      text: `SELECT ${COLUMNS} FROM experiments.user_assignments WHERE experiment_key = $1 AND user_key = $2`,
      values: [experimentKey, userKey],
    });
    const row = rows[0];
    return row ? toStored(experimentKey, userKey, row) : null;
  }

  /**
   * Stores the first assignment (exposed in `period`) or returns the one already stored, in one
   * statement. The primary key decides between concurrent first assignments: exactly one INSERT wins,
   * the others wait for it and do nothing. A loser's SELECT runs on the statement's snapshot, taken
   * before the winner committed, so it can come back empty; then a fresh read sees the winner's row.
   */
  async insertOrGet(
    experimentKey: string,
    userKey: string,
    variant: string,
    period: number,
  ): Promise<StoredAssignment & { inserted: boolean }> {
    const { rows } = await this.pool.query<AssignmentSqlRow & { inserted: boolean }>({
      name: 'experiments-assignment-insert',
      text: `WITH ins AS (
         INSERT INTO experiments.user_assignments (experiment_key, user_key, variant, exposure_period)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (experiment_key, user_key) DO NOTHING
         RETURNING ${COLUMNS}, true AS inserted)
       SELECT * FROM ins
       UNION ALL
       SELECT ${COLUMNS}, false FROM experiments.user_assignments
        WHERE experiment_key = $1 AND user_key = $2 AND NOT EXISTS (SELECT 1 FROM ins)`,
      values: [experimentKey, userKey, variant, period],
    });
    const row = rows[0];
    if (row) return { ...toStored(experimentKey, userKey, row), inserted: row.inserted };
    for (let attempt = 0; attempt < 3; attempt++) {
      const stored = await this.find(experimentKey, userKey);
      if (stored) return { ...stored, inserted: false };
    }
    throw new Error(`assignment of "${userKey}" to "${experimentKey}" was neither stored nor found`);
  }

  /**
   * Records the exposure of a returning user in a new analysis period. The condition on the period makes
   * it once per period: of concurrent callers, one updates and gets the row; the others get null.
   */
  async exposeInPeriod(
    experimentKey: string,
    userKey: string,
    period: number,
  ): Promise<StoredAssignment | null> {
    const { rows } = await this.pool.query<AssignmentSqlRow>({
      name: 'experiments-assignment-expose',
      text: `UPDATE experiments.user_assignments
          SET exposure_period = $3, exposed_at = now(), exposure_published_at = NULL
        WHERE experiment_key = $1 AND user_key = $2 AND exposure_period < $3
       RETURNING ${COLUMNS}`,
      values: [experimentKey, userKey, period],
    });
    const row = rows[0];
    return row ? toStored(experimentKey, userKey, row) : null;
  }

  async listByUser(userKey: string, limit = 500): Promise<StoredAssignment[]> {
    const { rows } = await this.pool.query<AssignmentSqlRow & { experiment_key: string }>(
      `SELECT experiment_key, ${COLUMNS} FROM experiments.user_assignments
        WHERE user_key = $1 ORDER BY assigned_at DESC, experiment_key LIMIT $2`,
      [userKey, limit],
    );
    return rows.map((r) => toStored(r.experiment_key, userKey, r));
  }

  /** Marks exposures published, each for its period only: a newer period's exposure stays pending. */
  async markPublished(exposures: PendingExposure[]): Promise<void> {
    if (exposures.length === 0) return;
    await this.pool.query(MARK_PUBLISHED, markParams(exposures));
  }

  /** Exposures stored but not published for `graceMs`, locked so relays on other replicas skip them. */
  async lockUnpublished(m: EntityManager, graceMs: number, limit: number): Promise<PendingExposure[]> {
    const rows: (AssignmentSqlRow & { experiment_key: string; user_key: string })[] = await m.query(
      `SELECT experiment_key, user_key, ${COLUMNS} FROM experiments.user_assignments
        WHERE exposure_published_at IS NULL AND exposed_at < now() - make_interval(secs => $1)
        ORDER BY exposed_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [graceMs / 1000, limit],
    );
    return rows.map((r) => toStored(r.experiment_key, r.user_key, r));
  }

  async markPublishedIn(m: EntityManager, exposures: PendingExposure[]): Promise<void> {
    await m.query(MARK_PUBLISHED, markParams(exposures));
  }

  get dataSource(): DataSource {
    return this.ds;
  }
}
