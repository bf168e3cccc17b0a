import DataLoader from 'dataloader';
import type { EventRepository } from './event.repository';

export function createEventLoaders(repo: EventRepository) {
  return {
    exposuresByExperiment: new DataLoader<string, number>(async (keys) => {
      const counts = await repo.exposureCounts(keys);
      return keys.map((k) => counts.get(k) ?? 0);
    }),
  };
}

export type EventLoaders = ReturnType<typeof createEventLoaders>;
