import DataLoader from 'dataloader';
import type { EnvironmentRow } from '../environments/environment.entity';
import type { EnvironmentService } from '../environments/environment.service';
import type { LifecycleRepository, LifecycleRow } from '../lifecycle/lifecycle.repository';
import type { SegmentRow } from '../segments/segment.entity';
import type { SegmentRepository } from '../segments/segment.repository';
import type { FlagEnvironmentRow, FlagRow } from './flag.entity';
import type { FlagRepository } from './flag.repository';
import { inProject, keysByProject } from '../projects/project-key';

function byKey<T extends { key: string }>(keys: readonly string[], rows: T[]): (T | null)[] {
  const map = new Map(rows.map((r) => [r.key, r]));
  return keys.map((k) => map.get(k) ?? null);
}

/** Loads `project/key` strings with one query per project, answering in their order. */
async function byProjectKey<T>(
  scoped: readonly string[],
  load: (project: string, keys: string[]) => Promise<T[]>,
  keyOf: (row: T) => string,
): Promise<(T | null)[]> {
  const found = new Map<string, T>();
  for (const [project, keys] of keysByProject(scoped)) {
    for (const row of await load(project, keys)) found.set(inProject(project, keyOf(row)), row);
  }
  return scoped.map((s) => found.get(s) ?? null);
}

/** Per-request batching: every entity reference in one query costs one SQL round trip. */
export function createFlagLoaders(deps: {
  flags: FlagRepository;
  segments: SegmentRepository;
  environments: EnvironmentService;
  lifecycle: LifecycleRepository;
}) {
  return {
    /** By `project/key` (see inProject). */
    flag: new DataLoader<string, FlagRow | null>((scoped) =>
      byProjectKey(
        scoped,
        (project, keys) => deps.flags.findByKeys(project, keys),
        (f) => f.key,
      ),
    ),
    environmentsByFlagId: new DataLoader<string, FlagEnvironmentRow[]>(async (ids) => {
      const rows = await deps.flags.findEnvironmentsOf(ids);
      return ids.map((id) => rows.filter((r) => r.flagId === id));
    }),
    /** By `project/key`. */
    segment: new DataLoader<string, SegmentRow | null>((scoped) =>
      byProjectKey(
        scoped,
        (project, keys) => deps.segments.findByKeys(project, keys),
        (s) => s.key,
      ),
    ),
    environmentByKey: new DataLoader<string, EnvironmentRow | null>(async (keys) =>
      byKey(keys, await deps.environments.findByKeys(keys)),
    ),
    /** Keys of the flags of the segment's project using each segment (by `project/key`). */
    flagsUsingSegment: new DataLoader<string, string[]>(async (scoped) => {
      const using = new Map<string, string[]>();
      for (const [project, keys] of keysByProject(scoped)) {
        for (const r of await deps.flags.flagsUsingSegments(deps.flags.dataSource, project, keys)) {
          const at = inProject(project, r.segment);
          using.set(at, [...(using.get(at) ?? []), r.flag]);
        }
      }
      return scoped.map((s) => using.get(s) ?? []);
    }),
    /** By `project/key`. */
    lifecycle: new DataLoader<string, LifecycleRow | null>((scoped) =>
      byProjectKey(
        scoped,
        (project, keys) => deps.lifecycle.forKeys(project, keys),
        (r) => r.flagKey,
      ),
    ),
    /** Whether no uploaded repository of the project references the flag; null while none was uploaded. */
    unreferencedFlag: new DataLoader<string, boolean | null>(async (scoped) => {
      const answers = new Map<string, boolean | null>();
      for (const [project, keys] of keysByProject(scoped)) {
        const unreferenced = await deps.lifecycle.unreferenced(project, keys);
        for (const k of keys) answers.set(inProject(project, k), unreferenced ? unreferenced.has(k) : null);
      }
      return scoped.map((s) => answers.get(s) ?? null);
    }),
  };
}

export type FlagLoaders = ReturnType<typeof createFlagLoaders>;
