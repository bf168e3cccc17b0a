import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dimension breakdowns: each exposure keeps the allow-listed context attributes of its (first)
 * EXPOSURE event (`EXPOSURE_ATTRIBUTES`). A constant default, so no table rewrite; exposures stored
 * before get `{}` (no attributes) until `recomputeRollups` re-derives them from raw events.
 */
export class ExposureAttributes1732300000305 implements MigrationInterface {
  name = 'ExposureAttributes1732300000305';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analytics.exposures ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analytics.exposures DROP COLUMN attributes`);
  }
}
