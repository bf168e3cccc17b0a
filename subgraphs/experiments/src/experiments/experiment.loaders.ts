import DataLoader from 'dataloader';
import type { AlertRepository, AlertRow } from '../alerts/alert.repository';
import type { ExperimentRow } from './experiment.entity';
import type { ExperimentRepository } from './experiment.repository';

export function createExperimentLoaders(repo: ExperimentRepository, alerts: AlertRepository) {
  return {
    experimentByKey: new DataLoader<string, ExperimentRow | null>(async (keys) => {
      const rows = await repo.findByKeys(keys);
      const byKey = new Map(rows.map((r) => [r.key, r]));
      return keys.map((k) => byKey.get(k) ?? null);
    }),
    experimentsByFlagKey: new DataLoader<string, ExperimentRow[]>(async (flagKeys) => {
      const rows = await repo.findByFlagKeys(flagKeys);
      return flagKeys.map((k) => rows.filter((r) => r.flagKey === k));
    }),
    alertsByExperiment: new DataLoader<string, AlertRow[]>(async (keys) => {
      const rows = await alerts.forExperiments(keys);
      return keys.map((k) => rows.filter((r) => r.experimentKey === k));
    }),
  };
}

export type ExperimentLoaders = ReturnType<typeof createExperimentLoaders>;
