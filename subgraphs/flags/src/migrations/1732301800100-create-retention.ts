import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One row: when the audit retention job runs next, and what its last run did. */
export class CreateRetention1732301800100 implements MigrationInterface {
  name = 'CreateRetention1732301800100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE flags.retention_state (
      id int PRIMARY KEY CHECK (id = 1),
      next_run_at timestamptz NOT NULL DEFAULT now(),
      last_run_at timestamptz,
      last_cutoff timestamptz,
      last_deleted bigint NOT NULL DEFAULT 0,
      total_deleted bigint NOT NULL DEFAULT 0
    )`);
    await q.query('INSERT INTO flags.retention_state (id) VALUES (1)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE flags.retention_state');
  }
}
