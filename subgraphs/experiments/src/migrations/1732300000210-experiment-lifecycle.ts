import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ExperimentLifecycle1732300000210 implements MigrationInterface {
  name = 'ExperimentLifecycle1732300000210';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE experiments.experiments
      ADD COLUMN audience jsonb NOT NULL DEFAULT '{"segments": [], "conditions": []}',
      ADD COLUMN primary_metric text,
      ADD COLUMN secondary_metrics text[] NOT NULL DEFAULT '{}',
      ADD COLUMN guardrail_metrics text[] NOT NULL DEFAULT '{}',
      ADD COLUMN min_sample_size int CHECK (min_sample_size > 0),
      ADD COLUMN alpha double precision NOT NULL DEFAULT 0.05 CHECK (alpha > 0 AND alpha < 1),
      ADD COLUMN layer_key text,
      ADD COLUMN layer_range_start double precision,
      ADD COLUMN layer_range_end double precision,
      ADD COLUMN starts_at timestamptz,
      ADD COLUMN ends_at timestamptz,
      ADD COLUMN schedule_error text,
      ADD COLUMN started_at timestamptz,
      ADD COLUMN analysis_started_at timestamptz,
      ADD COLUMN completed_at timestamptz,
      ADD COLUMN archived_at timestamptz,
      ADD COLUMN winner text,
      ADD COLUMN created_by text,
      ADD COLUMN updated_by text,
      ADD CONSTRAINT experiments_layer_slice CHECK (
        (layer_key IS NULL AND layer_range_start IS NULL AND layer_range_end IS NULL)
        OR (layer_range_start >= 0 AND layer_range_end <= 100 AND layer_range_start < layer_range_end))`);
    // The backstop for "one running experiment per flag and environment": the service checks first
    // (under an advisory lock) to give a readable CONFLICT, this index makes a race impossible.
    await q.query(`CREATE UNIQUE INDEX experiments_one_running_per_flag
      ON experiments.experiments (flag_key, environment) WHERE status = 'RUNNING'`);
    await q.query(
      `CREATE INDEX experiments_layer ON experiments.experiments (layer_key) WHERE layer_key IS NOT NULL`,
    );
    // The scheduler's scans: only rows with a pending transition are indexed.
    await q.query(`CREATE INDEX experiments_due_start ON experiments.experiments (starts_at)
      WHERE status = 'DRAFT' AND starts_at IS NOT NULL AND archived_at IS NULL`);
    await q.query(`CREATE INDEX experiments_due_end ON experiments.experiments (ends_at)
      WHERE status IN ('RUNNING', 'PAUSED') AND ends_at IS NOT NULL`);

    // Sticky assignments. The primary key is what makes concurrent first assignments write one row.
    // The row doubles as the exposure outbox: exposure_published_at stays null until the exposure
    // is on the bus, and a relay re-publishes rows left unpublished by a crash.
    await q.query(`CREATE TABLE experiments.user_assignments (
      experiment_key text NOT NULL,
      user_key text NOT NULL,
      variant text NOT NULL,
      assigned_at timestamptz NOT NULL DEFAULT now(),
      exposure_published_at timestamptz,
      PRIMARY KEY (experiment_key, user_key)
    )`);
    await q.query(
      `CREATE INDEX user_assignments_user ON experiments.user_assignments (user_key, assigned_at DESC)`,
    );
    await q.query(`CREATE INDEX user_assignments_unpublished ON experiments.user_assignments (assigned_at)
      WHERE exposure_published_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE experiments.user_assignments`);
    await q.query(`DROP INDEX experiments.experiments_due_end`);
    await q.query(`DROP INDEX experiments.experiments_due_start`);
    await q.query(`DROP INDEX experiments.experiments_layer`);
    await q.query(`DROP INDEX experiments.experiments_one_running_per_flag`);
    await q.query(`ALTER TABLE experiments.experiments
      DROP CONSTRAINT experiments_layer_slice,
      DROP COLUMN audience, DROP COLUMN primary_metric, DROP COLUMN secondary_metrics,
      DROP COLUMN guardrail_metrics, DROP COLUMN min_sample_size, DROP COLUMN alpha, DROP COLUMN layer_key,
      DROP COLUMN layer_range_start, DROP COLUMN layer_range_end, DROP COLUMN starts_at, DROP COLUMN ends_at,
      DROP COLUMN schedule_error, DROP COLUMN started_at, DROP COLUMN analysis_started_at,
      DROP COLUMN completed_at, DROP COLUMN archived_at, DROP COLUMN winner, DROP COLUMN created_by,
      DROP COLUMN updated_by`);
  }
}
