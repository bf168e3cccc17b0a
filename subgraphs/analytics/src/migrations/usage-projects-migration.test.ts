import { migrate } from '@switchyard/server-kit';
import { createTestDatabase, type TestDatabase } from '@switchyard/testkit';
import { UsageProjects1732300000420 } from './1732300000420-usage-projects';
import { migrations } from '.';

// Usage per project (issue 19) on a database filled by the version before it: every count kept
// before projects becomes the default project's, nothing lost, and the same key may then be counted
// in another project apart from it.

describe('migration UsageProjects1732300000420 on a database of the previous version', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('sy_usage_projects_migration');
  });
  afterAll(() => db?.drop());

  it('moves every count into default and keys counts by project', async () => {
    await migrate({
      url: db.url,
      schema: 'analytics',
      entities: [],
      migrations: migrations.slice(0, migrations.indexOf(UsageProjects1732300000420)),
    });
    await db.query(
      `INSERT INTO analytics.flag_usage_daily (flag_key, environment, day, variation, evaluations, last_evaluated_at)
       VALUES ('checkout', 'production', '2026-12-01', 'on', 7, '2026-12-01T10:00:00Z'),
              ('checkout', 'production', '2026-12-01', 'off', 2, '2026-12-01T11:00:00Z'),
              ('banner', 'staging', '2026-12-02', 'on', 1, '2026-12-02T09:00:00Z')`,
    );

    await migrate({ url: db.url, schema: 'analytics', entities: [], migrations });

    expect(
      await db.query(
        `SELECT project, flag_key, environment, to_char(day, 'YYYY-MM-DD') AS day, variation, evaluations::int AS n
           FROM analytics.flag_usage_daily ORDER BY flag_key, variation`,
      ),
    ).toEqual([
      {
        project: 'default',
        flag_key: 'banner',
        environment: 'staging',
        day: '2026-12-02',
        variation: 'on',
        n: 1,
      },
      {
        project: 'default',
        flag_key: 'checkout',
        environment: 'production',
        day: '2026-12-01',
        variation: 'off',
        n: 2,
      },
      {
        project: 'default',
        flag_key: 'checkout',
        environment: 'production',
        day: '2026-12-01',
        variation: 'on',
        n: 7,
      },
    ]);
    // The same flag key, day and variation in another project is a row of its own.
    await db.query(
      `INSERT INTO analytics.flag_usage_daily (project, flag_key, environment, day, variation, evaluations, last_evaluated_at)
       VALUES ('mobile', 'checkout', 'production', '2026-12-01', 'on', 3, now())`,
    );
    expect(
      await db.query(
        `SELECT project, evaluations::int AS n FROM analytics.flag_usage_daily
          WHERE flag_key = 'checkout' AND variation = 'on' ORDER BY project`,
      ),
    ).toEqual([
      { project: 'default', n: 7 },
      { project: 'mobile', n: 3 },
    ]);
  });
});
