import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Analysis periods: a restarted experiment counts its users again, each from their exposure in
 * the new period, so exposures, user values and rollups are kept per period. Existing rows are
 * period 1 (what every exposure was before restarts existed).
 */
export class AnalysisPeriods1732300000303 implements MigrationInterface {
  name = 'AnalysisPeriods1732300000303';

  async up(q: QueryRunner): Promise<void> {
    // A constant default: no table rewrite, even with millions of raw events.
    await q.query(`ALTER TABLE analytics.events ADD COLUMN analysis_period integer NOT NULL DEFAULT 1`);
    for (const [table, key] of [
      ['exposures', 'experiment_key, user_key, analysis_period'],
      ['user_metric_values', 'experiment_key, user_key, metric_key, analysis_period'],
      ['exposure_rollups', 'experiment_key, analysis_period, variant, day'],
      ['metric_rollups', 'experiment_key, metric_key, analysis_period, variant, day'],
    ]) {
      await q.query(`ALTER TABLE analytics.${table} ADD COLUMN analysis_period integer NOT NULL DEFAULT 1`);
      await q.query(`ALTER TABLE analytics.${table} DROP CONSTRAINT ${table}_pkey`);
      await q.query(`ALTER TABLE analytics.${table} ADD PRIMARY KEY (${key})`);
    }
    // Per experiment: unique exposed users over all periods (`Experiment.exposures`), and a
    // version bumped in every transaction that changes its rollups, which keys cached results.
    await q.query(`CREATE TABLE analytics.experiment_rollup_state (
      experiment_key text PRIMARY KEY,
      users bigint NOT NULL,
      version bigint NOT NULL
    )`);
    await q.query(`INSERT INTO analytics.experiment_rollup_state (experiment_key, users, version)
      SELECT experiment_key, count(*), 1 FROM analytics.exposures GROUP BY experiment_key`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE analytics.experiment_rollup_state`);
    for (const [table, key] of [
      ['exposures', 'experiment_key, user_key'],
      ['user_metric_values', 'experiment_key, user_key, metric_key'],
      ['exposure_rollups', 'experiment_key, variant, day'],
      ['metric_rollups', 'experiment_key, metric_key, variant, day'],
    ]) {
      await q.query(`DELETE FROM analytics.${table} WHERE analysis_period > 1`);
      await q.query(`ALTER TABLE analytics.${table} DROP CONSTRAINT ${table}_pkey`);
      await q.query(`ALTER TABLE analytics.${table} DROP COLUMN analysis_period`);
      await q.query(`ALTER TABLE analytics.${table} ADD PRIMARY KEY (${key})`);
    }
    await q.query(`ALTER TABLE analytics.events DROP COLUMN analysis_period`);
  }
}
