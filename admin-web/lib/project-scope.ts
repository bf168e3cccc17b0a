/**
 * What of the console works in the chosen project, and what is still the `default` project's only.
 *
 * Issue 19 makes the console per project. An area that still read and wrote the default project alone in the
 * graph would show or change the default project's data in another project, so it is listed in DEFAULT_ONLY
 * and the console hides it there with a short note. None is left: release plans, change requests, scheduled
 * changes, audit-log reverts, usage, the impact preview, experiments and metrics are per project (import is
 * not in the console, and its exports read the chosen project's flag list and audit log). An area that
 * becomes default-only again goes here; this list is the one place that decides it.
 */

/** Where everything made before projects lives; requests naming no project work here. */
export const DEFAULT_PROJECT = 'default';

/**
 * The project the console works in once it knows the projects the user may read (`projects` lists only
 * those, `default` first when readable): the chosen one when readable, else the first readable one, so
 * someone whose custom roles reach `checkout` alone opens in checkout. Unchanged while the list is unknown
 * or empty.
 */
export function projectToOpen(chosen: string, readable: readonly { key: string }[] | undefined): string {
  if (!readable || readable.length === 0 || readable.some((p) => p.key === chosen)) return chosen;
  return readable[0]!.key;
}

export type ProjectArea =
  | 'releases'
  | 'change-requests'
  | 'scheduled-changes'
  | 'audit-revert'
  | 'flag-usage'
  | 'impact-preview';

export const DEFAULT_ONLY: ReadonlySet<ProjectArea> = new Set<ProjectArea>([]);

/** What a reader sees instead of a default-only area in another project. */
export const AREA_LABELS: Record<ProjectArea, string> = {
  releases: 'Release plans',
  'change-requests': 'Change requests',
  'scheduled-changes': 'Scheduled changes',
  'audit-revert': 'Reverting from the audit log',
  'flag-usage': 'Usage',
  'impact-preview': 'The impact preview',
};

/** Whether `area` may be shown while `project` is chosen. */
export function availableIn(area: ProjectArea, project: string): boolean {
  return project === DEFAULT_PROJECT || !DEFAULT_ONLY.has(area);
}

/** The console's pages that are one default-only area as a whole. */
const AREA_PAGES: [string, ProjectArea][] = [
  ['/changes', 'change-requests'],
  ['/schedule', 'scheduled-changes'],
];

/** The default-only area a page belongs to, if it is one as a whole. */
export function areaOfPage(pathname: string): ProjectArea | null {
  for (const [path, area] of AREA_PAGES) {
    if (pathname === path || pathname.startsWith(`${path}/`)) return area;
  }
  return null;
}
