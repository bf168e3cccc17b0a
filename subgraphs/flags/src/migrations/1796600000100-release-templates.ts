import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Release plan templates a team saves beside the built-in ones (issue 16). */
export class ReleaseTemplates1796600000100 implements MigrationInterface {
  name = 'ReleaseTemplates1796600000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE flags.release_templates (
      key text PRIMARY KEY,
      name text NOT NULL,
      stages jsonb NOT NULL,
      guards jsonb NOT NULL,
      version int NOT NULL,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE flags.release_templates');
  }
}
