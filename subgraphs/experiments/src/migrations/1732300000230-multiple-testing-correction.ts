import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The experiment's correction across its comparisons (issue 18): Holm (family-wise error, the
 * behaviour so far, hence the default for existing rows) or Benjamini–Hochberg (false discovery rate).
 */
export class MultipleTestingCorrection1732300000230 implements MigrationInterface {
  name = 'MultipleTestingCorrection1732300000230';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE experiments.experiments
      ADD COLUMN multiple_testing_correction text NOT NULL DEFAULT 'HOLM'
        CHECK (multiple_testing_correction IN ('HOLM', 'BENJAMINI_HOCHBERG'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE experiments.experiments DROP COLUMN multiple_testing_correction');
  }
}
