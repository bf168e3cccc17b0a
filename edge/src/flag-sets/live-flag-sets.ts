import { type CompiledFlagSet, compileFlagSet, type FlagSet, type FlagType } from '@switchyard/core';
import {
  BusCache,
  type ConfigChange,
  channels,
  type EventBus,
  type Logger,
  readConfigChange,
  type Unsubscribe,
} from '@switchyard/server-kit';
import { flagSetScope } from './flag-set-scope';

/** One environment's configuration: as read (for `flagSet`) and compiled (for `evaluate`). */
export interface LiveFlagSet {
  snapshot: FlagSet;
  compiled: CompiledFlagSet;
  types: Map<string, FlagType>;
}

/**
 * Reads one flag set from its source (PostgreSQL in the flags subgraph, the flags subgraph's `flagSet`
 * in the gateway, the upstream gateway in a relay), by its scope (see flagSetScope: a project's in one
 * environment). Null: no such environment, or the project does not use it.
 */
export type FlagSetLoader = (scope: string) => Promise<FlagSet | null>;

/** A set as served: `stale` when it may miss changes because its source could not be read. */
export interface ServedFlagSet {
  /** Null: the environment does not exist (the graph answers NOT_FOUND for it). */
  set: LiveFlagSet | null;
  stale: boolean;
}

export interface LiveFlagSetsOptions {
  logger: Logger;
  /** Rebuilt in the background after this long, in case a change event was lost. */
  maxAgeMs?: number;
  /**
   * How long a request waits for the rebuild of a dropped set when a last known one exists; beyond it
   * the last known set is served, marked stale, while the rebuild goes on. Infinity: wait for the
   * rebuild, and fall back to the last known set only when it fails.
   */
  staleWaitMs?: number;
  /** After a failed rebuild, requests are served the last known set at once for this long. */
  unreachableMs?: number;
}

export function liveFlagSet(snapshot: FlagSet): LiveFlagSet {
  return {
    snapshot,
    compiled: compileFlagSet(snapshot),
    types: new Map(snapshot.flags.map((f) => [f.key, f.type])),
  };
}

/**
 * One live flag set per environment, whoever serves it: a BusCache of built sets (one build at a time per
 * environment, dropped on every change event and every write the owner relays through `invalidate`, a
 * build that raced a change answering its callers but never kept, rebuilt in the background when older
 * than `maxAgeMs`), plus the last known set of each environment, served marked stale while the source
 * cannot be read, as the SDKs do.
 */
export class LiveFlagSets {
  private readonly cache: BusCache<string, LiveFlagSet | null>;
  /** The newest set built for each environment (by version), whether or not a change has dropped it since. */
  private readonly lastKnown = new Map<string, LiveFlagSet>();
  /** Until when the source counts as unreachable (its last rebuild failed). */
  private unreachableUntil = 0;
  private unsubscribe: Unsubscribe | null = null;
  private readonly staleWaitMs: number;
  private readonly unreachableMs: number;

  constructor(
    loader: FlagSetLoader,
    private readonly options: LiveFlagSetsOptions,
  ) {
    this.staleWaitMs = options.staleWaitMs ?? 1000;
    this.unreachableMs = options.unreachableMs ?? 5000;
    this.cache = new BusCache({
      load: async (environment) => {
        const snapshot = await loader(environment);
        this.unreachableUntil = 0;
        const set = snapshot ? liveFlagSet(snapshot) : null;
        // Only environments that exist are remembered, so callers inventing names cannot grow the map;
        // builds may finish out of order, and the last known set only moves forward.
        const known = this.lastKnown.get(environment);
        if (!set) this.lastKnown.delete(environment);
        else if (!known || set.snapshot.version >= known.snapshot.version)
          this.lastKnown.set(environment, set);
        return set;
      },
      ttlMs: Number.POSITIVE_INFINITY,
      maxEntries: 10_000,
      refreshAfterMs: options.maxAgeMs ?? 30_000,
    });
  }

  async listen(bus: EventBus): Promise<void> {
    // A message that is not a change may have been about any environment: all are dropped.
    this.unsubscribe = await this.cache.follow(bus, channels.configChanges, (message) =>
      this.invalidateFor(readConfigChange(message)),
    );
  }

  async close(): Promise<void> {
    await this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** A set's scope (see flagSetScope); `null`: every set (segments and other global changes). */
  invalidate(scope: string | null | undefined): void {
    if (scope) this.cache.invalidate(scope);
    else this.cache.clear();
  }

  /** Drops the set a change concerns: its project's in its environment, or every set for a global one. */
  invalidateFor(change: Pick<ConfigChange, 'environment' | 'project'> | null | undefined): void {
    this.invalidate(change?.environment ? flagSetScope(change.project, change.environment) : null);
  }

  /**
   * The live set (null when the environment does not exist). A dropped set is rebuilt first, so a
   * caller reads its own writes; when the source cannot be read the last known set is served,
   * marked stale, as the SDKs do. Throws when there is none.
   */
  async get(environment: string): Promise<ServedFlagSet> {
    const held = this.cache.peek(environment);
    if (held) return { set: held.value, stale: false };
    const rebuilt = this.cache.get(environment);
    if (!this.lastKnown.has(environment)) return { set: await rebuilt, stale: false };
    const last = this.lastKnown.get(environment)!;
    rebuilt.catch((err: Error) => {
      // Every waiting request has this handler; the first to run logs.
      if (Date.now() >= this.unreachableUntil)
        this.options.logger.warn({ err: err.message, environment }, 'serving the last known flag set');
      this.unreachableUntil = Date.now() + this.unreachableMs;
    });
    if (Date.now() < this.unreachableUntil) return { set: last, stale: true };
    let timer: NodeJS.Timeout | undefined;
    const waited =
      this.staleWaitMs === Number.POSITIVE_INFINITY
        ? rebuilt.then((set) => ({ set }))
        : Promise.race([
            rebuilt.then((set) => ({ set })),
            new Promise<null>((resolve) => {
              timer = setTimeout(() => resolve(null), this.staleWaitMs);
            }),
          ]);
    try {
      const fresh = await waited;
      return fresh ? { set: fresh.set, stale: false } : { set: last, stale: true };
    } catch {
      return { set: last, stale: true };
    } finally {
      clearTimeout(timer);
    }
  }
}
