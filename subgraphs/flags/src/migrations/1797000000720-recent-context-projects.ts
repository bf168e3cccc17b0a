import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recent contexts per project (issue 19): the impact preview of a project's flag reads the contexts its
 * own project's evaluations saw, so one context key is kept once per project and environment. The rows
 * kept before (all the default project's, see Projects1797000000100) stay as they are.
 */
export class RecentContextProjects1797000000720 implements MigrationInterface {
  name = 'RecentContextProjects1797000000720';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE flags.recent_contexts DROP CONSTRAINT recent_contexts_pkey');
    await q.query('ALTER TABLE flags.recent_contexts ADD PRIMARY KEY (project, environment, context_key)');
    await q.query('DROP INDEX flags.recent_contexts_seen');
    await q.query(
      'CREATE INDEX recent_contexts_seen ON flags.recent_contexts (project, environment, last_seen_at DESC)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM flags.recent_contexts WHERE project <> 'default'`);
    await q.query('DROP INDEX flags.recent_contexts_seen');
    await q.query(
      'CREATE INDEX recent_contexts_seen ON flags.recent_contexts (environment, last_seen_at DESC)',
    );
    await q.query('ALTER TABLE flags.recent_contexts DROP CONSTRAINT recent_contexts_pkey');
    await q.query('ALTER TABLE flags.recent_contexts ADD PRIMARY KEY (environment, context_key)');
  }
}
