import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Breakdowns (issue 18): an assignment's exposure carries the allow-listed context attributes
 * (`EXPOSURE_ATTRIBUTES`) of the call that exposed the user, kept on the row because the row is the
 * exposure's outbox (the relay re-publishes from it). Nullable, no default: no table rewrite; rows
 * stored before carry none, as their exposures did.
 */
export class ExposureAttributes1732300000240 implements MigrationInterface {
  name = 'ExposureAttributes1732300000240';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE experiments.user_assignments ADD COLUMN exposure_attributes jsonb');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE experiments.user_assignments DROP COLUMN exposure_attributes');
  }
}
