import type { FlagListItem } from './flags-query';

/** The environments every project starts with, in promotion order. */
const STANDARD_ENVIRONMENTS = ['development', 'staging', 'production'];

/**
 * The environment columns of the flag table: the standard environments in promotion
 * order, then any other environment found on the flags, alphabetically.
 */
export function environmentColumns(flags: readonly FlagListItem[]): string[] {
  const extra = new Set<string>();
  for (const flag of flags) {
    for (const { environment } of flag.environments) {
      if (!STANDARD_ENVIRONMENTS.includes(environment)) extra.add(environment);
    }
  }
  return [...STANDARD_ENVIRONMENTS, ...[...extra].sort()];
}
