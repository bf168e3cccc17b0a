import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Results without a scan of per-user rows (issue 18's performance target):
 * - Σv³ in the day rollups, for the skewness check, which read every user's value before.
 * - Per-slice rollups for breakdowns: exposed users, and users with a value, Σv, Σv², per
 *   experiment × period × exposure attribute × value × variant × first-exposure day. Only recorded
 *   attributes get rows; the users without one ("(not recorded)") are the day rollups minus the
 *   slices. Kept in the same transactions as the day rollups.
 * - An index on each user's value: a capped metric reads only the users above its cap (capped
 *   sums are the rollups' sums minus their excess), and a percentile cap is found by counting down
 *   from the largest values.
 * Existing rows are filled from the per-user values and exposures, so nothing waits for a rebuild.
 */
export class SliceRollups1732300000308 implements MigrationInterface {
  name = 'SliceRollups1732300000308';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE analytics.metric_rollups ADD COLUMN sum_cubes numeric NOT NULL DEFAULT 0');
    await q.query(`UPDATE analytics.metric_rollups r SET sum_cubes = v.s3
      FROM (SELECT experiment_key, metric_key, analysis_period, variant, day, sum(value * value * value) AS s3
            FROM analytics.user_metric_values GROUP BY 1, 2, 3, 4, 5) v
      WHERE r.experiment_key = v.experiment_key AND r.metric_key = v.metric_key
        AND r.analysis_period = v.analysis_period AND r.variant = v.variant AND r.day = v.day`);
    await q.query(`CREATE TABLE analytics.exposure_slice_rollups (
      experiment_key text NOT NULL,
      analysis_period integer NOT NULL,
      attribute text NOT NULL,
      slice text NOT NULL,
      variant text NOT NULL,
      day date NOT NULL,
      users bigint NOT NULL,
      PRIMARY KEY (experiment_key, analysis_period, attribute, slice, variant, day)
    )`);
    await q.query(`CREATE TABLE analytics.metric_slice_rollups (
      experiment_key text NOT NULL,
      metric_key text NOT NULL,
      analysis_period integer NOT NULL,
      attribute text NOT NULL,
      slice text NOT NULL,
      variant text NOT NULL,
      day date NOT NULL,
      conversions bigint NOT NULL,
      sum numeric NOT NULL,
      sum_squares numeric NOT NULL,
      PRIMARY KEY (experiment_key, metric_key, analysis_period, attribute, slice, variant, day)
    )`);
    // A metric's rebuild deletes its rows across experiments.
    await q.query('CREATE INDEX metric_slice_rollups_metric ON analytics.metric_slice_rollups (metric_key)');
    await q.query(`INSERT INTO analytics.exposure_slice_rollups
      SELECT x.experiment_key, x.analysis_period, a.key, a.value, x.variant, (x.first_exposed_at AT TIME ZONE 'UTC')::date, count(*)
      FROM analytics.exposures x CROSS JOIN jsonb_each_text(x.attributes) a
      GROUP BY 1, 2, 3, 4, 5, 6`);
    await q.query(`INSERT INTO analytics.metric_slice_rollups
      SELECT v.experiment_key, v.metric_key, v.analysis_period, a.key, a.value, v.variant, v.day,
             count(*), sum(v.value), sum(v.value * v.value)
      FROM analytics.user_metric_values v
      JOIN analytics.exposures x USING (experiment_key, user_key, analysis_period)
      CROSS JOIN jsonb_each_text(x.attributes) a
      GROUP BY 1, 2, 3, 4, 5, 6, 7`);
    await q.query(`CREATE INDEX user_metric_values_value
      ON analytics.user_metric_values (experiment_key, metric_key, analysis_period, value)`);
    await q.query(`CREATE INDEX user_metric_pre_values_value
      ON analytics.user_metric_pre_values (experiment_key, metric_key, analysis_period, value)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX analytics.user_metric_pre_values_value');
    await q.query('DROP INDEX analytics.user_metric_values_value');
    await q.query('DROP TABLE analytics.metric_slice_rollups');
    await q.query('DROP TABLE analytics.exposure_slice_rollups');
    await q.query('ALTER TABLE analytics.metric_rollups DROP COLUMN sum_cubes');
  }
}
