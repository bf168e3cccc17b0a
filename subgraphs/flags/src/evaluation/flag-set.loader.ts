import type { FlagSet } from '@switchyard/core';
import { splitFlagSetScope } from '@switchyard/edge';
import { currentChangeSeq, type Logger } from '@switchyard/server-kit';
import type { DataSource } from 'typeorm';
import type { FlagRepository } from '../flags/flag.repository';
import { type SegmentRepository, toCoreSegment } from '../segments/segment.repository';
import { projectUsesEnvironment } from '../projects/project-queries';

/** Optional second level shared by replicas (Redis), so a cold replica skips the compile's SQL. */
export interface FlagSetSnapshotStore {
  /** By the set's scope (flagSetScope). */
  get(scope: string): Promise<FlagSet | null>;
  set(snapshot: FlagSet): Promise<void>;
}

/**
 * Reads an environment's flag set from PostgreSQL for the live flag sets of `@switchyard/edge`
 * (which keep, invalidate and fall back); null when the environment does not exist.
 */
export class FlagSetLoader {
  private store: FlagSetSnapshotStore | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly flags: FlagRepository,
    private readonly segments: SegmentRepository,
    private readonly logger: Logger,
  ) {}

  /** With Redis configured: share built snapshots with other replicas. */
  useSnapshotStore(store: FlagSetSnapshotStore): void {
    this.store = store;
  }

  /** The flag set and the sequence number it reflects, from one consistent snapshot. */
  readonly load = async (scope: string): Promise<FlagSet | null> => {
    const { project, environment } = splitFlagSetScope(scope);
    if (this.store) {
      const stored = await this.store.get(scope).catch(() => null);
      let version: number;
      try {
        version = await currentChangeSeq(this.ds);
      } catch (err) {
        // Postgres down on a cold replica: the shared snapshot is the last known config.
        if (!stored) throw err;
        this.logger.warn({ err: (err as Error).message, scope }, 'serving the Redis flag-set snapshot');
        return stored;
      }
      if (stored && stored.version === version) return stored;
    }
    // Flags and segments read in one snapshot with the sequence number.
    const snapshot = await this.ds.transaction('REPEATABLE READ', async (m) => {
      // The environment exists and the project uses it.
      if (!(await projectUsesEnvironment(m, project, environment))) return null;
      const version = await currentChangeSeq(m);
      const flags = await this.flags.flagConfigs(m, project, environment);
      const segments = (await this.segments.all(m, project)).map(toCoreSegment);
      return { environment, project, version, flags, segments };
    });
    if (snapshot && this.store) {
      await this.store
        .set(snapshot)
        .catch((err) =>
          this.logger.warn({ err: (err as Error).message }, 'could not store the flag set snapshot'),
        );
    }
    return snapshot;
  };
}
