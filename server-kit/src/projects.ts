/**
 * The project a request works in when it names none, and where everything made before projects lives
 * (issue 19). Projects themselves are the flags subgraph's (flags.projects).
 */
export const DEFAULT_PROJECT = 'default';

/**
 * One string naming a key within its project, for stores that keep one key column (analytics' rollups,
 * events and caches): the default project's keys stay bare, as they were before projects; another
 * project's are `project/key` (keys never hold `/`, so the split is unambiguous).
 */
export function projectScopedKey(project: string | null | undefined, key: string): string {
  return !project || project === DEFAULT_PROJECT ? key : `${project}/${key}`;
}

export function splitProjectScopedKey(scoped: string): { project: string; key: string } {
  const at = scoped.indexOf('/');
  return at < 0
    ? { project: DEFAULT_PROJECT, key: scoped }
    : { project: scoped.slice(0, at), key: scoped.slice(at + 1) };
}
