import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Approval policies per environment and change requests (issue 16). */
export class ChangeRequests1796412941328 implements MigrationInterface {
  name = 'ChangeRequests1796412941328';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE flags.approval_policies (
      environment_key text PRIMARY KEY,
      required_approvals int NOT NULL CHECK (required_approvals >= 0),
      admin_bypass boolean NOT NULL DEFAULT false,
      version int NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE flags.change_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      flag_id uuid NOT NULL REFERENCES flags.flags(id) ON DELETE CASCADE,
      flag_key text NOT NULL,
      environment_key text NOT NULL,
      kind text NOT NULL,
      change jsonb NOT NULL,
      written_against_version int NOT NULL,
      base jsonb NOT NULL,
      status text NOT NULL,
      reason text,
      comment text,
      reviews jsonb NOT NULL DEFAULT '[]',
      required_approvals int NOT NULL,
      bypassed boolean NOT NULL DEFAULT false,
      version int NOT NULL DEFAULT 1,
      created_by text NOT NULL,
      created_by_id text NOT NULL,
      applied_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      applied_at timestamptz
    )`);
    await q.query(
      'CREATE INDEX change_requests_open ON flags.change_requests (environment_key, status, created_at)',
    );
    await q.query('CREATE INDEX change_requests_flag ON flags.change_requests (flag_key, environment_key)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE flags.change_requests');
    await q.query('DROP TABLE flags.approval_policies');
  }
}
