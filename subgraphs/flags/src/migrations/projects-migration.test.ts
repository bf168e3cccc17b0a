import { migrate } from '@switchyard/server-kit';
import { createTestDatabase, type TestDatabase } from '@switchyard/testkit';
import { Projects1797000000100 } from './1797000000100-projects';
import { migrations } from '.';

// The projects migration (issue 19) on a database filled by the version before it: everything moves
// into `default` with nothing lost, default uses every environment in their order, and keys become
// unique per project instead of across the installation.

describe('migration Projects1797000000100 on a database of the previous version', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('sy_projects_migration');
  });
  afterAll(() => db?.drop());

  it('moves every flag, segment, lifecycle row, code reference, recent context and key into default', async () => {
    await migrate({
      url: db.url,
      schema: 'flags',
      entities: [],
      // The version before: every migration up to this one (later ones build on it).
      migrations: migrations.slice(0, migrations.indexOf(Projects1797000000100)),
    });
    await db.query(`INSERT INTO flags.environments (key, name, sort_order) VALUES ('qa', 'QA', 1)`);
    const flags = await db.query<{ id: string }>(
      `INSERT INTO flags.flags (key, name, type, variations) VALUES
         ('checkout', 'Checkout', 'BOOLEAN', '[{"key":"on","value":true},{"key":"off","value":false}]'),
         ('banner', 'Banner', 'BOOLEAN', '[{"key":"on","value":true},{"key":"off","value":false}]') RETURNING id`,
    );
    await db.query(
      `INSERT INTO flags.flag_environments (flag_id, environment_key, off_variation, fallthrough)
       SELECT f.id, e.key, 'off', '{"variation":"on"}' FROM flags.flags f CROSS JOIN flags.environments e`,
    );
    await db.query(`INSERT INTO flags.segments (key, name) VALUES ('beta', 'Beta')`);
    await db.query(
      `INSERT INTO flags.flag_lifecycle (flag_key, state, since, computed_at) VALUES ('checkout', 'LIVE', now(), now())`,
    );
    await db.query(
      `INSERT INTO flags.code_references (repository, flag_key, path, line, context) VALUES ('web', 'checkout', 'a.ts', 3, 'x')`,
    );
    await db.query(
      `INSERT INTO flags.recent_contexts (environment, context_key) VALUES ('production', 'user-1')`,
    );
    await db.query(
      `INSERT INTO flags.code_reference_uploads (repository, commit, reference_count, uploaded_by) VALUES ('web', 'abc', 1, 'ci')`,
    );
    await db.query(
      `INSERT INTO flags.api_keys (name, kind, environment, prefix, secret_hash) VALUES ('web', 'client', 'production', 'sy_client_a', 'h')`,
    );
    const flagEnvironmentsBefore = await db.query(
      'SELECT * FROM flags.flag_environments ORDER BY flag_id, environment_key',
    );

    await migrate({ url: db.url, schema: 'flags', entities: [], migrations });

    expect(await db.query('SELECT key, name FROM flags.projects')).toEqual([
      { key: 'default', name: 'Default' },
    ]);
    expect(
      await db.query(
        `SELECT environment_key AS key, sort_order AS "order" FROM flags.project_environments
          WHERE project_key = 'default' ORDER BY sort_order`,
      ),
    ).toEqual([
      { key: 'development', order: 0 },
      { key: 'qa', order: 1 },
      { key: 'staging', order: 2 },
      { key: 'production', order: 3 },
    ]);
    expect(await db.query('SELECT key, project FROM flags.flags ORDER BY key')).toEqual([
      { key: 'banner', project: 'default' },
      { key: 'checkout', project: 'default' },
    ]);
    expect(await db.query('SELECT key, project FROM flags.segments')).toEqual([
      { key: 'beta', project: 'default' },
    ]);
    expect(await db.query('SELECT flag_key, project, state FROM flags.flag_lifecycle')).toEqual([
      { flag_key: 'checkout', project: 'default', state: 'LIVE' },
    ]);
    expect(await db.query('SELECT flag_key, project FROM flags.code_references')).toEqual([
      { flag_key: 'checkout', project: 'default' },
    ]);
    expect(await db.query('SELECT repository, project FROM flags.code_reference_uploads')).toEqual([
      { repository: 'web', project: 'default' },
    ]);
    expect(await db.query('SELECT context_key, project FROM flags.recent_contexts')).toEqual([
      { context_key: 'user-1', project: 'default' },
    ]);
    expect(await db.query('SELECT name, project FROM flags.api_keys')).toEqual([
      { name: 'web', project: 'default' },
    ]);
    expect(await db.query('SELECT * FROM flags.flag_environments ORDER BY flag_id, environment_key')).toEqual(
      flagEnvironmentsBefore,
    );
    expect(flags).toHaveLength(2);

    // Keys are unique within a project, no longer across the installation.
    await db.query(`INSERT INTO flags.projects (key, name) VALUES ('mobile', 'Mobile')`);
    await db.query(
      `INSERT INTO flags.flags (key, name, type, variations, project) VALUES ('checkout', 'Mobile checkout', 'BOOLEAN', '[]', 'mobile')`,
    );
    await db.query(
      `INSERT INTO flags.segments (key, name, project) VALUES ('beta', 'Mobile beta', 'mobile')`,
    );
    await expect(
      db.query(
        `INSERT INTO flags.flags (key, name, type, variations) VALUES ('checkout', 'Again', 'BOOLEAN', '[]')`,
      ),
    ).rejects.toThrow(/flags_project_key/);
    await expect(
      db.query(
        `INSERT INTO flags.flags (key, name, type, variations, project) VALUES ('x', 'x', 'BOOLEAN', '[]', 'nowhere')`,
      ),
    ).rejects.toThrow(/foreign key/);
    // A flag's lifecycle row follows it into another project and goes with it.
    await db.query(
      `UPDATE flags.flags SET project = 'mobile', key = 'checkout-web' WHERE project = 'default' AND key = 'checkout'`,
    );
    expect(await db.query('SELECT flag_key, project FROM flags.flag_lifecycle')).toEqual([
      { flag_key: 'checkout-web', project: 'mobile' },
    ]);
    await db.query(`DELETE FROM flags.flags WHERE key = 'checkout-web'`);
    expect(await db.query('SELECT flag_key FROM flags.flag_lifecycle')).toEqual([]);
  });
});
