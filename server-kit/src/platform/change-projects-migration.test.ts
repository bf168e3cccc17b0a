import { createTestDatabase, type TestDatabase } from '@switchyard/testkit';
import { migrate, runMigrationSet } from '../database';
import { ChangeProjects1797000000000, platformMigrations } from './migrations';

// The projects migration of the platform tables (issue 19) on a database filled by the version before
// it: changes and audit entries of flags, segments, experiments, metrics and the plans and requests on
// them become the default project's; installation-wide ones (users, keys, environments) name none.
// The audit log stays append-only afterwards.

describe('migration ChangeProjects1797000000000 on a database of the previous version', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('sy_change_projects_migration');
  });
  afterAll(() => db?.drop());

  it('names the default project on every project-owned change and entry, and nothing else', async () => {
    await db.query('CREATE SCHEMA IF NOT EXISTS platform');
    await runMigrationSet(
      db.url,
      'platform',
      platformMigrations.filter((m) => m !== ChangeProjects1797000000000),
    );
    const resources = [
      ['flag', 'checkout'],
      ['segment', 'beta'],
      ['experiment', 'redesign'],
      ['metric', 'revenue'],
      ['change_request', '6f1c'],
      ['user', 'ada'],
      ['apiKey', 'k1'],
      ['environment', 'qa'],
    ];
    for (const [i, [type, key]] of resources.entries()) {
      await db.query(
        `INSERT INTO platform.config_changes (seq, kind, resource_type, resource_key) VALUES ($1, 'X', $2, $3)`,
        [i + 1, type, key],
      );
      await db.query(
        `INSERT INTO platform.audit_log (change_seq, actor_id, actor_name, action, resource_type, resource_key)
         VALUES ($1, 'u1', 'Ada', 'x.changed', $2, $3)`,
        [i + 1, type, key],
      );
    }

    await migrate({ url: db.url, schema: 'platform_test', entities: [], migrations: [] });

    const expected = resources.map(([type, key]) => ({
      resource_type: type,
      resource_key: key,
      project: ['user', 'apiKey', 'environment'].includes(type!) ? null : 'default',
    }));
    expect(
      await db.query('SELECT resource_type, resource_key, project FROM platform.config_changes ORDER BY seq'),
    ).toEqual(expected);
    expect(
      await db.query(
        'SELECT resource_type, resource_key, project FROM platform.audit_log ORDER BY change_seq',
      ),
    ).toEqual(expected);
    await expect(db.query(`UPDATE platform.audit_log SET project = 'other'`)).rejects.toThrow(/append-only/);
  });
});
