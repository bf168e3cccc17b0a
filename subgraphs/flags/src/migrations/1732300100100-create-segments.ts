import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSegments1732300100100 implements MigrationInterface {
  name = 'CreateSegments1732300100100';

  async up(q: QueryRunner): Promise<void> {
    // Key lists are arrays on the row: a flag set is compiled from whole segments, and
    // 100,000 keys are ~1.5 MB, read once per compile rather than row by row.
    await q.query(`CREATE TABLE flags.segments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      key text NOT NULL UNIQUE CHECK (key ~ '^[a-z0-9][a-z0-9._-]{0,127}$'),
      name text NOT NULL,
      description text,
      included text[] NOT NULL DEFAULT '{}',
      excluded text[] NOT NULL DEFAULT '{}',
      rules jsonb NOT NULL DEFAULT '[]',
      version int NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      created_by text,
      updated_by text
    )`);
    await q.query(`CREATE INDEX flag_environments_environment ON flags.flag_environments (environment_key)`);
    await q.query(`CREATE INDEX flags_archived_key ON flags.flags (archived, key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX flags.flags_archived_key`);
    await q.query(`DROP INDEX flags.flag_environments_environment`);
    await q.query(`DROP TABLE flags.segments`);
  }
}
