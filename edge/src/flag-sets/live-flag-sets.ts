import { type CompiledFlagSet, compileFlagSet, type FlagSet, type FlagType } from '@switchyard/core';
import {
  type ConfigChange,
  channels,
  type EventBus,
  type Logger,
  type Unsubscribe,
} from '@switchyard/server-kit';

/** One environment's configuration: as read (for `flagSet`) and compiled (for `evaluate`). */
export interface LiveFlagSet {
  snapshot: FlagSet;
  compiled: CompiledFlagSet;
  types: Map<string, FlagType>;
}

/**
 * Reads one environment's flag set from its source (PostgreSQL in the flags subgraph, the flags
 * subgraph's `flagSet` in the gateway, the upstream gateway in a relay). Null: no such environment.
 */
export type FlagSetLoader = (environment: string) => Promise<FlagSet | null>;

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

interface Slot {
  set: LiveFlagSet | null;
  generation: number;
  stale: boolean;
  builtAt: number;
}

export function liveFlagSet(snapshot: FlagSet): LiveFlagSet {
  return {
    snapshot,
    compiled: compileFlagSet(snapshot),
    types: new Map(snapshot.flags.map((f) => [f.key, f.type])),
  };
}

/**
 * One live flag set per environment, whoever serves it: loaded through the loader handed in, one
 * build at a time per environment, dropped on every change event (and every write the owner
 * relays, through `invalidate`), rebuilt when older than `maxAgeMs`, and the last known set served,
 * marked stale, while its source cannot be read. A build that raced a change is never served as
 * fresh: every invalidation bumps a generation, and a build started before it is not joined.
 */
export class LiveFlagSets {
  private readonly slots = new Map<string, Slot>();
  private readonly building = new Map<string, { generation: number; promise: Promise<Slot> }>();
  private generation = 0;
  /** Until when the source counts as unreachable (its last rebuild failed). */
  private unreachableUntil = 0;
  private unsubscribe: Unsubscribe | null = null;
  private readonly maxAgeMs: number;
  private readonly staleWaitMs: number;
  private readonly unreachableMs: number;

  constructor(
    private readonly loader: FlagSetLoader,
    private readonly options: LiveFlagSetsOptions,
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 30_000;
    this.staleWaitMs = options.staleWaitMs ?? 1000;
    this.unreachableMs = options.unreachableMs ?? 5000;
  }

  async listen(bus: EventBus): Promise<void> {
    this.unsubscribe = await bus.subscribe(channels.configChanges, (message) => {
      try {
        this.invalidate((JSON.parse(message) as ConfigChange).environment);
      } catch {
        this.invalidate(null);
      }
    });
  }

  async close(): Promise<void> {
    await this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** `null`: every environment (segments and other global changes). */
  invalidate(environment: string | null | undefined): void {
    this.generation++;
    for (const [key, slot] of this.slots) if (!environment || key === environment) slot.stale = true;
  }

  /**
   * The live set (null when the environment does not exist). A dropped set is rebuilt first, so a
   * caller reads its own writes; when the source cannot be read the last known set is served,
   * marked stale, as the SDKs do. Throws when there is none.
   */
  async get(environment: string): Promise<ServedFlagSet> {
    const slot = this.slots.get(environment);
    if (slot && !slot.stale) {
      if (Date.now() - slot.builtAt > this.maxAgeMs) void this.refresh(environment).catch(() => undefined);
      return { set: slot.set, stale: false };
    }
    const rebuilt = this.refresh(environment);
    if (!slot) return { set: (await rebuilt).set, stale: false };
    rebuilt.catch((err: Error) => {
      // Every waiting request has this handler; the first to run logs.
      if (Date.now() >= this.unreachableUntil)
        this.options.logger.warn({ err: err.message, environment }, 'serving the last known flag set');
      this.unreachableUntil = Date.now() + this.unreachableMs;
    });
    if (Date.now() < this.unreachableUntil) return { set: slot.set, stale: true };
    let timer: NodeJS.Timeout | undefined;
    const waited =
      this.staleWaitMs === Number.POSITIVE_INFINITY
        ? rebuilt
        : Promise.race([
            rebuilt,
            new Promise<null>((resolve) => {
              timer = setTimeout(() => resolve(null), this.staleWaitMs);
            }),
          ]);
    try {
      const fresh = await waited;
      return fresh ? { set: fresh.set, stale: false } : { set: slot.set, stale: true };
    } catch {
      return { set: slot.set, stale: true };
    } finally {
      clearTimeout(timer);
    }
  }

  private refresh(environment: string): Promise<Slot> {
    const running = this.building.get(environment);
    // A build started before the latest change may have read the old rules: never join it.
    if (running && running.generation === this.generation) return running.promise;
    const generation = this.generation;
    const promise = this.loader(environment)
      .then((snapshot) => {
        this.unreachableUntil = 0;
        const slot: Slot = {
          set: snapshot ? liveFlagSet(snapshot) : null,
          generation,
          stale: generation !== this.generation,
          builtAt: Date.now(),
        };
        const current = this.slots.get(environment);
        if (!current || current.generation <= generation) this.slots.set(environment, slot);
        return slot;
      })
      .finally(() => {
        if (this.building.get(environment)?.promise === promise) this.building.delete(environment);
      });
    this.building.set(environment, { generation, promise });
    return promise;
  }
}
