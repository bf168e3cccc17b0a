import { type CompiledFlagSet, compileFlagSet, type FlagSet, type FlagType } from '@switchyard/core';
import {
  type ConfigChange,
  channels,
  currentChangeSeq,
  type EventBus,
  type Logger,
} from '@switchyard/server-kit';
import type { DataSource } from 'typeorm';
import type { FlagRepository } from '../flags/flag.repository';
import { type SegmentRepository, toCoreSegment } from '../segments/segment.repository';

/** One environment's configuration, raw (for flagSet) and compiled (for evaluate). */
export interface CachedFlagSet {
  snapshot: FlagSet;
  compiled: CompiledFlagSet;
  types: Map<string, FlagType>;
  builtAt: number;
}

/** Optional second level shared by replicas (Redis), so a cold replica skips the compile's SQL. */
export interface FlagSetSnapshotStore {
  get(environment: string): Promise<FlagSet | null>;
  set(snapshot: FlagSet): Promise<void>;
}

/** Rebuilt in the background after this long, in case a change event was lost. */
const MAX_AGE_MS = 30_000;

/**
 * Compiled flag sets per environment, kept until a change event says otherwise. Writes in
 * this process invalidate at once; other replicas' writes arrive over the event bus.
 * When Postgres cannot be read, the last good set keeps serving.
 */
export class FlagSetCache {
  private readonly entries = new Map<string, CachedFlagSet>();
  private readonly building = new Map<string, Promise<CachedFlagSet>>();
  /** Bumped by every invalidation, so a build that raced a change is not kept as current. */
  private generation = 0;
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly flags: FlagRepository,
    private readonly segments: SegmentRepository,
    private readonly logger: Logger,
  ) {}

  private store: FlagSetSnapshotStore | null = null;

  /** With Redis configured: share built snapshots with other replicas. */
  useSnapshotStore(store: FlagSetSnapshotStore): void {
    this.store = store;
  }

  async listen(bus: EventBus): Promise<void> {
    this.unsubscribe = await bus.subscribe(channels.configChanges, (message) => {
      try {
        this.invalidate(JSON.parse(message) as ConfigChange);
      } catch {
        this.invalidate({ environment: null });
      }
    });
  }

  async close(): Promise<void> {
    await this.unsubscribe?.();
  }

  invalidate(change: Pick<ConfigChange, 'environment'>): void {
    this.generation++;
    if (change.environment) this.entries.delete(change.environment);
    else this.entries.clear();
  }

  async get(environment: string): Promise<CachedFlagSet> {
    const entry = this.entries.get(environment);
    if (entry) {
      if (Date.now() - entry.builtAt > MAX_AGE_MS) void this.refresh(environment).catch(() => undefined);
      return entry;
    }
    return this.refresh(environment);
  }

  private refresh(environment: string): Promise<CachedFlagSet> {
    const running = this.building.get(environment);
    if (running) return running;
    const generation = this.generation;
    const build = this.build(environment)
      .then((built) => {
        if (generation === this.generation) this.entries.set(environment, built);
        return built;
      })
      .finally(() => this.building.delete(environment));
    this.building.set(environment, build);
    return build;
  }

  private async build(environment: string): Promise<CachedFlagSet> {
    let snapshot: FlagSet;
    try {
      snapshot = await this.load(environment);
    } catch (err) {
      const stale = this.entries.get(environment);
      if (stale) {
        this.logger.warn({ err: (err as Error).message, environment }, 'serving the last known flag set');
        return stale;
      }
      throw err;
    }
    const types = new Map(snapshot.flags.map((f) => [f.key, f.type]));
    return { snapshot, compiled: compileFlagSet(snapshot), types, builtAt: Date.now() };
  }

  /** Reads the flag set and the sequence number it reflects from one consistent snapshot. */
  private async load(environment: string): Promise<FlagSet> {
    if (this.store) {
      const stored = await this.store.get(environment).catch(() => null);
      let version: number;
      try {
        version = await currentChangeSeq(this.ds);
      } catch (err) {
        // Postgres down on a cold replica: the shared snapshot is the last known config.
        if (!stored) throw err;
        this.logger.warn({ err: (err as Error).message, environment }, 'serving the Redis flag-set snapshot');
        return stored;
      }
      if (stored && stored.version === version) return stored;
    }
    // Built from Postgres: flags and segments read in one snapshot with the sequence number.
    const snapshot = await this.ds.transaction('REPEATABLE READ', async (m) => {
      const envs = await this.flags.environmentKeys(m);
      if (!envs.includes(environment)) return null;
      const version = await currentChangeSeq(m);
      const flags = await this.flags.flagConfigs(m, environment);
      const segments = (await this.segments.all(m)).map(toCoreSegment);
      return { environment, version, flags, segments };
    });
    if (!snapshot) throw new UnknownEnvironment(environment);
    if (this.store) {
      await this.store
        .set(snapshot)
        .catch((err) =>
          this.logger.warn({ err: (err as Error).message }, 'could not store the flag set snapshot'),
        );
    }
    return snapshot;
  }
}

export class UnknownEnvironment extends Error {
  constructor(readonly environment: string) {
    super(`environment "${environment}" does not exist`);
  }
}
