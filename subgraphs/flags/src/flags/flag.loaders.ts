import DataLoader from 'dataloader';
import type { EnvironmentRow } from '../environments/environment.entity';
import type { EnvironmentService } from '../environments/environment.service';
import type { LifecycleRepository, LifecycleRow } from '../lifecycle/lifecycle.repository';
import type { SegmentRow } from '../segments/segment.entity';
import type { SegmentRepository } from '../segments/segment.repository';
import type { FlagEnvironmentRow, FlagRow } from './flag.entity';
import type { FlagRepository } from './flag.repository';

function byKey<T extends { key: string }>(keys: readonly string[], rows: T[]): (T | null)[] {
  const map = new Map(rows.map((r) => [r.key, r]));
  return keys.map((k) => map.get(k) ?? null);
}

/** Per-request batching: every entity reference in one query costs one SQL round trip. */
export function createFlagLoaders(deps: {
  flags: FlagRepository;
  segments: SegmentRepository;
  environments: EnvironmentService;
  lifecycle: LifecycleRepository;
}) {
  return {
    flagByKey: new DataLoader<string, FlagRow | null>(async (keys) =>
      byKey(keys, await deps.flags.findByKeys(keys)),
    ),
    environmentsByFlagId: new DataLoader<string, FlagEnvironmentRow[]>(async (ids) => {
      const rows = await deps.flags.findEnvironmentsOf(ids);
      return ids.map((id) => rows.filter((r) => r.flagId === id));
    }),
    segmentByKey: new DataLoader<string, SegmentRow | null>(async (keys) =>
      byKey(keys, await deps.segments.findByKeys(keys)),
    ),
    environmentByKey: new DataLoader<string, EnvironmentRow | null>(async (keys) =>
      byKey(keys, await deps.environments.findByKeys(keys)),
    ),
    /** Flag keys using each segment. */
    flagsUsingSegment: new DataLoader<string, string[]>(async (keys) => {
      const rows = await deps.flags.flagsUsingSegments(deps.flags.dataSource, keys);
      return keys.map((k) => rows.filter((r) => r.segment === k).map((r) => r.flag));
    }),
    lifecycleByKey: new DataLoader<string, LifecycleRow | null>(async (keys) => {
      const rows = await deps.lifecycle.forKeys(keys);
      return keys.map((k) => rows.find((r) => r.flagKey === k) ?? null);
    }),
    /** Whether no uploaded repository references the flag; null while none was uploaded. */
    unreferencedFlag: new DataLoader<string, boolean | null>(async (keys) => {
      const unreferenced = await deps.lifecycle.unreferenced(keys);
      return keys.map((k) => (unreferenced ? unreferenced.has(k) : null));
    }),
  };
}

export type FlagLoaders = ReturnType<typeof createFlagLoaders>;
