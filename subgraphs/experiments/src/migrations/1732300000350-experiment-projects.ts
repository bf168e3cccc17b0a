import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Experiments live in projects (issue 19). Every experiment made before projects is the default
 * project's, and so are its stored assignments and alerts. Keys become unique per project; the
 * one-running-experiment-per-flag rule and layers hold within a project (a flag key, a layer key
 * names different things in two projects). The column default only fills existing rows (no table
 * rewrite) and is dropped: every write names its project.
 */
export class ExperimentProjects1732300000350 implements MigrationInterface {
  name = 'ExperimentProjects1732300000350';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['experiments', 'user_assignments', 'experiment_alerts']) {
      await q.query(`ALTER TABLE experiments.${table} ADD COLUMN project text NOT NULL DEFAULT 'default'`);
      await q.query(`ALTER TABLE experiments.${table} ALTER COLUMN project DROP DEFAULT`);
    }
    // The alert's reference and its once-per-period key were made unnamed: found by kind, not by name.
    const named: { conname: string }[] = await q.query(`SELECT conname FROM pg_constraint
      WHERE conrelid = 'experiments.experiment_alerts'::regclass AND contype IN ('f', 'u')`);
    for (const { conname } of named) {
      await q.query(`ALTER TABLE experiments.experiment_alerts DROP CONSTRAINT "${conname}"`);
    }
    await q.query(`ALTER TABLE experiments.experiments
      DROP CONSTRAINT experiments_key_key,
      ADD CONSTRAINT experiments_project_key UNIQUE (project, key)`);
    await q.query(`ALTER TABLE experiments.experiment_alerts
      ADD CONSTRAINT experiment_alerts_experiment FOREIGN KEY (project, experiment_key)
        REFERENCES experiments.experiments (project, key) ON DELETE CASCADE,
      ADD CONSTRAINT experiment_alerts_once
        UNIQUE (project, experiment_key, analysis_period, kind, metric_key, variant)`);
    await q.query('ALTER TABLE experiments.user_assignments DROP CONSTRAINT user_assignments_pkey');
    await q.query(
      'ALTER TABLE experiments.user_assignments ADD PRIMARY KEY (project, experiment_key, user_key)',
    );
    await q.query('DROP INDEX experiments.experiments_one_running_per_flag');
    await q.query(`CREATE UNIQUE INDEX experiments_one_running_per_flag
      ON experiments.experiments (project, flag_key, environment) WHERE status = 'RUNNING'`);
    await q.query('DROP INDEX experiments.experiments_flag');
    await q.query(
      'CREATE INDEX experiments_flag ON experiments.experiments (project, flag_key, created_at DESC)',
    );
    await q.query('DROP INDEX experiments.experiments_layer');
    await q.query(`CREATE INDEX experiments_layer ON experiments.experiments (project, layer_key)
      WHERE layer_key IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Only possible while every experiment is the default project's (keys would collide otherwise).
    await q.query('DROP INDEX experiments.experiments_layer');
    await q.query(
      'CREATE INDEX experiments_layer ON experiments.experiments (layer_key) WHERE layer_key IS NOT NULL',
    );
    await q.query('DROP INDEX experiments.experiments_flag');
    await q.query('CREATE INDEX experiments_flag ON experiments.experiments (flag_key, created_at DESC)');
    await q.query('DROP INDEX experiments.experiments_one_running_per_flag');
    await q.query(`CREATE UNIQUE INDEX experiments_one_running_per_flag
      ON experiments.experiments (flag_key, environment) WHERE status = 'RUNNING'`);
    await q.query('ALTER TABLE experiments.user_assignments DROP CONSTRAINT user_assignments_pkey');
    await q.query('ALTER TABLE experiments.user_assignments ADD PRIMARY KEY (experiment_key, user_key)');
    await q.query(`ALTER TABLE experiments.experiment_alerts
      DROP CONSTRAINT experiment_alerts_once, DROP CONSTRAINT experiment_alerts_experiment`);
    await q.query(`ALTER TABLE experiments.experiments
      DROP CONSTRAINT experiments_project_key, ADD CONSTRAINT experiments_key_key UNIQUE (key)`);
    await q.query(`ALTER TABLE experiments.experiment_alerts
      ADD CONSTRAINT experiment_alerts_experiment_key_fkey FOREIGN KEY (experiment_key)
        REFERENCES experiments.experiments (key) ON DELETE CASCADE,
      ADD UNIQUE (experiment_key, analysis_period, kind, metric_key, variant)`);
    for (const table of ['experiment_alerts', 'user_assignments', 'experiments']) {
      await q.query(`ALTER TABLE experiments.${table} DROP COLUMN project`);
    }
  }
}
