import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One row: when raw event retention runs next, and what its last run did (issue 17). */
export class EventRetention1732300000309 implements MigrationInterface {
  name = 'EventRetention1732300000309';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE analytics.retention_state (
      id int PRIMARY KEY CHECK (id = 1),
      next_run_at timestamptz NOT NULL DEFAULT now(),
      last_run_at timestamptz,
      last_cutoff timestamptz,
      last_deleted bigint NOT NULL DEFAULT 0,
      total_deleted bigint NOT NULL DEFAULT 0
    )`);
    await q.query('INSERT INTO analytics.retention_state (id) VALUES (1)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE analytics.retention_state');
  }
}
