import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where repositories use flags, as `switchyard refs` last uploaded each repository (issue 19). */
export class CodeReferences1796800000200 implements MigrationInterface {
  name = 'CodeReferences1796800000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE flags.code_references (
      repository text NOT NULL,
      flag_key text NOT NULL,
      path text NOT NULL,
      line int NOT NULL,
      context text NOT NULL,
      PRIMARY KEY (repository, flag_key, path, line)
    )`);
    await q.query('CREATE INDEX code_references_flag ON flags.code_references (flag_key)');
    await q.query(`CREATE TABLE flags.code_reference_uploads (
      repository text PRIMARY KEY,
      commit text NOT NULL,
      reference_count int NOT NULL,
      uploaded_by text NOT NULL,
      uploaded_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE flags.code_reference_uploads');
    await q.query('DROP TABLE flags.code_references');
  }
}
