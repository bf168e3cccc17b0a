import { projectScopedKey, splitProjectScopedKey } from '@switchyard/server-kit';

/**
 * What one live flag set holds: a project's flags and segments in one environment (issue 19). Named as
 * one string for the maps, caches and Redis keys that hold sets: the default project's sets keep the
 * environment's bare name they had before projects; another project's are `project/environment`
 * (keys never hold `/`).
 */
export function flagSetScope(project: string | null | undefined, environment: string): string {
  return projectScopedKey(project, environment);
}

export function splitFlagSetScope(scope: string): { project: string; environment: string } {
  const { project, key } = splitProjectScopedKey(scope);
  return { project, environment: key };
}
