import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Release plans, their event timeline, scheduled changes and the executor's test clock (issue 16).
 * The executor finds due work through the partial indexes on `next_check_at` / `due_at`.
 */
export class ReleasePlans1732301900100 implements MigrationInterface {
  name = 'ReleasePlans1732301900100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE flags.release_plans (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      flag_id uuid NOT NULL REFERENCES flags.flags(id) ON DELETE CASCADE,
      flag_key text NOT NULL,
      environment_key text NOT NULL,
      variation text NOT NULL,
      rule_id text,
      stages jsonb NOT NULL,
      guards jsonb NOT NULL DEFAULT '[]',
      template text,
      status text NOT NULL,
      stage_index int NOT NULL DEFAULT 0,
      stage_started_at timestamptz NOT NULL,
      next_check_at timestamptz,
      base_serve jsonb NOT NULL,
      applied_serve jsonb NOT NULL,
      waiting_reason text,
      version int NOT NULL DEFAULT 1,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    // One live plan per flag and environment.
    await q.query(`CREATE UNIQUE INDEX release_plans_live ON flags.release_plans (flag_id, environment_key)
      WHERE status IN ('ACTIVE', 'PAUSED')`);
    await q.query(
      `CREATE INDEX release_plans_due ON flags.release_plans (next_check_at) WHERE status = 'ACTIVE'`,
    );
    await q.query('CREATE INDEX release_plans_flag ON flags.release_plans (flag_key, environment_key)');
    await q.query(`CREATE TABLE flags.release_plan_events (
      id bigserial PRIMARY KEY,
      plan_id uuid NOT NULL REFERENCES flags.release_plans(id) ON DELETE CASCADE,
      at timestamptz NOT NULL,
      kind text NOT NULL,
      stage_index int NOT NULL,
      percent double precision NOT NULL,
      actor text NOT NULL,
      detail jsonb
    )`);
    await q.query('CREATE INDEX release_plan_events_plan ON flags.release_plan_events (plan_id, id)');
    await q.query(`CREATE TABLE flags.scheduled_changes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      flag_id uuid NOT NULL REFERENCES flags.flags(id) ON DELETE CASCADE,
      flag_key text NOT NULL,
      environment_key text NOT NULL,
      due_at timestamptz NOT NULL,
      kind text NOT NULL,
      change jsonb NOT NULL,
      written_against_version int NOT NULL,
      base jsonb NOT NULL,
      status text NOT NULL DEFAULT 'PENDING',
      reason text,
      version int NOT NULL DEFAULT 1,
      created_by text,
      created_by_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      applied_at timestamptz
    )`);
    await q.query(
      `CREATE INDEX scheduled_changes_due ON flags.scheduled_changes (due_at) WHERE status = 'PENDING'`,
    );
    await q.query(
      'CREATE INDEX scheduled_changes_flag ON flags.scheduled_changes (flag_key, environment_key)',
    );
    // Moved only when RELEASE_TEST_CLOCK=true (tests); every replica reads the same offset.
    await q.query(`CREATE TABLE flags.executor_clock (
      id int PRIMARY KEY CHECK (id = 1),
      offset_ms bigint NOT NULL DEFAULT 0
    )`);
    await q.query('INSERT INTO flags.executor_clock (id, offset_ms) VALUES (1, 0)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE flags.executor_clock');
    await q.query('DROP TABLE flags.scheduled_changes');
    await q.query('DROP TABLE flags.release_plan_events');
    await q.query('DROP TABLE flags.release_plans');
  }
}
