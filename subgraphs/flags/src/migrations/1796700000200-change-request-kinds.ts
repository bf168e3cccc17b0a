import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Change requests for release plans and segments (issue 16) and reverts (issue 17): a request
 * names a flag, a release plan or a segment, so the flag columns may be empty.
 */
export class ChangeRequestKinds1796700000200 implements MigrationInterface {
  name = 'ChangeRequestKinds1796700000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE flags.change_requests
      ALTER COLUMN flag_id DROP NOT NULL,
      ALTER COLUMN flag_key DROP NOT NULL,
      ALTER COLUMN base DROP NOT NULL,
      ADD COLUMN segment_key text,
      ADD COLUMN plan_id uuid REFERENCES flags.release_plans(id) ON DELETE CASCADE`);
    await q.query(
      'CREATE INDEX change_requests_segment ON flags.change_requests (segment_key) WHERE segment_key IS NOT NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      "DELETE FROM flags.change_requests WHERE flag_id IS NULL OR kind NOT IN ('ENABLE', 'DISABLE', 'TARGETING')",
    );
    await q.query(`ALTER TABLE flags.change_requests
      DROP COLUMN plan_id,
      DROP COLUMN segment_key,
      ALTER COLUMN base SET NOT NULL,
      ALTER COLUMN flag_key SET NOT NULL,
      ALTER COLUMN flag_id SET NOT NULL`);
  }
}
