import { Client, Pool } from 'pg';
import { createRedisClient } from './redis-client';
import type { Logger } from './logger';

export type Unsubscribe = () => Promise<void>;

/** Pub/sub between services and gateway replicas; at-most-once, the outbox covers loss. */
export interface EventBus {
  readonly kind: 'redis' | 'postgres';
  publish(channel: string, message: string): Promise<void>;
  /** Several messages at once, in order: one round trip instead of one per message. */
  publishMany(channel: string, messages: readonly string[]): Promise<void>;
  subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe>;
  close(): Promise<void>;
}

/** Channel names: identifiers, so they are valid for Postgres LISTEN as well. */
export const channels = {
  configChanges: 'switchyard_config_changes',
  exposures: 'switchyard_exposures',
  experimentResults: 'switchyard_experiment_results',
  evaluations: 'switchyard_evaluations',
  /** Sampled evaluated contexts (`[{ environment, key, attributes }]`), for the flags subgraph's impact preview. */
  recentContexts: 'switchyard_recent_contexts',
  /**
   * `{ "metrics": [key, …], "flags": [key, …] }`: metrics that just got events, stamped with these flags
   * (no `flags`: any), from analytics, so the release guards on them are read now.
   */
  metricEvents: 'switchyard_metric_events',
} as const;

export async function createEventBus(opts: {
  redisUrl?: string;
  databaseUrl: string;
  logger: Logger;
}): Promise<EventBus> {
  return opts.redisUrl
    ? RedisEventBus.connect(opts.redisUrl, opts.logger)
    : PostgresEventBus.connect(opts.databaseUrl, opts.logger);
}

/** The few commands the bus uses, so duplicate()'s differently-typed client fits too. */
interface RedisClient {
  publish(channel: string, message: string): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  unsubscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  close(): Promise<unknown>;
}

export class RedisEventBus implements EventBus {
  readonly kind = 'redis' as const;
  private constructor(
    private readonly pub: RedisClient,
    private readonly sub: RedisClient,
  ) {}

  static async connect(url: string, logger: Logger): Promise<RedisEventBus> {
    // Keep retrying forever: Redis coming back must not need a service restart.
    const reconnectStrategy = (retries: number) => Math.min(50 * 2 ** retries, 2000);
    // Publishing fails at once while Redis is away (no offline queue), so a write never
    // waits for Redis: the outbox keeps the change and the relay publishes it later.
    const pub = createRedisClient({ url, socket: { reconnectStrategy }, disableOfflineQueue: true });
    const sub = pub.duplicate({ disableOfflineQueue: false });
    pub.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis publisher error'));
    sub.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis subscriber error'));
    await Promise.all([pub.connect(), sub.connect()]);
    return new RedisEventBus(pub as unknown as RedisClient, sub as unknown as RedisClient);
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.pub.publish(channel, message);
  }

  async publishMany(channel: string, messages: readonly string[]): Promise<void> {
    // Commands issued in the same tick go out as one pipeline.
    await Promise.all(messages.map((m) => this.pub.publish(channel, m)));
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe> {
    await this.sub.subscribe(channel, handler);
    return async () => {
      await this.sub.unsubscribe(channel, handler);
    };
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.pub.close(), this.sub.close()]);
  }
}

export class PostgresEventBus implements EventBus {
  readonly kind = 'postgres' as const;
  private readonly handlers = new Map<string, Set<(message: string) => void>>();
  private listener: Client | null = null;
  private closed = false;

  private constructor(
    private readonly url: string,
    private readonly pool: Pool,
    private readonly logger: Logger,
  ) {}

  static async connect(url: string, logger: Logger): Promise<PostgresEventBus> {
    const pool = new Pool({ connectionString: url, max: 2 });
    // An idle client dropped by the server (restart, shutdown) must not crash the service.
    pool.on('error', (err) => logger.warn({ err: err.message }, 'event bus pool error'));
    const bus = new PostgresEventBus(url, pool, logger);
    await bus.connectListener();
    return bus;
  }

  private async connectListener(): Promise<void> {
    const client = new Client({ connectionString: this.url });
    client.on('notification', (n) => {
      for (const h of this.handlers.get(n.channel) ?? []) h(n.payload ?? '');
    });
    client.on('error', (err) => {
      this.logger.warn({ err: err.message }, 'postgres listener lost; reconnecting');
      this.listener = null;
      void this.reconnect();
    });
    await client.connect();
    for (const channel of this.handlers.keys()) await client.query(`LISTEN ${channel}`);
    this.listener = client;
  }

  private async reconnect(): Promise<void> {
    for (let attempt = 0; !this.closed && !this.listener; attempt++) {
      await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 2000)));
      await this.connectListener().catch(() => undefined);
    }
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [channel, message]);
  }

  async publishMany(channel: string, messages: readonly string[]): Promise<void> {
    if (messages.length === 0) return;
    // One statement, one transaction: the notifications are delivered together, in array order.
    await this.pool.query('SELECT pg_notify($1, m) FROM unnest($2::text[]) AS m', [channel, messages]);
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe> {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      await this.listener?.query(`LISTEN ${channel}`);
    }
    set.add(handler);
    return async () => {
      set.delete(handler);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([this.listener?.end(), this.pool.end()]);
  }
}
