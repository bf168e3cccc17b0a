import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An approved change request can be applied at a time (issue 16): when, and as whom. */
export class ChangeRequestApplyAt1796600000000 implements MigrationInterface {
  name = 'ChangeRequestApplyAt1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE flags.change_requests ADD COLUMN apply_at timestamptz, ADD COLUMN apply_as jsonb',
    );
    await q.query(
      `CREATE INDEX change_requests_due ON flags.change_requests (apply_at) WHERE status = 'APPROVED' AND apply_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX flags.change_requests_due');
    await q.query('ALTER TABLE flags.change_requests DROP COLUMN apply_at, DROP COLUMN apply_as');
  }
}
