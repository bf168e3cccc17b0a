import type { MigrationInterface, QueryRunner } from 'typeorm';

const SERIES_VIEW = `CREATE VIEW analytics.metric_series AS
      SELECT storage_key AS key, storage_key AS metric_key,
        CASE kind WHEN 'RATIO' THEN 'TOTAL' WHEN 'QUANTILE' THEN 'MEAN' ELSE kind END AS kind,
        event_name, conversion_window_hours
      FROM analytics.metrics
      UNION ALL
      SELECT storage_key || '/denominator', storage_key, 'TOTAL', denominator_event_name, conversion_window_hours
      FROM analytics.metrics WHERE kind = 'RATIO'
      UNION ALL
      SELECT storage_key || '/count', storage_key, 'COUNT', event_name, conversion_window_hours
      FROM analytics.metrics WHERE kind = 'QUANTILE'`;

/**
 * Metrics live in projects (issue 19): every metric made before projects is the default project's,
 * and keys are unique per project. Rollups, rebuild jobs and raw exposures keep one key column; they
 * name a metric (and an experiment) by its project-scoped key (projectScopedKey: the bare key in the
 * default project, so every stored rollup keeps meaning what it meant; `project/key` in another),
 * which `storage_key` holds, generated from the project and key. The series view follows it.
 */
export class MetricProjects1732300000430 implements MigrationInterface {
  name = 'MetricProjects1732300000430';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP VIEW analytics.metric_series');
    await q.query(`ALTER TABLE analytics.metrics ADD COLUMN project text NOT NULL DEFAULT 'default'`);
    await q.query('ALTER TABLE analytics.metrics ALTER COLUMN project DROP DEFAULT');
    await q.query(`ALTER TABLE analytics.metrics
      ADD COLUMN storage_key text NOT NULL
        GENERATED ALWAYS AS (CASE WHEN project = 'default' THEN key ELSE project || '/' || key END) STORED,
      DROP CONSTRAINT metrics_pkey,
      ADD PRIMARY KEY (project, key),
      ADD CONSTRAINT metrics_storage_key UNIQUE (storage_key)`);
    await q.query(SERIES_VIEW);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP VIEW analytics.metric_series');
    await q.query(`ALTER TABLE analytics.metrics
      DROP CONSTRAINT metrics_storage_key, DROP CONSTRAINT metrics_pkey, DROP COLUMN storage_key,
      ADD PRIMARY KEY (key), DROP COLUMN project`);
    await q.query(SERIES_VIEW.replaceAll('storage_key', 'key'));
  }
}
