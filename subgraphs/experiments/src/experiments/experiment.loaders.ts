import DataLoader from 'dataloader';
import type { AlertRepository, AlertRow } from '../alerts/alert.repository';
import type { ExperimentRow } from './experiment.entity';
import type { ExperimentRef, ExperimentRepository } from './experiment.repository';

const refKey = (r: ExperimentRef) => `${r.project}\u0000${r.key}`;

export function createExperimentLoaders(repo: ExperimentRepository, alerts: AlertRepository) {
  return {
    experiment: new DataLoader<ExperimentRef, ExperimentRow | null, string>(
      async (refs) => {
        const rows = await repo.findByRefs(refs);
        const byRef = new Map(rows.map((r) => [refKey(r), r]));
        return refs.map((r) => byRef.get(refKey(r)) ?? null);
      },
      { cacheKeyFn: refKey },
    ),
    /** A flag's experiments, the flag named by (project, key). */
    experimentsByFlag: new DataLoader<ExperimentRef, ExperimentRow[], string>(
      async (flags) => {
        const rows = await repo.findByFlags(flags);
        return flags.map((f) => rows.filter((r) => r.project === f.project && r.flagKey === f.key));
      },
      { cacheKeyFn: refKey },
    ),
    alertsByExperiment: new DataLoader<ExperimentRef, AlertRow[], string>(
      async (refs) => {
        const rows = await alerts.forExperiments(refs);
        return refs.map((r) => rows.filter((a) => a.project === r.project && a.experimentKey === r.key));
      },
      { cacheKeyFn: refKey },
    ),
  };
}

export type ExperimentLoaders = ReturnType<typeof createExperimentLoaders>;
