import type { DataSource, EntityManager } from 'typeorm';
import type { OutboxChange } from './outbox-change';

export type IntegrationKind = 'WEBHOOK' | 'SLACK' | 'EMAIL';

export interface IntegrationRow {
  id: string;
  kind: IntegrationKind;
  name: string;
  target: string;
  secret: string | null;
  changeKinds: string[];
  environments: string[];
  /** Project keys; empty: every project (and changes of no project). */
  projects: string[];
  enabled: boolean;
  disabledReason: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeliveryState {
  integrationId: string;
  cursorSeq: number;
  attempt: number;
  failingSince: Date | null;
  nextAttemptAt: Date;
}

export interface DeliveryRecord {
  integrationId: string;
  seq: number | null;
  attempt: number;
  succeeded: boolean;
  statusCode: number | null;
  latencyMs: number;
  responseExcerpt: string | null;
  error: string | null;
  manual: boolean;
}

const INTEGRATION_COLUMNS = `id, kind, name, target, secret, change_kinds AS "changeKinds",
  environments, projects, enabled, disabled_reason AS "disabledReason", version,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

// A project's own settings are recorded in no project (they are the installation's): they are that project's.
const CHANGE_PROJECT = `coalesce(c.project, CASE WHEN c.resource_type = 'project' THEN c.resource_key END)`;

const CHANGE_COLUMNS = `c.seq::int AS seq, c.kind, coalesce(a.action, lower(c.kind)) AS action,
  c.resource_type AS "resourceType", c.resource_key AS "resourceKey", c.environment,
  ${CHANGE_PROJECT} AS project,
  json_build_object('id', coalesce(a.actor_id, 'system'), 'name', coalesce(a.actor_name, 'Switchyard')) AS actor,
  to_json(c.created_at) #>> '{}' AS at, a.before, a.after`;

type Db = DataSource | EntityManager;

/** TypeORM's postgres driver answers UPDATE ... RETURNING with [rows, affected]. */
function returned<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

/** The SQL of integrations: config rows, delivery state, the delivery log, and outbox reads. */
export class IntegrationRepository {
  constructor(private readonly ds: DataSource) {}

  get dataSource(): DataSource {
    return this.ds;
  }

  async list(): Promise<IntegrationRow[]> {
    return this.ds.query(`SELECT ${INTEGRATION_COLUMNS} FROM flags.integrations ORDER BY created_at, id`);
  }

  async get(id: string, db: Db = this.ds): Promise<IntegrationRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows: IntegrationRow[] = await db.query(
      `SELECT ${INTEGRATION_COLUMNS} FROM flags.integrations WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async lock(m: EntityManager, id: string): Promise<IntegrationRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows: IntegrationRow[] = await m.query(
      `SELECT ${INTEGRATION_COLUMNS} FROM flags.integrations WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  async insert(
    m: EntityManager,
    row: Pick<
      IntegrationRow,
      'kind' | 'name' | 'target' | 'secret' | 'changeKinds' | 'environments' | 'projects'
    >,
    cursorSeq: number,
  ): Promise<IntegrationRow> {
    const rows: IntegrationRow[] = await m.query(
      `INSERT INTO flags.integrations (kind, name, target, secret, change_kinds, environments, projects)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${INTEGRATION_COLUMNS}`,
      [row.kind, row.name, row.target, row.secret, row.changeKinds, row.environments, row.projects],
    );
    const created = rows[0]!;
    await m.query(
      'INSERT INTO flags.integration_delivery_state (integration_id, cursor_seq) VALUES ($1, $2)',
      [created.id, cursorSeq],
    );
    return created;
  }

  async update(m: EntityManager, row: IntegrationRow): Promise<IntegrationRow> {
    const rows = returned<IntegrationRow>(
      await m.query(
        `UPDATE flags.integrations SET name = $2, target = $3, secret = $4, change_kinds = $5, environments = $6,
         enabled = $7, disabled_reason = $8, projects = $9, version = version + 1, updated_at = now()
       WHERE id = $1 RETURNING ${INTEGRATION_COLUMNS}`,
        [
          row.id,
          row.name,
          row.target,
          row.secret,
          row.changeKinds,
          row.environments,
          row.enabled,
          row.disabledReason,
          row.projects,
        ],
      ),
    );
    return rows[0]!;
  }

  /** Re-enabling starts a fresh failure window at once. */
  async resetFailures(m: EntityManager, id: string): Promise<void> {
    await m.query(
      `UPDATE flags.integration_delivery_state SET attempt = 0, failing_since = NULL, next_attempt_at = now()
       WHERE integration_id = $1`,
      [id],
    );
  }

  async delete(m: EntityManager, id: string): Promise<void> {
    await m.query('DELETE FROM flags.integrations WHERE id = $1', [id]);
  }

  async state(id: string): Promise<DeliveryState | null> {
    const rows: DeliveryState[] = await this.ds.query(
      `SELECT integration_id AS "integrationId", cursor_seq::int AS "cursorSeq", attempt,
         failing_since AS "failingSince", next_attempt_at AS "nextAttemptAt"
       FROM flags.integration_delivery_state WHERE integration_id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Claims one enabled integration whose next attempt is due, for `leaseSeconds`. The lease
   * (not a held transaction) keeps other replicas off it while the call is in flight.
   */
  async claimDue(
    token: string,
    leaseSeconds: number,
    except: string[],
  ): Promise<(DeliveryState & { integration: IntegrationRow }) | null> {
    const rows = returned<{ id: string }>(
      await this.ds.query(
        `WITH due AS (
         SELECT s.integration_id FROM flags.integration_delivery_state s
         JOIN flags.integrations i ON i.id = s.integration_id
         WHERE i.enabled AND s.next_attempt_at <= now() AND s.integration_id <> ALL($3::uuid[]) AND (s.lease_until IS NULL OR s.lease_until < now())
         ORDER BY s.next_attempt_at LIMIT 1 FOR UPDATE OF s SKIP LOCKED)
       UPDATE flags.integration_delivery_state s
       SET lease_token = $1, lease_until = now() + make_interval(secs => $2)
       FROM due WHERE s.integration_id = due.integration_id
       RETURNING s.integration_id AS id`,
        [token, leaseSeconds, except],
      ),
    );
    const id = rows[0]?.id;
    if (!id) return null;
    const [state, integration] = await Promise.all([this.state(id), this.get(id)]);
    if (!state || !integration) return null;
    return { ...state, integration };
  }

  /**
   * Moves the cursor past `seq` after a success or a skip, only while the lease is ours;
   * renews the lease for `leaseSeconds` more, or releases it when null.
   */
  async advance(id: string, token: string, seq: number, leaseSeconds: number | null): Promise<void> {
    await this.ds.query(
      `UPDATE flags.integration_delivery_state SET cursor_seq = greatest(cursor_seq, $3), attempt = 0,
         failing_since = NULL, next_attempt_at = now(),
         lease_token = CASE WHEN $4::float8 IS NULL THEN NULL ELSE lease_token END,
         lease_until = CASE WHEN $4::float8 IS NULL THEN NULL ELSE now() + make_interval(secs => $4::float8) END
       WHERE integration_id = $1 AND lease_token = $2`,
      [id, token, seq, leaseSeconds],
    );
  }

  /** Records a failed attempt; returns when the failures started. */
  async failed(id: string, token: string, retryInMs: number): Promise<Date | null> {
    const rows = returned<{ failingSince: Date }>(
      await this.ds.query(
        `UPDATE flags.integration_delivery_state SET attempt = attempt + 1,
         failing_since = coalesce(failing_since, now()),
         next_attempt_at = now() + make_interval(secs => $3), lease_token = NULL, lease_until = NULL
       WHERE integration_id = $1 AND lease_token = $2 RETURNING failing_since AS "failingSince"`,
        [id, token, retryInMs / 1000],
      ),
    );
    return rows[0]?.failingSince ?? null;
  }

  async release(id: string, token: string): Promise<void> {
    await this.ds.query(
      `UPDATE flags.integration_delivery_state SET lease_token = NULL, lease_until = NULL
       WHERE integration_id = $1 AND lease_token = $2`,
      [id, token],
    );
  }

  /**
   * The first change after `afterSeq`, up to `headSeq`, that the integration subscribes to. Limited to
   * projects, it takes their changes only: a change of no project is none of theirs.
   */
  async nextChange(
    afterSeq: number,
    headSeq: number,
    resourceTypes: string[],
    environments: string[],
    projects: string[],
  ): Promise<OutboxChange | null> {
    const rows: OutboxChange[] = await this.ds.query(
      `SELECT ${CHANGE_COLUMNS}
       FROM platform.config_changes c LEFT JOIN platform.audit_log a ON a.change_seq = c.seq
       WHERE c.seq > $1 AND c.seq <= $2
         AND (cardinality($3::text[]) = 0 OR c.resource_type = ANY($3::text[]))
         AND (cardinality($4::text[]) = 0 OR c.environment IS NULL OR c.environment = ANY($4::text[]))
         AND (cardinality($5::text[]) = 0 OR ${CHANGE_PROJECT} = ANY($5::text[]))
       ORDER BY c.seq LIMIT 1`,
      [afterSeq, headSeq, resourceTypes, environments, projects],
    );
    return rows[0] ?? null;
  }

  async change(seq: number): Promise<OutboxChange | null> {
    const rows: OutboxChange[] = await this.ds.query(
      `SELECT ${CHANGE_COLUMNS}
       FROM platform.config_changes c LEFT JOIN platform.audit_log a ON a.change_seq = c.seq
       WHERE c.seq = $1`,
      [seq],
    );
    return rows[0] ?? null;
  }

  async logDelivery(d: DeliveryRecord) {
    const rows = await this.ds.query(
      `INSERT INTO flags.integration_deliveries
         (integration_id, seq, attempt, succeeded, status_code, latency_ms, response_excerpt, error, manual)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${DELIVERY_COLUMNS}`,
      [
        d.integrationId,
        d.seq,
        d.attempt,
        d.succeeded,
        d.statusCode,
        d.latencyMs,
        d.responseExcerpt,
        d.error,
        d.manual,
      ],
    );
    return rows[0] as DeliveryView;
  }

  async deliveries(id: string, first: number): Promise<DeliveryView[]> {
    return this.ds.query(
      `SELECT ${DELIVERY_COLUMNS} FROM flags.integration_deliveries WHERE integration_id = $1
       ORDER BY id DESC LIMIT $2`,
      [id, first],
    );
  }
}

const DELIVERY_COLUMNS = `id::text AS id, seq::int AS seq, attempt, succeeded, status_code AS "statusCode",
  latency_ms AS "latencyMs", response_excerpt AS "responseExcerpt", error, manual, at`;

export interface DeliveryView extends Omit<DeliveryRecord, 'integrationId'> {
  id: string;
  at: Date;
}
