import DataLoader from 'dataloader';
import type { FlagEnvironmentRow, FlagRow } from './flag.entity';
import type { FlagRepository } from './flag.repository';

/** Per-request batching: every flag reference in one query costs one SQL round trip. */
export function createFlagLoaders(repo: FlagRepository) {
  return {
    flagByKey: new DataLoader<string, FlagRow | null>(async (keys) => {
      const rows = await repo.findByKeys(keys);
      const byKey = new Map(rows.map((r) => [r.key, r]));
      return keys.map((k) => byKey.get(k) ?? null);
    }),
    environmentsByFlagId: new DataLoader<string, FlagEnvironmentRow[]>(async (ids) => {
      const rows = await repo.findEnvironmentsOf(ids);
      return ids.map((id) => rows.filter((r) => r.flagId === id));
    }),
  };
}

export type FlagLoaders = ReturnType<typeof createFlagLoaders>;
