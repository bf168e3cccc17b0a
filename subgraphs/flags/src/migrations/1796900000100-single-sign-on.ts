import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Console single sign-on (issue 17): a user may sign in through an OpenID provider only, without a
 * password (password_hash null), and is found again by the provider's subject (`<issuer> <sub>`).
 */
export class SingleSignOn1796900000100 implements MigrationInterface {
  name = 'SingleSignOn1796900000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE flags.users ALTER COLUMN password_hash DROP NOT NULL');
    await q.query('ALTER TABLE flags.users ADD COLUMN sso_subject text');
    await q.query(
      'CREATE UNIQUE INDEX users_sso_subject_key ON flags.users (sso_subject) WHERE sso_subject IS NOT NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX flags.users_sso_subject_key');
    await q.query('ALTER TABLE flags.users DROP COLUMN sso_subject');
    // Users without a password cannot go back to a NOT NULL column: they get one nobody knows.
    await q.query(`UPDATE flags.users SET password_hash = 'sso-only' WHERE password_hash IS NULL`);
    await q.query('ALTER TABLE flags.users ALTER COLUMN password_hash SET NOT NULL');
  }
}
