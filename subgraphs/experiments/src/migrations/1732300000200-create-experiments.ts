import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateExperiments1732300000200 implements MigrationInterface {
  name = 'CreateExperiments1732300000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE experiments.experiments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      key text NOT NULL UNIQUE CHECK (key ~ '^[a-z0-9][a-z0-9._-]{0,127}$'),
      name text NOT NULL,
      description text,
      hypothesis text,
      environment text NOT NULL,
      flag_key text NOT NULL,
      status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'RUNNING', 'PAUSED', 'COMPLETED')),
      variants jsonb NOT NULL,
      traffic_allocation double precision NOT NULL DEFAULT 100 CHECK (traffic_allocation BETWEEN 0 AND 100),
      version int NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX experiments_flag ON experiments.experiments (flag_key, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE experiments.experiments`);
  }
}
