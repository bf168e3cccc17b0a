import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * RATIO and QUANTILE metrics (issue 18), and the index release guards read events by.
 *
 * Rollups keep one value per user and *series*; a metric is one series, a RATIO metric also has
 * its denominator's (`<key>/denominator`), a QUANTILE metric the count of its events
 * (`<key>/count`, so a user's value is their mean). `metric_series` lists them for the rollup
 * code; metric keys cannot contain `/`, so a series key never collides with a metric's. Series
 * kind TOTAL sums `value`, an event without one counting 1. Existing metrics are CONVERSION, MEAN
 * or COUNT: they keep one series of their own kind, so nothing is rewritten.
 */
export class RatioQuantileMetrics1732300000307 implements MigrationInterface {
  name = 'RatioQuantileMetrics1732300000307';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analytics.metrics
      DROP CONSTRAINT metrics_kind_check,
      ADD COLUMN denominator_event_name text,
      ADD COLUMN quantile double precision,
      ADD CONSTRAINT metrics_kind_check CHECK (kind IN ('CONVERSION', 'MEAN', 'COUNT', 'RATIO', 'QUANTILE')),
      ADD CONSTRAINT metrics_ratio_valid CHECK ((kind = 'RATIO') = (denominator_event_name IS NOT NULL)),
      ADD CONSTRAINT metrics_quantile_valid CHECK (
        (kind = 'QUANTILE') = (quantile IS NOT NULL) AND (quantile IS NULL OR (quantile > 0 AND quantile < 1)))`);
    await q.query(`CREATE VIEW analytics.metric_series AS
      SELECT key, key AS metric_key,
        CASE kind WHEN 'RATIO' THEN 'TOTAL' WHEN 'QUANTILE' THEN 'MEAN' ELSE kind END AS kind,
        event_name, conversion_window_hours
      FROM analytics.metrics
      UNION ALL
      SELECT key || '/denominator', key, 'TOTAL', denominator_event_name, conversion_window_hours
      FROM analytics.metrics WHERE kind = 'RATIO'
      UNION ALL
      SELECT key || '/count', key, 'COUNT', event_name, conversion_window_hours
      FROM analytics.metrics WHERE kind = 'QUANTILE'`);
    // Release guards read one event name's events since a stage began.
    await q.query('CREATE INDEX events_name_time ON analytics.events (event_name, occurred_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX analytics.events_name_time');
    await q.query('DROP VIEW analytics.metric_series');
    await q.query(`DELETE FROM analytics.metrics WHERE kind IN ('RATIO', 'QUANTILE')`);
    await q.query(`ALTER TABLE analytics.metrics
      DROP CONSTRAINT metrics_quantile_valid, DROP CONSTRAINT metrics_ratio_valid, DROP CONSTRAINT metrics_kind_check,
      DROP COLUMN quantile, DROP COLUMN denominator_event_name,
      ADD CONSTRAINT metrics_kind_check CHECK (kind IN ('CONVERSION', 'MEAN', 'COUNT'))`);
  }
}
