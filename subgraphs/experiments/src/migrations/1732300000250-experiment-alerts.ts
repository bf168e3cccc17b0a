import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Experiment alerts (issue 17): what the watcher noticed in a running experiment's results
 * (significance, a violated guardrail, a sample ratio mismatch). The unique key makes each finding
 * announced once per analysis period, however many replicas watch at the same moment.
 */
export class ExperimentAlerts1732300000250 implements MigrationInterface {
  name = 'ExperimentAlerts1732300000250';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE experiments.experiment_alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        experiment_key text NOT NULL REFERENCES experiments.experiments(key) ON DELETE CASCADE,
        analysis_period int NOT NULL,
        kind text NOT NULL,
        metric_key text NOT NULL DEFAULT '',
        variant text NOT NULL DEFAULT '',
        detail jsonb NOT NULL,
        noticed_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (experiment_key, analysis_period, kind, metric_key, variant)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE experiments.experiment_alerts');
  }
}
