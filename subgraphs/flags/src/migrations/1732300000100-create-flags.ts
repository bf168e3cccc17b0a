import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFlags1732300000100 implements MigrationInterface {
  name = 'CreateFlags1732300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE flags.environments (
      key text PRIMARY KEY,
      name text NOT NULL,
      sort_order int NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`INSERT INTO flags.environments (key, name, sort_order) VALUES
      ('development', 'Development', 0), ('staging', 'Staging', 1), ('production', 'Production', 2)`);
    await q.query(`CREATE TABLE flags.flags (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      key text NOT NULL UNIQUE CHECK (key ~ '^[a-z0-9][a-z0-9._-]{0,127}$'),
      name text NOT NULL,
      description text,
      type text NOT NULL CHECK (type IN ('BOOLEAN', 'STRING', 'NUMBER', 'JSON')),
      tags text[] NOT NULL DEFAULT '{}',
      owner text,
      variations jsonb NOT NULL,
      archived boolean NOT NULL DEFAULT false,
      version int NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      created_by text,
      updated_by text
    )`);
    await q.query(`CREATE INDEX flags_tags ON flags.flags USING gin (tags)`);
    await q.query(`CREATE TABLE flags.flag_environments (
      flag_id uuid NOT NULL REFERENCES flags.flags(id) ON DELETE CASCADE,
      environment_key text NOT NULL REFERENCES flags.environments(key),
      enabled boolean NOT NULL DEFAULT false,
      off_variation text NOT NULL,
      targets jsonb NOT NULL DEFAULT '[]',
      rules jsonb NOT NULL DEFAULT '[]',
      fallthrough jsonb NOT NULL,
      prerequisites jsonb NOT NULL DEFAULT '[]',
      starts_at timestamptz,
      ends_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (flag_id, environment_key)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE flags.flag_environments`);
    await q.query(`DROP TABLE flags.flags`);
    await q.query(`DROP TABLE flags.environments`);
  }
}
