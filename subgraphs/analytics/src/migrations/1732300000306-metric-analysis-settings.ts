import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-metric analysis settings (issue 18): capping of per-user values (FIXED cap or PERCENTILE
 * winsorization), one-sided tests, and an informative prior on the relative effect. Nullable or
 * defaulted columns: existing metrics keep their analysis (uncapped, two-sided, flat prior), and
 * nothing is rewritten. The checks mirror the service's validation, so a bad row cannot exist.
 */
export class MetricAnalysisSettings1732300000306 implements MigrationInterface {
  name = 'MetricAnalysisSettings1732300000306';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analytics.metrics
      ADD COLUMN cap_type text,
      ADD COLUMN cap_value double precision,
      ADD COLUMN one_sided boolean NOT NULL DEFAULT false,
      ADD COLUMN prior_mean double precision,
      ADD COLUMN prior_std_dev double precision,
      ADD CONSTRAINT metrics_capping_valid CHECK (
        (cap_type IS NULL AND cap_value IS NULL)
        OR (cap_type = 'FIXED' AND cap_value > 0)
        OR (cap_type = 'PERCENTILE' AND cap_value > 0 AND cap_value < 1)),
      ADD CONSTRAINT metrics_prior_valid CHECK (
        (prior_mean IS NULL AND prior_std_dev IS NULL)
        OR (prior_mean IS NOT NULL AND prior_std_dev > 0))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analytics.metrics
      DROP CONSTRAINT metrics_prior_valid, DROP CONSTRAINT metrics_capping_valid,
      DROP COLUMN prior_std_dev, DROP COLUMN prior_mean, DROP COLUMN one_sided,
      DROP COLUMN cap_value, DROP COLUMN cap_type`);
  }
}
