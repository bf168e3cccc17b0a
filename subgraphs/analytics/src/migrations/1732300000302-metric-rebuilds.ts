import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MetricRebuilds1732300000302 implements MigrationInterface {
  name = 'MetricRebuilds1732300000302';

  async up(q: QueryRunner): Promise<void> {
    // Rebuilding a metric's rollups reads every exposed user's raw events (tens of seconds at
    // millions of events), so a definition change only queues one here; a background worker on
    // some replica runs it. The row is the job: it survives restarts and says how far it got.
    await q.query(`CREATE TABLE analytics.metric_rebuilds (
      id bigserial PRIMARY KEY,
      metric_key text NOT NULL,
      metric_version integer NOT NULL,
      status text NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'DONE', 'FAILED')),
      requested_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      heartbeat_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      error text
    )`);
    // At most one queued rebuild per metric: later changes fold into it.
    await q.query(
      `CREATE UNIQUE INDEX metric_rebuilds_pending ON analytics.metric_rebuilds (metric_key) WHERE status = 'PENDING'`,
    );
    await q.query(
      `CREATE INDEX metric_rebuilds_open ON analytics.metric_rebuilds (id) WHERE status IN ('PENDING', 'RUNNING')`,
    );
    await q.query(`CREATE INDEX metric_rebuilds_latest ON analytics.metric_rebuilds (metric_key, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE analytics.metric_rebuilds`);
  }
}
