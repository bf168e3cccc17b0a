import type { FlagSet } from '@switchyard/core';
import { createRedisClient, type Logger } from '@switchyard/server-kit';
import { flagSetScope } from '@switchyard/edge';
import type { FlagSetSnapshotStore } from './flag-set.loader';

/** The two commands the store uses, so the client's generics stay out of the way. */
interface RedisKeyValue {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options: { EX: number }): Promise<unknown>;
  close(): Promise<unknown>;
}

/**
 * Flag-set snapshots in Redis, one key per database and environment. Readers trust a
 * snapshot only when its version equals the current change sequence, so a stale or
 * racing write is never served.
 */
export class RedisFlagSetStore implements FlagSetSnapshotStore {
  private constructor(
    private readonly client: RedisKeyValue,
    private readonly prefix: string,
  ) {}

  /** `namespace` keeps databases sharing one Redis (test suites, stacks) apart. */
  static async connect(url: string, namespace: string, logger: Logger): Promise<RedisFlagSetStore> {
    // Commands fail at once while Redis is away (no offline queue): evaluation then builds
    // from Postgres instead of waiting for Redis.
    const client = createRedisClient({
      url,
      disableOfflineQueue: true,
      socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000) },
    });
    client.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis flag-set store error'));
    await client.connect();
    return new RedisFlagSetStore(client as unknown as RedisKeyValue, `switchyard:flagset:${namespace}:`);
  }

  /** By the set's scope (flagSetScope): the default project's keep their environment's name. */
  key(scope: string): string {
    return `${this.prefix}${scope}`;
  }

  async get(scope: string): Promise<FlagSet | null> {
    const raw = await this.client.get(this.key(scope));
    return raw ? (JSON.parse(raw) as FlagSet) : null;
  }

  async set(snapshot: FlagSet): Promise<void> {
    // A day: long enough for cold replicas, short enough that dropped environments fade away.
    await this.client.set(
      this.key(flagSetScope(snapshot.project, snapshot.environment)),
      JSON.stringify(snapshot),
      {
        EX: 86_400,
      },
    );
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
