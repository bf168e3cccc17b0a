import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, refresh tokens and API keys (the gateway reads api_keys by hash). */
export class CreateAuth1732300500100 implements MigrationInterface {
  name = 'CreateAuth1732300500100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE flags.users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL UNIQUE CHECK (email = lower(email)),
      name text NOT NULL,
      password_hash text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
      permissions text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE flags.refresh_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES flags.users(id) ON DELETE CASCADE,
      token_hash text NOT NULL UNIQUE,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE flags.api_keys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('server', 'client', 'token')),
      environment text REFERENCES flags.environments(key),
      role text CHECK (role IN ('admin', 'editor', 'viewer')),
      permissions text[] NOT NULL DEFAULT '{}',
      prefix text NOT NULL,
      secret_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text,
      revoked_at timestamptz,
      CHECK ((kind = 'token') = (role IS NOT NULL)),
      CHECK ((kind = 'token') = (environment IS NULL))
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE flags.api_keys');
    await q.query('DROP TABLE flags.refresh_tokens');
    await q.query('DROP TABLE flags.users');
  }
}
