import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Integrations (webhooks, Slack channels, email recipients) and their delivery state.
 * Config and delivery state are separate rows: the worker's lease and cursor updates
 * never touch the versioned, audited config row, so they never conflict with an edit.
 */
export class CreateIntegrations1732301700100 implements MigrationInterface {
  name = 'CreateIntegrations1732301700100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE flags.integrations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('WEBHOOK', 'SLACK', 'EMAIL')),
      name text NOT NULL,
      target text NOT NULL,
      secret text,
      change_kinds text[] NOT NULL DEFAULT '{}',
      environments text[] NOT NULL DEFAULT '{}',
      enabled boolean NOT NULL DEFAULT true,
      disabled_reason text,
      version int NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE flags.integration_delivery_state (
      integration_id uuid PRIMARY KEY REFERENCES flags.integrations (id) ON DELETE CASCADE,
      cursor_seq bigint NOT NULL,
      attempt int NOT NULL DEFAULT 0,
      failing_since timestamptz,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      lease_token uuid,
      lease_until timestamptz
    )`);
    await q.query(`CREATE TABLE flags.integration_deliveries (
      id bigserial PRIMARY KEY,
      integration_id uuid NOT NULL REFERENCES flags.integrations (id) ON DELETE CASCADE,
      seq bigint,
      attempt int NOT NULL,
      succeeded boolean NOT NULL,
      status_code int,
      latency_ms int NOT NULL,
      response_excerpt text,
      error text,
      manual boolean NOT NULL DEFAULT false,
      at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      'CREATE INDEX integration_deliveries_by_integration ON flags.integration_deliveries (integration_id, id DESC)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE flags.integration_deliveries');
    await q.query('DROP TABLE flags.integration_delivery_state');
    await q.query('DROP TABLE flags.integrations');
  }
}
