import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flag lifecycle (issue 19): each flag's state as the lifecycle job last derived it from analytics'
 * evaluation activity, and the schedule row of the weekly digest (one replica claims each run).
 * New tables only; flags without a row read as NEW (or ARCHIVED) until the job first runs.
 */
export class FlagLifecycle1796900000200 implements MigrationInterface {
  name = 'FlagLifecycle1796900000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE flags.flag_lifecycle (
        flag_key text PRIMARY KEY REFERENCES flags.flags(key) ON DELETE CASCADE,
        state text NOT NULL CHECK (state IN ('NEW', 'LIVE', 'ROLLED_OUT', 'STALE', 'ARCHIVED')),
        since timestamptz NOT NULL,
        variation text,
        last_evaluated_at timestamptz,
        computed_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX flag_lifecycle_state ON flags.flag_lifecycle (state)');
    await q.query(`
      CREATE TABLE flags.lifecycle_schedule (
        id int PRIMARY KEY CHECK (id = 1),
        next_run_at timestamptz NOT NULL
      )`);
    await q.query('INSERT INTO flags.lifecycle_schedule (id, next_run_at) VALUES (1, now())');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE flags.lifecycle_schedule');
    await q.query('DROP TABLE flags.flag_lifecycle');
  }
}
