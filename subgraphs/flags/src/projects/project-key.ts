/**
 * A key within its project as one string, for maps and per-request loaders: `project/key`. Keys never
 * hold `/` (`^[a-z0-9][a-z0-9._-]*$`), so the split is unambiguous.
 */
export function inProject(project: string, key: string): string {
  return `${project}/${key}`;
}

export function splitInProject(scoped: string): { project: string; key: string } {
  const at = scoped.indexOf('/');
  return { project: scoped.slice(0, at), key: scoped.slice(at + 1) };
}

/** Groups `project/key` strings by project, for one query per project. */
export function keysByProject(scoped: readonly string[]): Map<string, string[]> {
  const byProject = new Map<string, string[]>();
  for (const s of scoped) {
    const { project, key } = splitInProject(s);
    byProject.set(project, [...(byProject.get(project) ?? []), key]);
  }
  return byProject;
}
