import { migrate } from '@switchyard/server-kit';
import { createTestDatabase, type TestDatabase } from '@switchyard/testkit';
import { MetricProjects1732300000430 } from './1732300000430-metric-projects';
import { migrations } from '.';

// The metric projects migration (issue 19) on a database filled by the version before it: every metric
// becomes the default project's with nothing lost, its series keep their keys (so stored rollups keep
// their meaning), and afterwards another project may use the same key under its own series key.

describe('migration MetricProjects1732300000430 on a database of the previous version', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('sy_metric_projects_migration');
  });
  afterAll(() => db?.drop());

  it('moves every metric into default; series keep their keys; keys are unique per project after', async () => {
    await migrate({
      url: db.url,
      schema: 'analytics',
      entities: [],
      migrations: migrations.slice(0, migrations.indexOf(MetricProjects1732300000430)),
    });
    await db.query(
      `INSERT INTO analytics.metrics (key, name, kind, event_name, denominator_event_name, conversion_window_hours, version)
       VALUES ('purchase', 'Purchase', 'CONVERSION', 'purchase', NULL, 168, 3),
              ('revenue-per-session', 'Revenue per session', 'RATIO', 'revenue', 'session', 24, 1)`,
    );
    await db.query(
      `INSERT INTO analytics.metric_rollups (experiment_key, metric_key, analysis_period, variant, day, conversions, sum, sum_squares)
       VALUES ('exp-a', 'purchase', 1, 'control', '2026-12-01', 3, 3, 3)`,
    );
    const metricsBefore = await db.query('SELECT * FROM analytics.metrics ORDER BY key');
    const seriesBefore = await db.query('SELECT * FROM analytics.metric_series ORDER BY key');
    const rollupsBefore = await db.query('SELECT * FROM analytics.metric_rollups');

    await migrate({ url: db.url, schema: 'analytics', entities: [], migrations });

    expect(await db.query('SELECT * FROM analytics.metrics ORDER BY key')).toEqual(
      metricsBefore.map((m) => ({
        ...(m as object),
        project: 'default',
        storage_key: (m as { key: string }).key,
      })),
    );
    expect(await db.query('SELECT * FROM analytics.metric_series ORDER BY key')).toEqual(seriesBefore);
    expect(await db.query('SELECT * FROM analytics.metric_rollups')).toEqual(rollupsBefore);

    await db.query(
      `INSERT INTO analytics.metrics (project, key, name, kind, event_name, denominator_event_name, conversion_window_hours, version)
       VALUES ('checkout', 'revenue-per-session', 'Checkout revenue', 'RATIO', 'checkout-revenue', 'visit', 24, 1)`,
    );
    expect(
      await db.query(
        `SELECT key, metric_key, event_name FROM analytics.metric_series WHERE metric_key LIKE 'checkout/%' ORDER BY key`,
      ),
    ).toEqual([
      {
        key: 'checkout/revenue-per-session',
        metric_key: 'checkout/revenue-per-session',
        event_name: 'checkout-revenue',
      },
      {
        key: 'checkout/revenue-per-session/denominator',
        metric_key: 'checkout/revenue-per-session',
        event_name: 'visit',
      },
    ]);
    await expect(
      db.query(
        `INSERT INTO analytics.metrics (project, key, name, kind, event_name, conversion_window_hours, version)
         VALUES ('default', 'purchase', 'Again', 'CONVERSION', 'x', 1, 1)`,
      ),
    ).rejects.toThrow(/metrics_pkey/);
  });
});
