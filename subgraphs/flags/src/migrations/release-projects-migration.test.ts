import { migrate } from '@switchyard/server-kit';
import { createTestDatabase, type TestDatabase } from '@switchyard/testkit';
import { ReleaseProjects1797000000700 } from './1797000000700-release-projects';
import { migrations } from '.';

// ReleaseProjects1797000000700 (issue 19) on a database filled by the version before it: each release
// plan, scheduled change and change request takes its flag's project (also a flag moved to another
// project before the upgrade), a segment's request stays in default, and afterwards the rows follow
// their flag when it moves.

describe('migration ReleaseProjects1797000000700 on a database of the previous version', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('sy_release_projects_migration');
  });
  afterAll(() => db?.drop());

  it("gives every plan, scheduled change and request its flag's project, and then follows moves", async () => {
    await migrate({
      url: db.url,
      schema: 'flags',
      entities: [],
      migrations: migrations.slice(0, migrations.indexOf(ReleaseProjects1797000000700)),
    });
    await db.query(`INSERT INTO flags.projects (key, name) VALUES ('mobile', 'Mobile'), ('web', 'Web')`);
    const [stays, moved] = await db.query<{ id: string }>(
      `INSERT INTO flags.flags (key, name, type, variations) VALUES
         ('checkout', 'Checkout', 'BOOLEAN', '[{"key":"on","value":true},{"key":"off","value":false}]'),
         ('banner', 'Banner', 'BOOLEAN', '[{"key":"on","value":true},{"key":"off","value":false}]')
       RETURNING id`,
    );
    const serve = '{"variation":"off"}';
    for (const flag of [stays!, moved!]) {
      const key = flag === stays ? 'checkout' : 'banner';
      await db.query(
        `INSERT INTO flags.release_plans (flag_id, flag_key, environment_key, variation, stages, status,
           stage_started_at, base_serve, applied_serve)
         VALUES ($1, $2, 'production', 'on', '[{"percent":100,"minDurationMinutes":1}]', 'COMPLETED', now(), $3, $3)`,
        [flag.id, key, serve],
      );
      await db.query(
        `INSERT INTO flags.scheduled_changes (flag_id, flag_key, environment_key, due_at, kind, change,
           written_against_version, base) VALUES ($1, $2, 'staging', now(), 'ENABLE', '{}', 1, '{}')`,
        [flag.id, key],
      );
      await db.query(
        `INSERT INTO flags.change_requests (flag_id, flag_key, environment_key, kind, change,
           written_against_version, base, status, required_approvals, created_by, created_by_id)
         VALUES ($1, $2, 'production', 'ENABLE', '{}', 1, '{}', 'SUBMITTED', 1, 'ann', 'u1')`,
        [flag.id, key],
      );
    }
    await db.query(
      `INSERT INTO flags.segments (key, name) VALUES ('beta', 'Beta');
       INSERT INTO flags.change_requests (segment_key, environment_key, kind, change,
         written_against_version, status, required_approvals, created_by, created_by_id)
       VALUES ('beta', 'production', 'SEGMENT', '{}', 1, 'DRAFT', 1, 'ann', 'u1')`,
    );
    // Moved by the previous version's moveFlag, which left its plans and requests as they were.
    await db.query(`UPDATE flags.flags SET project = 'mobile' WHERE key = 'banner'`);

    await migrate({ url: db.url, schema: 'flags', entities: [], migrations });

    const projects = (table: string) =>
      db.query(`SELECT coalesce(flag_key, segment_key) AS key, project FROM flags.${table} ORDER BY 1`);
    for (const table of ['release_plans', 'scheduled_changes']) {
      expect(await db.query(`SELECT flag_key AS key, project FROM flags.${table} ORDER BY 1`)).toEqual([
        { key: 'banner', project: 'mobile' },
        { key: 'checkout', project: 'default' },
      ]);
    }
    expect(await projects('change_requests')).toEqual([
      { key: 'banner', project: 'mobile' },
      { key: 'beta', project: 'default' },
      { key: 'checkout', project: 'default' },
    ]);

    // After the upgrade a move carries the flag's plans, changes and requests along.
    await db.query(`UPDATE flags.flags SET project = 'web' WHERE key = 'checkout'`);
    for (const table of ['release_plans', 'scheduled_changes', 'change_requests']) {
      expect(await db.query(`SELECT project FROM flags.${table} WHERE flag_key = 'checkout'`)).toEqual([
        { project: 'web' },
      ]);
    }
    // And a row cannot name a flag that is not in its project.
    await expect(
      db.query(`UPDATE flags.release_plans SET project = 'default' WHERE flag_key = 'banner'`),
    ).rejects.toThrow(/release_plans_project_flag/);
  });
});
