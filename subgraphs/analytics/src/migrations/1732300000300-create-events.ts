import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEvents1732300000300 implements MigrationInterface {
  name = 'CreateEvents1732300000300';

  async up(q: QueryRunner): Promise<void> {
    // Raw events are append-mostly and queried by time range: BRIN keeps that index tiny.
    await q.query(`CREATE TABLE analytics.events (
      id bigserial PRIMARY KEY,
      event_id text NOT NULL,
      type text NOT NULL CHECK (type IN ('EXPOSURE', 'CONVERSION', 'CUSTOM', 'EVALUATION')),
      user_key text NOT NULL,
      experiment_key text,
      variant text,
      event_name text,
      value double precision,
      properties jsonb,
      occurred_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX events_event_id ON analytics.events (event_id)`);
    await q.query(`CREATE INDEX events_occurred_at ON analytics.events USING brin (occurred_at)`);
    await q.query(`CREATE TABLE analytics.exposures (
      experiment_key text NOT NULL,
      user_key text NOT NULL,
      variant text NOT NULL,
      first_exposed_at timestamptz NOT NULL,
      PRIMARY KEY (experiment_key, user_key)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE analytics.exposures`);
    await q.query(`DROP TABLE analytics.events`);
  }
}
