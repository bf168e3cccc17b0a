import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Custom roles (issue 19): named sets of permissions, each grant scoped to a project and an environment
 * (null: any), assigned to users and TOKEN keys directly, and to the groups single sign-on reports
 * (`role_group_mappings`; a user's groups from their last sign-in are kept in `users.sso_groups`).
 * The built-in ADMIN, EDITOR and VIEWER are presets in code, not rows.
 */
export class CustomRoles1797000000500 implements MigrationInterface {
  name = 'CustomRoles1797000000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE flags.roles (
      key text PRIMARY KEY,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      grants jsonb NOT NULL DEFAULT '[]',
      version int NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE flags.role_group_mappings (
      group_name text PRIMARY KEY,
      role_keys text[] NOT NULL,
      version int NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`ALTER TABLE flags.users ADD COLUMN custom_roles text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE flags.users ADD COLUMN sso_groups text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE flags.api_keys ADD COLUMN custom_roles text[] NOT NULL DEFAULT '{}'`);
    // A TOKEN acts with a preset role, custom roles or both (it needed a role until now).
    await q.query(`ALTER TABLE flags.api_keys DROP CONSTRAINT ${await tokenRoleCheck(q)}`);
    await q.query(`ALTER TABLE flags.api_keys ADD CONSTRAINT api_keys_token_role
      CHECK ((kind = 'token') = (role IS NOT NULL OR cardinality(custom_roles) > 0))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Tokens with custom roles only cannot go back: they are revoked and act as viewers.
    await q.query(
      `UPDATE flags.api_keys SET role = 'viewer', revoked_at = coalesce(revoked_at, now()) WHERE kind = 'token' AND role IS NULL`,
    );
    await q.query('ALTER TABLE flags.api_keys DROP CONSTRAINT api_keys_token_role');
    await q.query(`ALTER TABLE flags.api_keys ADD CHECK ((kind = 'token') = (role IS NOT NULL))`);
    await q.query('ALTER TABLE flags.api_keys DROP COLUMN custom_roles');
    await q.query('ALTER TABLE flags.users DROP COLUMN sso_groups');
    await q.query('ALTER TABLE flags.users DROP COLUMN custom_roles');
    await q.query('DROP TABLE flags.role_group_mappings');
    await q.query('DROP TABLE flags.roles');
  }
}

/** The unnamed check of create-auth that a TOKEN has a role. */
async function tokenRoleCheck(q: QueryRunner): Promise<string> {
  const rows: { name: string }[] = await q.query(
    `SELECT conname AS name FROM pg_constraint
      WHERE conrelid = 'flags.api_keys'::regclass AND contype = 'c'
        AND pg_get_constraintdef(oid) LIKE '%role IS NOT NULL%'`,
  );
  if (rows.length !== 1) throw new Error('the check that a TOKEN has a role was not found');
  return `"${rows[0]!.name}"`;
}
