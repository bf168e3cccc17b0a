import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Code references per project (issue 19): a repository's upload belongs to the project whose flags it
 * names, so two projects may each scan the same repository for their own keys. Earlier uploads are
 * the default project's, as their references already are.
 */
export class CodeReferenceProjects1797000000600 implements MigrationInterface {
  name = 'CodeReferenceProjects1797000000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE flags.code_reference_uploads ADD COLUMN project text NOT NULL DEFAULT 'default'`,
    );
    await q.query('ALTER TABLE flags.code_reference_uploads DROP CONSTRAINT code_reference_uploads_pkey');
    await q.query('ALTER TABLE flags.code_reference_uploads ADD PRIMARY KEY (project, repository)');
    await q.query('ALTER TABLE flags.code_references DROP CONSTRAINT code_references_pkey');
    await q.query(
      'ALTER TABLE flags.code_references ADD PRIMARY KEY (project, repository, flag_key, path, line)',
    );
    await q.query('DROP INDEX flags.code_references_flag');
    await q.query('CREATE INDEX code_references_flag ON flags.code_references (project, flag_key)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX flags.code_references_flag');
    await q.query('CREATE INDEX code_references_flag ON flags.code_references (flag_key)');
    await q.query('ALTER TABLE flags.code_references DROP CONSTRAINT code_references_pkey');
    await q.query('ALTER TABLE flags.code_references ADD PRIMARY KEY (repository, flag_key, path, line)');
    await q.query('ALTER TABLE flags.code_reference_uploads DROP CONSTRAINT code_reference_uploads_pkey');
    await q.query('ALTER TABLE flags.code_reference_uploads ADD PRIMARY KEY (repository)');
    await q.query('ALTER TABLE flags.code_reference_uploads DROP COLUMN project');
  }
}
