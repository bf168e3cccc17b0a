import { currentChangeSeq, errors, systemActor } from '@switchyard/server-kit';
import type { EntityManager } from 'typeorm';
import type { ConfigWriter, RecordChange, WriteContext } from '@switchyard/server-kit';
import type { IntegrationSender } from './integration-sender';
import type { IntegrationKind, IntegrationRepository, IntegrationRow } from './integration.repository';
import { type OutboundPolicy, targetUrlProblem } from './outbound-http';
import { testChange } from './outbox-change';

export interface IntegrationInput {
  kind?: IntegrationKind | null;
  name?: string | null;
  target?: string | null;
  secret?: string | null;
  changeKinds?: readonly string[] | null;
  environments?: readonly string[] | null;
  projects?: readonly string[] | null;
  enabled?: boolean | null;
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;
const SLACK_LINKS = `SELECT l.slack_user_id AS "slackUserId", l.user_id AS "userId", u.email AS "userEmail",
    l.linked_by AS "linkedBy", l.linked_at AS "linkedAt"
  FROM flags.slack_user_links l JOIN flags.users u ON u.id = l.user_id`;

export interface SlackUserLink {
  slackUserId: string;
  userId: string;
  userEmail: string;
  linkedBy: string;
  linkedAt: Date;
}

function slackLinkChange(slackUserId: string, action: string, before: unknown, after: unknown) {
  return {
    action,
    kind: 'INTEGRATION_UPDATED',
    resourceType: 'integration',
    resourceKey: `slack-user:${slackUserId}`,
    environment: null,
    before,
    after,
  };
}

const EMAIL = /^[^\s@,<>]+@[^\s@,<>]+\.[^\s@,<>]+$/;
const MAX_RECIPIENTS = 50;

/** What the audit log and the graph show of an integration: never its secret. */
export function publicView(row: IntegrationRow) {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    target: targetHint(row),
    hasSecret: row.secret !== null,
    changeKinds: row.changeKinds,
    environments: row.environments,
    projects: row.projects,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    version: row.version,
  };
}

/** A Slack incoming-webhook URL is itself a credential: only its start is shown. */
function targetHint(row: IntegrationRow): string {
  if (row.kind !== 'SLACK') return row.target;
  const url = new URL(row.target);
  return `${url.origin}${url.pathname.slice(0, 12)}…`;
}

/**
 * Integrations: configuration through the one audited, versioned write path, plus the
 * manual actions (redeliver, test-send) and the automatic disabling after sustained failure.
 */
export class IntegrationService {
  constructor(
    private readonly repo: IntegrationRepository,
    private readonly writer: ConfigWriter,
    private readonly sender: IntegrationSender,
    private readonly policy: OutboundPolicy,
    private readonly smtpConfigured: boolean,
  ) {}

  list() {
    return this.repo.list();
  }

  /** Where messages and Slack replies link to (CONSOLE_URL). */
  get consoleUrl(): string {
    return this.sender.consoleUrl;
  }

  async get(id: string): Promise<IntegrationRow> {
    const row = await this.repo.get(id);
    if (!row) throw errors.notFound('Integration', id);
    return row;
  }

  async create(
    input: IntegrationInput & { kind: IntegrationKind; name: string; target: string },
    ctx: WriteContext,
  ) {
    const fields = this.validated(input.kind, input, true);
    return this.writer.write(ctx, async (m, record) => {
      await this.checkKnown(m, fields);
      // Deliveries start after the newest change committed now (this one's own creation included).
      const row = await this.repo.insert(m, { kind: input.kind, ...fields }, await currentChangeSeq(m));
      this.audit(record, 'integration.created', 'INTEGRATION_CREATED', row, null, publicView(row));
      return row;
    });
  }

  async update(id: string, expectedVersion: number, input: IntegrationInput, ctx: WriteContext) {
    return this.writer.write(ctx, async (m, record) => {
      const current = await this.repo.lock(m, id);
      if (!current) throw errors.notFound('Integration', id);
      if (current.version !== expectedVersion)
        throw errors.staleVersion('Integration', id, expectedVersion, current.version);
      const fields = this.validated(current.kind, { ...current, ...definedOnly(input) }, false);
      await this.checkKnown(m, fields);
      const enabled = input.enabled ?? current.enabled;
      const next = await this.repo.update(m, {
        ...current,
        ...fields,
        secret: input.secret === undefined || input.secret === null ? current.secret : fields.secret,
        enabled,
        disabledReason: enabled ? null : current.disabledReason,
      });
      if (enabled && !current.enabled) await this.repo.resetFailures(m, id);
      this.audit(record, 'integration.updated', 'INTEGRATION_UPDATED', next, publicView(current), {
        ...publicView(next),
        ...(input.secret ? { secretChanged: true } : {}),
      });
      return next;
    });
  }

  async delete(id: string, expectedVersion: number, ctx: WriteContext): Promise<boolean> {
    return this.writer.write(ctx, async (m, record) => {
      const current = await this.repo.lock(m, id);
      if (!current) throw errors.notFound('Integration', id);
      if (current.version !== expectedVersion)
        throw errors.staleVersion('Integration', id, expectedVersion, current.version);
      await this.repo.delete(m, id);
      this.audit(record, 'integration.deleted', 'INTEGRATION_DELETED', current, publicView(current), null);
      return true;
    });
  }

  /** The automatic switch-off: an audited write by the system, which subscribers hear about. */
  async disable(id: string, reason: string): Promise<void> {
    await this.writer.write({ actor: systemActor, ip: null, userAgent: null }, async (m, record) => {
      const current = await this.repo.lock(m, id);
      if (!current?.enabled) return;
      const next = await this.repo.update(m, { ...current, enabled: false, disabledReason: reason });
      this.audit(
        record,
        'integration.disabled',
        'INTEGRATION_DISABLED',
        next,
        publicView(current),
        publicView(next),
      );
    });
  }

  /** Sends one past change again, now, outside the ordered stream (receivers dedupe by seq). */
  async redeliver(id: string, seq: number) {
    const integration = await this.get(id);
    const change = await this.repo.change(seq);
    if (!change) throw errors.notFound('Change', String(seq));
    return this.sendNow(integration, change);
  }

  async testSend(id: string, ctx: WriteContext) {
    const integration = await this.get(id);
    return this.sendNow(integration, testChange(id, { id: ctx.actor.id, name: ctx.actor.name }));
  }

  deliveries(id: string, first: number) {
    return this.repo.deliveries(id, first);
  }

  state(id: string) {
    return this.repo.state(id);
  }

  private async sendNow(integration: IntegrationRow, change: Parameters<IntegrationSender['send']>[1]) {
    const result = await this.sender.send(integration, change, 1);
    return this.repo.logDelivery({
      integrationId: integration.id,
      seq: change.seq > 0 ? change.seq : null,
      attempt: 1,
      succeeded: result?.ok ?? true,
      statusCode: result?.statusCode ?? null,
      latencyMs: result?.latencyMs ?? 0,
      responseExcerpt: result?.excerpt ?? null,
      error: result ? result.error : 'nothing to send for this change',
      manual: true,
    });
  }

  private audit(
    record: RecordChange,
    action: string,
    kind: string,
    row: IntegrationRow,
    before: unknown,
    after: unknown,
  ) {
    record({
      action,
      kind,
      resourceType: 'integration',
      resourceKey: row.id,
      environment: null,
      before,
      after,
    });
  }

  /** Refuses an environment or project the integration names that does not exist; nothing is written. */
  private async checkKnown(m: EntityManager, fields: { environments: string[]; projects: string[] }) {
    const unknown = async (table: 'environments' | 'projects', keys: string[]) => {
      if (keys.length === 0) return -1;
      const rows: { key: string }[] = await m.query(`SELECT key FROM flags.${table} WHERE key = ANY($1)`, [
        keys,
      ]);
      const known = new Set(rows.map((r) => r.key));
      return keys.findIndex((k) => !known.has(k));
    };
    const environment = await unknown('environments', fields.environments);
    if (environment >= 0)
      throw errors.badInput(
        `environment "${fields.environments[environment]}" does not exist`,
        `input.environments[${environment}]`,
      );
    const project = await unknown('projects', fields.projects);
    if (project >= 0)
      throw errors.notFound('Project', fields.projects[project]!, `input.projects[${project}]`);
  }

  private validated(kind: IntegrationKind, input: IntegrationInput, creating: boolean) {
    const name = input.name?.trim() ?? '';
    if (!name || name.length > 100) throw errors.badInput('must be 1–100 characters', 'input.name');
    const target = input.target?.trim() ?? '';
    if (kind === 'EMAIL') {
      const list = target.split(',').map((s) => s.trim());
      if (!this.smtpConfigured)
        throw errors.badInput('email needs SMTP: set SMTP_URL on the flags subgraph', 'input.kind');
      if (list.length > MAX_RECIPIENTS || list.some((a) => !EMAIL.test(a)))
        throw errors.badInput(
          `must be 1–${MAX_RECIPIENTS} email addresses separated by commas`,
          'input.target',
        );
    } else {
      const problem = targetUrlProblem(target, this.policy.allowed);
      if (problem) throw errors.badInput(problem, 'input.target');
    }
    const secret = input.secret ?? null;
    if (kind === 'WEBHOOK' || kind === 'SLACK') {
      // A Slack integration's secret is optional: the Slack app's signing secret, for the slash command.
      if (kind === 'WEBHOOK' && creating && !secret)
        throw errors.badInput('a webhook needs a signing secret', 'input.secret');
      if (secret !== null && (secret.length < 16 || secret.length > 256))
        throw errors.badInput('must be 16–256 characters', 'input.secret');
    } else if (input.secret) throw errors.badInput(`a ${kind} integration takes no secret`, 'input.secret');
    return {
      name,
      target,
      secret,
      changeKinds: [...new Set(input.changeKinds ?? [])],
      environments: [...new Set(input.environments ?? [])],
      projects: [...new Set(input.projects ?? [])],
    };
  }

  slackUserLinks(): Promise<SlackUserLink[]> {
    return this.repo.dataSource.query(`${SLACK_LINKS} ORDER BY l.slack_user_id`);
  }

  /** One audited write: the Slack user now acts as `userId` (an earlier link of that Slack user is replaced). */
  linkSlackUser(slackUserId: string, userId: string, ctx: WriteContext): Promise<SlackUserLink> {
    if (!SLACK_USER_ID.test(slackUserId))
      throw errors.badInput('must be a Slack member id such as U024BE7LH', 'slackUserId');
    return this.writer.write(ctx, async (m, record) => {
      const users = await m.query(
        'SELECT id FROM flags.users WHERE id::text = $1 AND deactivated_at IS NULL',
        [userId],
      );
      if (users.length === 0) throw errors.notFound('User', userId);
      const [before] = await m.query(
        'SELECT user_id AS "userId" FROM flags.slack_user_links WHERE slack_user_id = $1 FOR UPDATE',
        [slackUserId],
      );
      await m.query(
        `INSERT INTO flags.slack_user_links (slack_user_id, user_id, linked_by) VALUES ($1, $2, $3)
         ON CONFLICT (slack_user_id) DO UPDATE SET user_id = $2, linked_by = $3, linked_at = now()`,
        [slackUserId, userId, ctx.actor.name],
      );
      record(slackLinkChange(slackUserId, 'integration.slack_user_linked', before ?? null, { userId }));
      const [link] = await m.query(`${SLACK_LINKS} WHERE l.slack_user_id = $1`, [slackUserId]);
      return link as SlackUserLink;
    });
  }

  unlinkSlackUser(slackUserId: string, ctx: WriteContext): Promise<boolean> {
    return this.writer.write(ctx, async (m, record) => {
      const removed = await m.query(
        'DELETE FROM flags.slack_user_links WHERE slack_user_id = $1 RETURNING user_id AS "userId"',
        [slackUserId],
      );
      const [before] = removed[0] as { userId: string }[];
      if (!before) return false;
      record(slackLinkChange(slackUserId, 'integration.slack_user_unlinked', before, null));
      return true;
    });
  }
}

function definedOnly(input: IntegrationInput): IntegrationInput {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null));
}
