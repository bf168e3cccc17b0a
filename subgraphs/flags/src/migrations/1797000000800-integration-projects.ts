import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Integrations limited to projects (issue 19): the project keys whose changes an integration receives,
 * empty for every project's (and the changes of no project). Every integration made before stays empty,
 * so it keeps receiving what it did; nothing else is rewritten.
 */
export class IntegrationProjects1797000000800 implements MigrationInterface {
  name = 'IntegrationProjects1797000000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE flags.integrations ADD COLUMN projects text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE flags.integrations DROP COLUMN projects');
  }
}
