'use client';

import { usePathname } from 'next/navigation';
import { Fragment, type ReactNode } from 'react';
import {
  AREA_LABELS,
  availableIn,
  areaOfPage,
  DEFAULT_PROJECT,
  type ProjectArea,
} from '../../lib/project-scope';
import { useConsole, useProjectChoice } from '../console-context';

/** `children` while the chosen project may show every one of `areas` (lib/project-scope.ts); nothing otherwise. */
export function DefaultOnly({ areas, children }: { areas: ProjectArea[]; children: ReactNode }) {
  const { project } = useConsole();
  return areas.every((area) => availableIn(area, project)) ? children : null;
}

/** One short line naming the areas of a page that are hidden in the chosen project; nothing when none is. */
export function DefaultOnlyNote({ areas }: { areas: ProjectArea[] }) {
  const { project, projects } = useConsole();
  const hidden = areas.filter((area) => !availableIn(area, project));
  if (hidden.length === 0) return null;
  const names = hidden.map((area) => AREA_LABELS[area]);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const defaultName = projects.find((p) => p.key === DEFAULT_PROJECT)?.name ?? 'Default';
  return (
    <p className="muted" role="note" data-testid="default-only-note">
      Not per project yet: {list} — they work in the {defaultName} project only, so they are not shown here.
    </p>
  );
}

/**
 * The page, in the chosen project: rendered afresh when the project changes (no draft or page of another
 * project survives), and replaced by a short note on a page that is still the default project's only.
 * Until the browser knows the project nothing asks the graph (see UrqlProvider).
 */
export function ProjectPage({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const { project, resolved } = useProjectChoice();
  const area = areaOfPage(pathname);
  if (resolved && area && !availableIn(area, project)) {
    return (
      <div className="card" data-testid="default-only-page">
        <h1>{AREA_LABELS[area]}</h1>
        <DefaultOnlyNote areas={[area]} />
      </div>
    );
  }
  return <Fragment key={project}>{children}</Fragment>;
}
