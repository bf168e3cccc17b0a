import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in lock-out shared by every flags replica (failures per account as typed, known or not), and
 * deleted users: the row stays (audit entries and keys point at it) with its email freed (issue 17).
 */
export class AccountLockoutAndDeletion1796800000100 implements MigrationInterface {
  name = 'AccountLockoutAndDeletion1796800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE flags.sign_in_failures (
      account text PRIMARY KEY,
      failures int NOT NULL,
      window_started_at timestamptz NOT NULL,
      locked_until timestamptz
    )`);
    await q.query('ALTER TABLE flags.users ADD COLUMN deleted_at timestamptz');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE flags.users DROP COLUMN deleted_at');
    await q.query('DROP TABLE flags.sign_in_failures');
  }
}
