import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import type { ChangeRecord, ConfigChange, ConfigChangeOutbox } from './change-outbox';
import type { RequestContext } from './context';
import { AuditEntry, ConfigChangeRow } from './platform/entities';

/** Who is writing: what the audit entry records. */
export type WriteContext = Pick<RequestContext, 'actor' | 'ip' | 'userAgent'>;

interface PendingChange {
  ctx: WriteContext;
  change: ChangeRecord;
}

/** Adds one change (audit entry + outbox row) to the running write. */
export type RecordChange = (change: ChangeRecord) => void;

/**
 * The one way a service writes config (flags, experiments, metrics): the entity change (with its
 * `version` bumped by `work`), its audit entries and outbox rows in one transaction, then
 * publishing after commit. Local listeners (live flag sets, assignment caches) hear about the
 * change before the bus echoes it, so a caller reads its own write at once.
 */
export class ConfigWriter {
  private readonly listeners: ((changes: ConfigChange[]) => void)[] = [];
  /** The write running in this async context, so a write started inside it joins its transaction. */
  private readonly running = new AsyncLocalStorage<{ m: EntityManager; pending: PendingChange[] }>();

  constructor(
    private readonly ds: DataSource,
    private readonly outbox: ConfigChangeOutbox,
  ) {}

  /**
   * An audited event that changes no configuration (a sign-in): its audit entry only, at the current
   * sequence number. No version is taken, nothing goes on the outbox or `configChanged`, so people
   * signing in (or an attacker failing to) never make SDKs refetch or integrations post.
   */
  async recordEvent(ctx: WriteContext, event: Omit<ChangeRecord, 'kind'>): Promise<void> {
    const m = this.running.getStore()?.m ?? this.ds.manager;
    const rows: { value: string }[] = await m.query(
      'SELECT value FROM platform.config_change_seq WHERE id = 1',
    );
    await insertAuditEntry(m, ctx, event, Number(rows[0]!.value), new Date());
  }

  onCommitted(listener: (changes: ConfigChange[]) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Inside another write (the release executor applying a targeting change with its own
   * bookkeeping), `work` runs in that write's transaction and its changes commit with it.
   */
  async write<T>(
    ctx: WriteContext,
    work: (m: EntityManager, record: RecordChange) => Promise<T>,
  ): Promise<T> {
    const outer = this.running.getStore();
    if (outer) return work(outer.m, (change) => outer.pending.push({ ctx, change }));
    let changes: ConfigChange[] = [];
    const result = await this.ds.transaction(async (m) => {
      const pending: PendingChange[] = [];
      const value = await this.running.run({ m, pending }, () =>
        work(m, (change) => pending.push({ ctx, change })),
      );
      // Entity rows are locked first and the sequence row last, in every write, so two
      // writes never wait on each other in opposite orders.
      changes = [];
      for (const p of pending) changes.push(await recordChange(m, p.ctx, p.change));
      return value;
    });
    for (const listener of this.listeners) listener(changes);
    await this.outbox.publish(changes);
    return result;
  }
}

/**
 * Writes the audit entry and the outbox row for one config change inside the write's
 * transaction, and hands back the event to publish after commit. Private to ConfigWriter, so
 * no service can record a change outside the one audited write path.
 */
async function recordChange(
  manager: EntityManager,
  ctx: Pick<RequestContext, 'actor' | 'ip' | 'userAgent'>,
  change: ChangeRecord,
): Promise<ConfigChange> {
  const seq = await nextChangeSeq(manager);
  const at = new Date();
  await insertAuditEntry(manager, ctx, change, seq, at);
  await manager.insert(ConfigChangeRow, {
    seq: String(seq),
    environment: change.environment,
    project: change.project ?? null,
    kind: change.kind,
    resourceType: change.resourceType,
    resourceKey: change.resourceKey,
    createdAt: at,
    publishedAt: null,
  });
  return {
    seq,
    environment: change.environment,
    project: change.project ?? null,
    kind: change.kind,
    resourceType: change.resourceType,
    resourceKey: change.resourceKey,
    at: at.toISOString(),
  };
}

/** Takes the next global sequence number; the row lock is held until the transaction ends. */
async function nextChangeSeq(manager: EntityManager): Promise<number> {
  const result: unknown = await manager.query(
    'UPDATE platform.config_change_seq SET value = value + 1 WHERE id = 1 RETURNING value',
  );
  // TypeORM's postgres driver returns [rows, affected] for UPDATE ... RETURNING.
  const rows = (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as {
    value: string;
  }[];
  return Number(rows[0]!.value);
}

/** The audit entry of one change or event, at sequence number `seq`. */
async function insertAuditEntry(
  manager: EntityManager,
  ctx: WriteContext,
  change: Omit<ChangeRecord, 'kind'>,
  seq: number,
  at: Date,
): Promise<void> {
  await manager.insert(AuditEntry, {
    changeSeq: String(seq),
    at,
    actorId: ctx.actor.id,
    actorName: ctx.actor.name,
    action: change.action,
    resourceType: change.resourceType,
    resourceKey: change.resourceKey,
    environment: change.environment,
    project: change.project ?? null,
    before: (change.before ?? null) as object | null,
    after: (change.after ?? null) as object | null,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
}
