import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Analysis periods and why an experiment completed. A restart bumps `analysis_period`; a returning user's
 * next assignment then records a fresh exposure for the new period (`exposure_period` < current), so the
 * new period's results count them. One row per user and experiment stays the sticky assignment; the
 * conditional update on `exposure_period` is what deduplicates exposures per period.
 */
export class AnalysisPeriods1732300000220 implements MigrationInterface {
  name = 'AnalysisPeriods1732300000220';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE experiments.experiments
      ADD COLUMN analysis_period int NOT NULL DEFAULT 1 CHECK (analysis_period > 0),
      ADD COLUMN completion_reason text CHECK (completion_reason IN ('WINNER_CHOSEN', 'SCHEDULE_ENDED'))`);
    await q.query(`UPDATE experiments.experiments SET completion_reason = 'WINNER_CHOSEN'
      WHERE status = 'COMPLETED'`);
    await q.query(`ALTER TABLE experiments.user_assignments
      ADD COLUMN exposure_period int NOT NULL DEFAULT 1,
      ADD COLUMN exposed_at timestamptz`);
    await q.query('UPDATE experiments.user_assignments SET exposed_at = assigned_at');
    await q.query(`ALTER TABLE experiments.user_assignments
      ALTER COLUMN exposed_at SET NOT NULL, ALTER COLUMN exposed_at SET DEFAULT now()`);
    // The relay's scan follows the exposure time, which a new period moves past the assignment time.
    await q.query('DROP INDEX experiments.user_assignments_unpublished');
    await q.query(`CREATE INDEX user_assignments_unpublished ON experiments.user_assignments (exposed_at)
      WHERE exposure_published_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX experiments.user_assignments_unpublished');
    await q.query(`CREATE INDEX user_assignments_unpublished ON experiments.user_assignments (assigned_at)
      WHERE exposure_published_at IS NULL`);
    await q.query(
      `ALTER TABLE experiments.user_assignments DROP COLUMN exposure_period, DROP COLUMN exposed_at`,
    );
    await q.query(
      `ALTER TABLE experiments.experiments DROP COLUMN analysis_period, DROP COLUMN completion_reason`,
    );
  }
}
