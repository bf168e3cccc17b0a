import { channels, type EventBus, type Identity, type Logger } from '@switchyard/server-kit';
import { type DocumentNode, type ExecutionResult, GraphQLError, type GraphQLFormattedError } from 'graphql';
import { PushQueue } from './push-queue';
import { revive } from './result';
import { RESULT_KEY, type TranslatedSubscription } from './translate';

/** Runs a query through the federated graph as `identity` (the gateway's own Apollo Server). */
export type Executor = (
  query: DocumentNode,
  variables: Record<string, unknown>,
  identity: Identity,
) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] }>;

export interface FeedMetrics {
  /** Seconds from commit to the event reaching this replica. */
  busLag?(seconds: number): void;
  executions?(count: number): void;
}

/** How far back a subscriber may ask to be replayed. */
export interface ReplayBound {
  maxChanges: number;
  maxReplayCost: number;
  /** One payload's cost. */
  cost: number;
}

/**
 * The refusal of a replay too long to serve: counted in committed changes of every environment
 * (the sequence is global), so it errs on the side of refusing.
 */
function replayTooLong(sinceVersion: number, current: number, replay: ReplayBound): GraphQLError {
  const behind = current - sinceVersion;
  return new GraphQLError(
    `sinceVersion: ${sinceVersion} is ${behind} changes behind the current version ${current}; replaying them at a cost of ${replay.cost} each exceeds WS_MAX_REPLAY_COST (${replay.maxReplayCost}). Reload the configuration and subscribe from version ${current}.`,
    {
      extensions: {
        code: 'BAD_USER_INPUT',
        field: 'sinceVersion',
        limit: 'replay',
        currentVersion: current,
        max: replay.maxReplayCost,
      },
    },
  );
}

interface Item {
  seq: number;
  result: ExecutionResult;
}

/** Codes that end a subscription: retrying cannot help. */
const FINAL_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']);

class Subscriber {
  delivered: number;
  /** Live items held back while this subscriber's replay runs. */
  buffer: Item[] | null = null;

  constructor(
    readonly queue: PushQueue<ExecutionResult>,
    start: number,
  ) {
    this.delivered = start;
  }

  offer(item: Item): void {
    if (this.buffer) this.buffer.push(item);
    else this.deliver(item);
  }

  deliver(item: Item): void {
    // Dedupe by seq: replay and live overlap, and relays re-publish.
    if (item.seq <= this.delivered) return;
    this.delivered = item.seq;
    this.queue.push(item.result);
  }

  goLive(): void {
    const held = this.buffer ?? [];
    this.buffer = null;
    for (const item of held) this.deliver(item);
  }
}

/**
 * Subscribers with the same query, variables and permission scope: one execution per
 * wake-up serves them all. The group's cursor is the last seq it delivered; a wake-up
 * asks the outbox (through the graph) for everything after it, so events arriving
 * late, twice or not at all on the bus cannot reorder, duplicate or lose a change.
 */
class Group {
  lastSeq = 0;
  readonly subscribers = new Set<Subscriber>();
  private running = false;
  private again = false;
  readonly ready: Promise<void>;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Replay pages being fetched, by the version they start after. */
  private readonly replays = new Map<number, ReturnType<Group['page']>>();

  constructor(
    readonly key: string,
    readonly environment: string | null,
    private readonly translated: TranslatedSubscription,
    private readonly identity: Identity,
    private readonly feed: ConfigChangeFeed,
  ) {
    this.ready = feed.currentSeq().then((seq) => {
      this.lastSeq = seq;
    });
  }

  /** One page of changes after `since`, as per-subscriber results. */
  async page(
    since: number,
    identity: Identity,
  ): Promise<{ items: Item[]; full: boolean; error?: GraphQLFormattedError }> {
    const t = this.translated;
    const response = await this.feed.execute(
      t.query,
      { ...t.variables, __sinceVersion: since, __first: this.feed.batchSize },
      identity,
    );
    const list = response.data?.[RESULT_KEY];
    if (!Array.isArray(list)) {
      return { items: [], full: false, error: response.errors?.[0] ?? { message: 'no data' } };
    }
    const errorsByIndex = new Map<number, GraphQLFormattedError[]>();
    for (const e of response.errors ?? []) {
      const index = e.path?.[1];
      if (typeof index !== 'number') continue;
      const mapped = { ...e, path: [t.responseKey, ...(e.path ?? []).slice(2)] };
      errorsByIndex.set(index, [...(errorsByIndex.get(index) ?? []), mapped]);
    }
    const items = list.map((raw: Record<string, unknown>, i: number) => {
      const { __seq, ...data } = raw;
      const errors = errorsByIndex.get(i);
      return {
        seq: Number(__seq),
        result: {
          data: { [t.responseKey]: data },
          ...(errors ? { errors: revive(errors) } : {}),
        } as ExecutionResult,
      };
    });
    return { items, full: list.length >= this.feed.batchSize };
  }

  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      do {
        this.again = false;
        const { items, full, error } = await this.page(this.lastSeq, this.identity);
        this.feed.metrics.executions?.(1);
        if (error) {
          this.fail(error);
          break;
        }
        for (const item of items) {
          this.lastSeq = Math.max(this.lastSeq, item.seq);
          for (const s of this.subscribers) s.offer(item);
        }
        if (full) this.again = true;
      } while (this.again && this.subscribers.size > 0);
    } catch (err) {
      this.fail({ message: (err as Error).message });
    } finally {
      this.running = false;
    }
  }

  private fail(error: GraphQLFormattedError): void {
    const code = String(error.extensions?.code ?? '');
    if (FINAL_CODES.has(code)) {
      for (const s of this.subscribers) {
        s.queue.push({ errors: revive([error]) } as ExecutionResult);
        s.queue.end();
      }
      return;
    }
    // A subgraph or the database is down: try again shortly; the cursor has not moved.
    this.feed.logger.warn({ err: error.message }, 'configChanged: fetching changes failed; retrying');
    if (!this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (this.subscribers.size > 0) this.wake();
      }, this.feed.retryMs);
      this.retryTimer.unref();
    }
  }

  async join(
    subscriber: Subscriber,
    sinceVersion: number | null,
    identity: Identity,
    replay: ReplayBound,
  ): Promise<void> {
    if (sinceVersion !== null && this.lastSeq - sinceVersion > replay.maxChanges) {
      subscriber.queue.push({ errors: [replayTooLong(sinceVersion, this.lastSeq, replay)] });
      subscriber.queue.end();
      return;
    }
    this.subscribers.add(subscriber);
    if (sinceVersion === null || sinceVersion >= this.lastSeq) return;
    // Replay what the subscriber missed from the outbox, holding live events back meanwhile.
    subscriber.buffer = [];
    let cursor = sinceVersion;
    let failingSince: number | null = null;
    try {
      for (;;) {
        const { items, full, error } = await this.replayPage(cursor, identity);
        if (subscriber.queue.closed) return;
        if (error) {
          // A dependency briefly away (a replica restarting, the database failing over) is
          // waited out here rather than ended: ending it would send every resuming client
          // back to reconnect at once, and their replays would meet the same outage.
          const code = String(error.extensions?.code ?? '');
          failingSince ??= Date.now();
          if (FINAL_CODES.has(code) || Date.now() - failingSince > this.feed.replayPatienceMs) {
            subscriber.queue.push({ errors: revive([error]) } as ExecutionResult);
            subscriber.queue.end();
            return;
          }
          await new Promise((r) => setTimeout(r, this.feed.retryMs));
          continue;
        }
        failingSince = null;
        for (const item of items) subscriber.deliver(item);
        cursor = items.at(-1)?.seq ?? cursor;
        if (!full) break;
      }
    } finally {
      subscriber.goLive();
    }
  }

  /**
   * One replay page, shared by the subscribers of this group resuming from the same version
   * at the same time: after a replica is lost, its clients reconnect together, mostly from the
   * same version, and one execution serves them all. (A group shares one permission scope.)
   */
  private replayPage(since: number, identity: Identity): ReturnType<Group['page']> {
    let pending = this.replays.get(since);
    if (!pending) {
      this.feed.metrics.executions?.(1);
      pending = this.page(since, identity)
        .catch((err: Error) => ({ items: [], full: false, error: { message: err.message } }))
        .finally(() => this.replays.delete(since));
      this.replays.set(since, pending);
    }
    return pending;
  }

  dispose(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }
}

/**
 * `configChanged`: every change, in order, each exactly once, resolved through the
 * federated graph. Fed by the event bus (Redis or Postgres) and, as a safety net, by
 * polling the committed sequence, so a lost bus message delays a change but never drops it.
 */
export class ConfigChangeFeed {
  private readonly groups = new Map<string, Group>();
  private maxSeen = 0;
  private pollTimer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(
    readonly execute: Executor,
    readonly currentSeq: () => Promise<number>,
    readonly logger: Logger,
    readonly metrics: FeedMetrics = {},
    readonly batchSize = 100,
    private readonly pollMs = 2000,
    readonly retryMs = 500,
    /** How long a resuming subscriber's replay waits out failures before it ends with the error. */
    readonly replayPatienceMs = 30_000,
  ) {}

  async start(bus: EventBus | null): Promise<void> {
    if (bus) this.unsubscribe = await bus.subscribe(channels.configChanges, (m) => this.onMessage(m));
    this.maxSeen = await this.currentSeq().catch(() => 0);
    this.pollTimer = setInterval(() => void this.poll(), this.pollMs);
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    await this.unsubscribe?.();
    for (const g of this.groups.values()) g.dispose();
  }

  get groupCount(): number {
    return this.groups.size;
  }

  private onMessage(message: string): void {
    let event: { seq?: unknown; environment?: unknown; at?: unknown };
    try {
      event = JSON.parse(message);
    } catch {
      return;
    }
    const seq = Number(event.seq);
    if (!Number.isFinite(seq)) return;
    if (typeof event.at === 'string') this.metrics.busLag?.((Date.now() - Date.parse(event.at)) / 1000);
    const gap = seq > this.maxSeen + 1;
    this.maxSeen = Math.max(this.maxSeen, seq);
    const environment = typeof event.environment === 'string' ? event.environment : null;
    for (const g of this.groups.values()) {
      if (seq <= g.lastSeq) continue;
      // A gap means some event never arrived: every group checks, whatever its environment.
      if (gap || !environment || !g.environment || g.environment === environment) g.wake();
    }
  }

  /** The safety net for lost bus messages: compare with the committed sequence. */
  private async poll(): Promise<void> {
    if (this.groups.size === 0) return;
    const seq = await this.currentSeq().catch(() => null);
    if (seq === null) return;
    this.maxSeen = Math.max(this.maxSeen, seq);
    for (const g of this.groups.values()) if (g.lastSeq < seq) g.wake();
  }

  /** One subscriber; the iterator ends when the client completes or disconnects. */
  subscribe(
    translated: TranslatedSubscription,
    identity: Identity,
    scopeKey: string,
    sinceVersion: number | null,
    replay: ReplayBound,
  ): AsyncIterableIterator<ExecutionResult> {
    const key = `${translated.queryText}\n${JSON.stringify(translated.variables)}\n${scopeKey}`;
    let group = this.groups.get(key);
    if (!group) {
      const environment =
        typeof translated.args.environment === 'string' ? translated.args.environment : null;
      group = new Group(key, environment, translated, identity, this);
      this.groups.set(key, group);
    }
    const g = group;
    let subscriber: Subscriber | null = null;
    const queue = new PushQueue<ExecutionResult>(() => {
      if (subscriber) g.subscribers.delete(subscriber);
      if (g.subscribers.size === 0 && this.groups.get(key) === g) {
        g.dispose();
        this.groups.delete(key);
      }
    });
    void g.ready
      .then(async () => {
        if (queue.closed) return;
        subscriber = new Subscriber(queue, sinceVersion ?? g.lastSeq);
        await g.join(subscriber, sinceVersion, identity, replay);
      })
      .catch((err) => {
        queue.push({
          errors: revive([{ message: `configChanged could not start: ${(err as Error).message}` }]),
        } as never);
        queue.end();
      });
    return queue;
  }
}
