import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MetricsRollupsUsage1732300000301 implements MigrationInterface {
  name = 'MetricsRollupsUsage1732300000301';

  async up(q: QueryRunner): Promise<void> {
    // Rollups recompute one user's metric values from their events: looked up by user.
    // Partial, so exposures and evaluations (most of the volume) do not pay for it.
    await q.query(`CREATE INDEX events_user_metric ON analytics.events (user_key, event_name, occurred_at)
      WHERE type IN ('CONVERSION', 'CUSTOM')`);
    // A metric event finds the experiments its user is in.
    await q.query(`CREATE INDEX exposures_user ON analytics.exposures (user_key)`);

    await q.query(`CREATE TABLE analytics.metrics (
      key text PRIMARY KEY,
      name text NOT NULL,
      description text,
      kind text NOT NULL CHECK (kind IN ('CONVERSION', 'MEAN', 'COUNT')),
      event_name text NOT NULL,
      conversion_window_hours integer NOT NULL CHECK (conversion_window_hours > 0),
      higher_is_better boolean NOT NULL DEFAULT true,
      guardrail_threshold double precision,
      version integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      created_by text,
      updated_by text
    )`);

    // Each exposed user's value of each metric, and where it is counted (variant and
    // exposure day), so a change can be subtracted exactly. A row exists when the user has an
    // event in the metric's window, so `conversions` counts users with at least one.
    // numeric, not float: sums are then exact and independent of order, so incremental
    // rollups and a rebuild agree to the last digit.
    await q.query(`CREATE TABLE analytics.user_metric_values (
      experiment_key text NOT NULL,
      user_key text NOT NULL,
      metric_key text NOT NULL,
      variant text NOT NULL,
      day date NOT NULL,
      value numeric NOT NULL,
      PRIMARY KEY (experiment_key, user_key, metric_key)
    )`);
    await q.query(`CREATE INDEX user_metric_values_metric ON analytics.user_metric_values (metric_key)`);

    // Unique exposed users per experiment × variant × first-exposure day.
    await q.query(`CREATE TABLE analytics.exposure_rollups (
      experiment_key text NOT NULL,
      variant text NOT NULL,
      day date NOT NULL,
      users bigint NOT NULL,
      PRIMARY KEY (experiment_key, variant, day)
    )`);
    // Sufficient statistics per experiment × metric × variant × first-exposure day.
    await q.query(`CREATE TABLE analytics.metric_rollups (
      experiment_key text NOT NULL,
      metric_key text NOT NULL,
      variant text NOT NULL,
      day date NOT NULL,
      conversions bigint NOT NULL,
      sum numeric NOT NULL,
      sum_squares numeric NOT NULL,
      PRIMARY KEY (experiment_key, metric_key, variant, day)
    )`);

    await q.query(`CREATE TABLE analytics.flag_usage_daily (
      flag_key text NOT NULL,
      environment text NOT NULL,
      day date NOT NULL,
      variation text NOT NULL,
      evaluations bigint NOT NULL,
      last_evaluated_at timestamptz NOT NULL,
      PRIMARY KEY (flag_key, environment, day, variation)
    )`);
    await q.query(`CREATE INDEX flag_usage_daily_day ON analytics.flag_usage_daily (day)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE analytics.flag_usage_daily`);
    await q.query(`DROP TABLE analytics.metric_rollups`);
    await q.query(`DROP TABLE analytics.exposure_rollups`);
    await q.query(`DROP TABLE analytics.user_metric_values`);
    await q.query(`DROP TABLE analytics.metrics`);
    await q.query(`DROP INDEX analytics.exposures_user`);
    await q.query(`DROP INDEX analytics.events_user_metric`);
  }
}
