import DataLoader from 'dataloader';
import type { MetricRow } from '../metrics/metric.entity';
import type { MetricRepository } from '../metrics/metric.repository';
import type { RebuildJob, RebuildJobRepository } from '../rollups/rebuild-jobs';
import type { RollupRepository } from '../rollups/rollup.repository';

export function createEventLoaders(
  rollups: RollupRepository,
  metrics: MetricRepository,
  rebuilds: RebuildJobRepository,
) {
  return {
    exposuresByExperiment: new DataLoader<string, number>(async (keys) => {
      const counts = await rollups.exposureTotals(keys);
      return keys.map((k) => counts.get(k) ?? 0);
    }),
    /** By project-scoped key (MetricRow.storageKey). */
    metricByKey: new DataLoader<string, MetricRow | null>(async (keys) => {
      const rows = await metrics.byKeys(keys);
      const byKey = new Map(rows.map((m) => [m.storageKey, m]));
      return keys.map((k) => byKey.get(k) ?? null);
    }),
    latestRebuild: new DataLoader<string, RebuildJob | null>(async (keys) => {
      const latest = await rebuilds.latest(keys);
      return keys.map((k) => latest.get(k) ?? null);
    }),
  };
}

export type EventLoaders = ReturnType<typeof createEventLoaders>;
