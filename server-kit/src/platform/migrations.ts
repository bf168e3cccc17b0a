import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PlatformInit1732300000000 implements MigrationInterface {
  name = 'PlatformInit1732300000000';

  async up(q: QueryRunner): Promise<void> {
    // A single counter row rather than a sequence: sequences leave gaps on rollback,
    // and holding this row's lock until commit also makes commit order = seq order.
    await q.query(
      `CREATE TABLE platform.config_change_seq (id int PRIMARY KEY CHECK (id = 1), value bigint NOT NULL)`,
    );
    await q.query(`INSERT INTO platform.config_change_seq (id, value) VALUES (1, 0)`);
    await q.query(`CREATE TABLE platform.config_changes (
      seq bigint PRIMARY KEY,
      environment text,
      kind text NOT NULL,
      resource_type text NOT NULL,
      resource_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz
    )`);
    await q.query(
      `CREATE INDEX config_changes_unpublished ON platform.config_changes (seq) WHERE published_at IS NULL`,
    );
    await q.query(`CREATE TABLE platform.audit_log (
      id bigserial PRIMARY KEY,
      change_seq bigint NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      actor_id text NOT NULL,
      actor_name text NOT NULL,
      action text NOT NULL,
      resource_type text NOT NULL,
      resource_key text NOT NULL,
      environment text,
      before jsonb,
      after jsonb,
      ip text,
      user_agent text
    )`);
    await q.query(`CREATE INDEX audit_log_resource ON platform.audit_log (resource_type, resource_key, id)`);
    await q.query(`CREATE INDEX audit_log_at ON platform.audit_log (at)`);
    // The audit log is append-only: the database itself refuses edits and deletes.
    await q.query(`CREATE FUNCTION platform.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await q.query(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON platform.audit_log
      FOR EACH ROW EXECUTE FUNCTION platform.audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE platform.audit_log`);
    await q.query(`DROP FUNCTION platform.audit_log_append_only`);
    await q.query(`DROP TABLE platform.config_changes`);
    await q.query(`DROP TABLE platform.config_change_seq`);
  }
}

/** Integrations read the audit entry of each outbox change by its seq. */
export class AuditLogBySeq1732301700000 implements MigrationInterface {
  name = 'AuditLogBySeq1732301700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX IF NOT EXISTS audit_log_change_seq ON platform.audit_log (change_seq)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX platform.audit_log_change_seq');
  }
}

/**
 * Audit retention: the append-only trigger lets a DELETE through only inside a transaction
 * that declared itself the retention job (SET LOCAL switchyard.audit_retention = 'on').
 * Edits stay refused; this guards against mistakes, not against the database owner.
 */
export class AuditRetention1732301800000 implements MigrationInterface {
  name = 'AuditRetention1732301800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION platform.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('switchyard.audit_retention', true) = 'on' THEN RETURN OLD; END IF;
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION platform.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
  }
}

/**
 * Projects (issue 19): each change and audit entry names the project of its resource. What was recorded
 * before projects is the default project's where the resource belongs to a project.
 */
export class ChangeProjects1797000000000 implements MigrationInterface {
  name = 'ChangeProjects1797000000000';

  async up(q: QueryRunner): Promise<void> {
    const owned = `resource_type IN (${PROJECT_OWNED.map((t) => `'${t}'`).join(', ')})`;
    await q.query('ALTER TABLE platform.config_changes ADD COLUMN project text');
    await q.query('ALTER TABLE platform.audit_log ADD COLUMN project text');
    await q.query(`UPDATE platform.config_changes SET project = 'default' WHERE ${owned}`);
    // The one edit of the append-only log: adding a fact every entry already implied.
    await q.query('ALTER TABLE platform.audit_log DISABLE TRIGGER audit_log_no_update');
    await q.query(`UPDATE platform.audit_log SET project = 'default' WHERE ${owned}`);
    await q.query('ALTER TABLE platform.audit_log ENABLE TRIGGER audit_log_no_update');
    await q.query(
      'CREATE INDEX audit_log_project ON platform.audit_log (project, id) WHERE project IS NOT NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE platform.audit_log DROP COLUMN project');
    await q.query('ALTER TABLE platform.config_changes DROP COLUMN project');
  }
}

/** Resource types recorded before projects that belong to a project. */
const PROJECT_OWNED = [
  'flag',
  'segment',
  'experiment',
  'metric',
  'release_plan',
  'scheduled_change',
  'change_request',
  'flag_digest',
];

export const platformMigrations = [
  PlatformInit1732300000000,
  AuditLogBySeq1732301700000,
  AuditRetention1732301800000,
  ChangeProjects1797000000000,
];
