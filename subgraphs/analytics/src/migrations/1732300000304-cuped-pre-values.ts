import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CUPED: each exposed user's value of each metric over the same window length before their first
 * exposure (the pre-period), kept like the post-exposure values, and the sums CUPED needs added
 * to the rollups (Σx, Σx², Σxy per experiment × metric × period × variant × day), so results
 * read rollups only. Existing rollups get zeros: their pre-period is filled by
 * `recomputeRollups` (or a metric rebuild); until then CUPED reports no pre-period data.
 */
export class CupedPreValues1732300000304 implements MigrationInterface {
  name = 'CupedPreValues1732300000304';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE analytics.user_metric_pre_values (
      experiment_key text NOT NULL,
      user_key text NOT NULL,
      metric_key text NOT NULL,
      analysis_period integer NOT NULL,
      variant text NOT NULL,
      day date NOT NULL,
      value numeric NOT NULL,
      PRIMARY KEY (experiment_key, user_key, metric_key, analysis_period)
    )`);
    await q.query(
      `CREATE INDEX user_metric_pre_values_metric ON analytics.user_metric_pre_values (metric_key)`,
    );
    // Constant defaults: no table rewrite.
    await q.query(`ALTER TABLE analytics.metric_rollups
      ADD COLUMN pre_sum numeric NOT NULL DEFAULT 0,
      ADD COLUMN pre_sum_squares numeric NOT NULL DEFAULT 0,
      ADD COLUMN cross_sum numeric NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analytics.metric_rollups
      DROP COLUMN pre_sum, DROP COLUMN pre_sum_squares, DROP COLUMN cross_sum`);
    await q.query(`DROP TABLE analytics.user_metric_pre_values`);
  }
}
