import DataLoader from 'dataloader';
import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

export interface StoredAssignment {
  /** The experiment's project (experiment keys are unique within one). */
  project: string;
  experimentKey: string;
  userKey: string;
  variant: string;
  assignedAt: Date;
  /** The analysis period of the last exposure recorded for the user, and when it was recorded. */
  exposurePeriod: number;
  exposedAt: Date;
  /** Allow-listed context attributes of the call that recorded the exposure (EXPOSURE_ATTRIBUTES). */
  exposureAttributes: Record<string, string> | null;
}

export interface PendingExposure extends StoredAssignment {}

interface AssignmentSqlRow {
  variant: string;
  assigned_at: Date;
  exposure_period: number;
  exposed_at: Date;
  exposure_attributes: Record<string, string> | null;
}

const COLUMNS = 'variant, assigned_at, exposure_period, exposed_at, exposure_attributes';

/** A first assignment to store, unless the user has one already. */
interface FirstAssignment {
  project: string;
  experimentKey: string;
  userKey: string;
  variant: string;
  period: number;
  attributes: Record<string, string> | null;
}

const pairKey = (project: string, experimentKey: string, userKey: string) =>
  `${project}\u0000${experimentKey}\u0000${userKey}`;

/**
 * Inserts the first call of the batch for each user (DISTINCT ON, in call order), then returns the
 * inserted rows and, for users who had one already, the stored row.
 */
const INSERT_BATCH = `WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::jsonb[])
      WITH ORDINALITY AS t(project, experiment_key, user_key, variant, exposure_period, exposure_attributes, n)),
  ins AS (
    INSERT INTO experiments.user_assignments (project, experiment_key, user_key, variant, exposure_period, exposure_attributes)
    SELECT DISTINCT ON (project, experiment_key, user_key) project, experiment_key, user_key, variant, exposure_period, exposure_attributes
      FROM input ORDER BY project, experiment_key, user_key, n
    ON CONFLICT (project, experiment_key, user_key) DO NOTHING
    RETURNING project, experiment_key, user_key, ${COLUMNS})
  SELECT project, experiment_key, user_key, ${COLUMNS}, true AS inserted FROM ins
  UNION ALL
  SELECT a.project, a.experiment_key, a.user_key, a.variant, a.assigned_at, a.exposure_period, a.exposed_at,
         a.exposure_attributes, false
    FROM experiments.user_assignments a JOIN input i USING (project, experiment_key, user_key)
   WHERE NOT EXISTS (SELECT 1 FROM ins WHERE ins.project = i.project
     AND ins.experiment_key = i.experiment_key AND ins.user_key = i.user_key)`;

function toStored(
  project: string,
  experimentKey: string,
  userKey: string,
  r: AssignmentSqlRow,
): StoredAssignment {
  return {
    project,
    experimentKey,
    userKey,
    variant: r.variant,
    assignedAt: r.assigned_at,
    exposurePeriod: r.exposure_period,
    exposedAt: r.exposed_at,
    exposureAttributes: r.exposure_attributes,
  };
}

const MARK_PUBLISHED = `UPDATE experiments.user_assignments a SET exposure_published_at = now()
   FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS p(project, experiment_key, user_key, period)
  WHERE a.project = p.project AND a.experiment_key = p.experiment_key AND a.user_key = p.user_key
    AND a.exposure_period = p.period`;

function markParams(exposures: PendingExposure[]) {
  return [
    exposures.map((e) => e.project),
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
  private readonly inserts: DataLoader<FirstAssignment, StoredAssignment & { inserted: boolean }>;

  constructor(private readonly ds: DataSource) {
    this.pool = (ds.driver as unknown as { master: Pool }).master;
    this.inserts = new DataLoader((calls) => this.insertBatch(calls), {
      // Every call is a write: nothing is remembered, and the batch is what one turn of the loop brought.
      cache: false,
      batchScheduleFn: (send) => setImmediate(send),
      maxBatchSize: 500,
    });
  }

  /** One primary-key lookup. */
  async find(project: string, experimentKey: string, userKey: string): Promise<StoredAssignment | null> {
    const { rows } = await this.pool.query<AssignmentSqlRow>({
      // Named: prepared once per connection, so the hot path skips parsing and planning.
      name: 'experiments-assignment-find-in-project',
      text: `SELECT ${COLUMNS} FROM experiments.user_assignments
              WHERE project = $1 AND experiment_key = $2 AND user_key = $3`,
      values: [project, experimentKey, userKey],
    });
    const row = rows[0];
    return row ? toStored(project, experimentKey, userKey, row) : null;
  }

  /**
   * Stores the first assignment (exposed in `period`) or returns the one already stored. Concurrent
   * calls made in the same turn of the event loop go to PostgreSQL as one statement (one round trip,
   * one commit); see `insertBatch`.
   */
  insertOrGet(
    project: string,
    experimentKey: string,
    userKey: string,
    variant: string,
    period: number,
    attributes: Record<string, string> | null = null,
  ): Promise<StoredAssignment & { inserted: boolean }> {
    return this.inserts.load({ project, experimentKey, userKey, variant, period, attributes });
  }

  /**
   * The primary key decides between concurrent first assignments: exactly one INSERT wins, the others
   * wait for it and do nothing. Within a batch the first call for a user wins and the others are
   * answered with its row, not inserted. A loser's SELECT runs on the statement's snapshot, taken before
   * a concurrent winner committed, so it can come back empty; then a fresh read sees the winner's row.
   */
  private async insertBatch(
    calls: readonly FirstAssignment[],
  ): Promise<(StoredAssignment & { inserted: boolean })[]> {
    const { rows } = await this.pool.query<
      AssignmentSqlRow & { project: string; experiment_key: string; user_key: string; inserted: boolean }
    >({
      // Named: prepared once per connection, so the hot path skips parsing and planning.
      name: 'experiments-assignment-insert-batch-in-project',
      text: INSERT_BATCH,
      values: [
        calls.map((c) => c.project),
        calls.map((c) => c.experimentKey),
        calls.map((c) => c.userKey),
        calls.map((c) => c.variant),
        calls.map((c) => c.period),
        calls.map((c) => (c.attributes ? JSON.stringify(c.attributes) : null)),
      ],
    });
    const stored = new Map<string, AssignmentSqlRow & { inserted: boolean }>();
    for (const r of rows) stored.set(pairKey(r.project, r.experiment_key, r.user_key), r);
    return Promise.all(
      calls.map(async (c) => {
        const key = pairKey(c.project, c.experimentKey, c.userKey);
        const row = stored.get(key);
        if (row) {
          const inserted = row.inserted;
          // Only the first call for a user in this batch stored it; the others found it.
          if (inserted) stored.set(key, { ...row, inserted: false });
          return { ...toStored(c.project, c.experimentKey, c.userKey, row), inserted };
        }
        for (let attempt = 0; attempt < 3; attempt++) {
          const found = await this.find(c.project, c.experimentKey, c.userKey);
          if (found) return { ...found, inserted: false };
        }
        throw new Error(`assignment of "${c.userKey}" to "${c.experimentKey}" was neither stored nor found`);
      }),
    );
  }

  /**
   * Records the exposure of a returning user in a new analysis period. The condition on the period makes
   * it once per period: of concurrent callers, one updates and gets the row; the others get null.
   */
  async exposeInPeriod(
    project: string,
    experimentKey: string,
    userKey: string,
    period: number,
    attributes: Record<string, string> | null = null,
  ): Promise<StoredAssignment | null> {
    const { rows } = await this.pool.query<AssignmentSqlRow>({
      name: 'experiments-assignment-expose-in-project',
      text: `UPDATE experiments.user_assignments
          SET exposure_period = $4, exposed_at = now(), exposure_published_at = NULL, exposure_attributes = $5
        WHERE project = $1 AND experiment_key = $2 AND user_key = $3 AND exposure_period < $4
       RETURNING ${COLUMNS}`,
      values: [project, experimentKey, userKey, period, attributes ? JSON.stringify(attributes) : null],
    });
    const row = rows[0];
    return row ? toStored(project, experimentKey, userKey, row) : null;
  }

  /** A user's stored assignments in one project. */
  async listByUser(project: string, userKey: string, limit = 500): Promise<StoredAssignment[]> {
    const { rows } = await this.pool.query<AssignmentSqlRow & { experiment_key: string }>(
      `SELECT experiment_key, ${COLUMNS} FROM experiments.user_assignments
        WHERE user_key = $1 AND project = $2 ORDER BY assigned_at DESC, experiment_key LIMIT $3`,
      [userKey, project, limit],
    );
    return rows.map((r) => toStored(project, r.experiment_key, userKey, r));
  }

  /** Marks exposures published, each for its period only: a newer period's exposure stays pending. */
  async markPublished(exposures: PendingExposure[]): Promise<void> {
    if (exposures.length === 0) return;
    await this.pool.query(MARK_PUBLISHED, markParams(exposures));
  }

  /** Exposures stored but not published for `graceMs`, locked so relays on other replicas skip them. */
  async lockUnpublished(m: EntityManager, graceMs: number, limit: number): Promise<PendingExposure[]> {
    const rows: (AssignmentSqlRow & { project: string; experiment_key: string; user_key: string })[] =
      await m.query(
        `SELECT project, experiment_key, user_key, ${COLUMNS} FROM experiments.user_assignments
        WHERE exposure_published_at IS NULL AND exposed_at < now() - make_interval(secs => $1)
        ORDER BY exposed_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [graceMs / 1000, limit],
      );
    return rows.map((r) => toStored(r.project, r.experiment_key, r.user_key, r));
  }

  async markPublishedIn(m: EntityManager, exposures: PendingExposure[]): Promise<void> {
    await m.query(MARK_PUBLISHED, markParams(exposures));
  }

  get dataSource(): DataSource {
    return this.ds;
  }
}
