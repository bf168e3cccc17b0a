import type { FlagListItem } from './flags-query';

/** The environments every project starts with, in promotion order. */
const STANDARD_ENVIRONMENTS = ['development', 'staging', 'production'];

/**
 * The environment columns of the flag table: the environments the chosen project uses, in its order
 * (`environments`, from the console context; flags carry a configuration for every environment of the
 * installation, so one the project does not use is no column). Without that list: the standard
 * environments in promotion order, then any other environment found on the flags, alphabetically.
 */
export function environmentColumns(
  flags: readonly FlagListItem[],
  environments?: readonly string[],
): string[] {
  if (environments && environments.length > 0) return [...environments];
  const extra = new Set<string>();
  for (const flag of flags) {
    for (const { environment } of flag.environments) {
      if (!STANDARD_ENVIRONMENTS.includes(environment)) extra.add(environment);
    }
  }
  return [...STANDARD_ENVIRONMENTS, ...[...extra].sort()];
}
