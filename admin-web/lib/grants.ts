/**
 * Whether the signed-in user's permissions (`User.effectivePermissions`: `permission` everywhere, or
 * `permission@project/environment` with `*` for any) let them do `permission` in `environment` of
 * `project`, by the graph's rule (server-kit's requirePermission): an environment-scoped grant covers
 * only that environment, and a write to `production` also needs the production grant, or a grant of
 * the permission naming `production` itself. The console only offers what the graph will let through;
 * the graph decides.
 */
interface Grant {
  permission: string;
  project: string | null;
  environment: string | null;
}

function grantOf(entry: string): Grant {
  const at = entry.indexOf('@');
  if (at < 0) return { permission: entry, project: null, environment: null };
  const [project = '*', environment = '*'] = entry.slice(at + 1).split('/');
  return {
    permission: entry.slice(0, at),
    project: project === '*' ? null : project,
    environment: environment === '*' ? null : environment,
  };
}

export function allows(
  entries: readonly string[],
  permission: string,
  environment: string | null,
  project = 'default',
): boolean {
  const grants = entries.map(grantOf);
  const covering = (wanted: string) =>
    grants.find(
      (g) =>
        g.permission === wanted &&
        (g.project === null || g.project === project) &&
        (g.environment === null || g.environment === environment),
    );
  const held = covering(permission);
  if (!held) return false;
  const isWrite = permission.endsWith(':write') || permission.endsWith(':manage');
  if (!isWrite || environment !== 'production') return true;
  return held.environment === 'production' || covering('production') !== undefined;
}

/** Whether any grant, in any scope, lets the user write something (they are more than a reader). */
export function writesAnywhere(entries: readonly string[]): boolean {
  return entries.some((entry) => /:write(@|$)/.test(entry));
}
