import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flag usage per project (issue 19): a flag key names a flag within its project only, so evaluation
 * counts are kept per project, environment, flag, day and variation. Everything counted before
 * projects was the default project's (evaluations of other projects were not counted).
 */
export class UsageProjects1732300000420 implements MigrationInterface {
  name = 'UsageProjects1732300000420';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE analytics.flag_usage_daily ADD COLUMN project text NOT NULL DEFAULT 'default'`,
    );
    await q.query('ALTER TABLE analytics.flag_usage_daily DROP CONSTRAINT flag_usage_daily_pkey');
    await q.query(
      'ALTER TABLE analytics.flag_usage_daily ADD PRIMARY KEY (project, flag_key, environment, day, variation)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Other projects' counts have no place in a table counted by key alone.
    await q.query(`DELETE FROM analytics.flag_usage_daily WHERE project <> 'default'`);
    await q.query('ALTER TABLE analytics.flag_usage_daily DROP CONSTRAINT flag_usage_daily_pkey');
    await q.query('ALTER TABLE analytics.flag_usage_daily DROP COLUMN project');
    await q.query(
      'ALTER TABLE analytics.flag_usage_daily ADD PRIMARY KEY (flag_key, environment, day, variation)',
    );
  }
}
