import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['release_plans', 'scheduled_changes', 'change_requests'] as const;

/**
 * Release plans, scheduled changes and change requests belong to their flag's (or segment's) project
 * (issue 19). Each row takes the project its flag is in now: a flag moved since its plan was made has
 * taken its plans along. A request about a segment names a segment of `default`, where all of them were
 * made. The rows follow their flag by (project, flag_key), so a later move carries its history along.
 */
export class ReleaseProjects1797000000700 implements MigrationInterface {
  name = 'ReleaseProjects1797000000700';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await q.query(
        `ALTER TABLE flags.${table} ADD COLUMN project text NOT NULL DEFAULT 'default' REFERENCES flags.projects(key)`,
      );
      await q.query(`UPDATE flags.${table} t SET project = f.project FROM flags.flags f
        WHERE f.id = t.flag_id AND f.project <> t.project`);
      // A null flag_key (a segment's request) is not checked (MATCH SIMPLE).
      await q.query(`ALTER TABLE flags.${table} ADD CONSTRAINT ${table}_project_flag
        FOREIGN KEY (project, flag_key) REFERENCES flags.flags(project, key) ON DELETE CASCADE ON UPDATE CASCADE`);
    }
    await q.query('DROP INDEX flags.release_plans_flag');
    await q.query(
      'CREATE INDEX release_plans_flag ON flags.release_plans (project, flag_key, environment_key)',
    );
    await q.query('DROP INDEX flags.scheduled_changes_flag');
    await q.query(
      'CREATE INDEX scheduled_changes_flag ON flags.scheduled_changes (project, flag_key, environment_key)',
    );
    await q.query('DROP INDEX flags.change_requests_flag');
    await q.query(
      'CREATE INDEX change_requests_flag ON flags.change_requests (project, flag_key, environment_key)',
    );
    await q.query('DROP INDEX flags.change_requests_segment');
    await q.query(`CREATE INDEX change_requests_segment ON flags.change_requests (project, segment_key)
      WHERE segment_key IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX flags.change_requests_segment');
    await q.query(
      'CREATE INDEX change_requests_segment ON flags.change_requests (segment_key) WHERE segment_key IS NOT NULL',
    );
    await q.query('DROP INDEX flags.change_requests_flag');
    await q.query('CREATE INDEX change_requests_flag ON flags.change_requests (flag_key, environment_key)');
    await q.query('DROP INDEX flags.scheduled_changes_flag');
    await q.query(
      'CREATE INDEX scheduled_changes_flag ON flags.scheduled_changes (flag_key, environment_key)',
    );
    await q.query('DROP INDEX flags.release_plans_flag');
    await q.query('CREATE INDEX release_plans_flag ON flags.release_plans (flag_key, environment_key)');
    for (const table of TABLES) {
      await q.query(`ALTER TABLE flags.${table} DROP CONSTRAINT ${table}_project_flag`);
      await q.query(`ALTER TABLE flags.${table} DROP COLUMN project`);
    }
  }
}
