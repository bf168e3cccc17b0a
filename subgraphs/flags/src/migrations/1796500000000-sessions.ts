import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that can be ended and users that can be deactivated (issue 20): each refresh token
 * belongs to a session (the chain of rotations from one sign-in, named by the access token's
 * `sid`); a deactivated user's API keys stop working, so each key remembers the user who made it.
 */
export class Sessions1796500000000 implements MigrationInterface {
  name = 'Sessions1796500000000';

  async up(q: QueryRunner): Promise<void> {
    // Tokens issued before knew no chain: each is a session of its own.
    await q.query('ALTER TABLE flags.refresh_tokens ADD COLUMN session_id uuid');
    await q.query('UPDATE flags.refresh_tokens SET session_id = id');
    await q.query('ALTER TABLE flags.refresh_tokens ALTER COLUMN session_id SET NOT NULL');
    await q.query(
      'CREATE INDEX refresh_tokens_open_session ON flags.refresh_tokens (session_id) WHERE revoked_at IS NULL',
    );
    await q.query(
      'CREATE INDEX refresh_tokens_open_user ON flags.refresh_tokens (user_id) WHERE revoked_at IS NULL',
    );
    await q.query('ALTER TABLE flags.users ADD COLUMN deactivated_at timestamptz');
    await q.query(
      'ALTER TABLE flags.api_keys ADD COLUMN created_by_user_id uuid REFERENCES flags.users(id) ON DELETE SET NULL',
    );
    // Keys made before name their creator only in the audit log (created_by holds a display name).
    await q.query(`UPDATE flags.api_keys k SET created_by_user_id = u.id
      FROM platform.audit_log a JOIN flags.users u ON u.id::text = a.actor_id
      WHERE a.action = 'apiKey.created' AND a.resource_type = 'apiKey' AND a.resource_key = k.id::text`);
    await q.query(
      'CREATE INDEX api_keys_created_by_user ON flags.api_keys (created_by_user_id) WHERE created_by_user_id IS NOT NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE flags.api_keys DROP COLUMN created_by_user_id');
    await q.query('ALTER TABLE flags.users DROP COLUMN deactivated_at');
    await q.query('ALTER TABLE flags.refresh_tokens DROP COLUMN session_id');
  }
}
