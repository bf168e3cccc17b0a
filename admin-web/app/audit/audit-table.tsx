'use client';

import { Fragment, useState } from 'react';
import { availableIn } from '../../lib/project-scope';
import { When } from '../components/ui';
import { useConsole } from '../console-context';
import { canRevert, RevertButton } from './revert-button';

export interface AuditRow {
  id: string;
  seq: number;
  at: string;
  actorName: string;
  action: string;
  resourceType: string;
  resourceKey?: string;
  /** The project of the entry's flag, segment, experiment or metric; null for installation-wide entries. */
  project?: string | null;
  environment?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Audit entries with an expandable before/after diff; flag and segment entries can be reverted to. */
export function AuditTable({
  entries,
  showResource = true,
  onReverted,
}: {
  entries: AuditRow[];
  showResource?: boolean;
  /** Called after a revert succeeded, to reload the entries. */
  onReverted?: () => void;
}) {
  const { project } = useConsole();
  const [open, setOpen] = useState<string | null>(null);
  // Reverts work in the default project only so far (lib/project-scope.ts), and never across projects.
  const revertable = (e: AuditRow) => availableIn('audit-revert', project) && e.project === project;
  if (entries.length === 0) return <p className="muted">No entries.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            {showResource ? <th scope="col">Resource</th> : null}
            <th scope="col">Environment</th>
            <th scope="col">
              <span className="visually-hidden">Diff</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <Fragment key={e.id}>
              <tr data-testid="audit-row">
                <td>
                  <When at={e.at} />
                </td>
                <td>{e.actorName}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                {showResource ? (
                  <td>
                    {e.resourceType} <code>{e.resourceKey}</code>
                    {e.project && e.project !== project ? (
                      <span className="muted"> in project {e.project}</span>
                    ) : null}
                  </td>
                ) : null}
                <td>{e.environment ?? <span className="muted">all</span>}</td>
                <td>
                  <button
                    type="button"
                    className="button button--small"
                    aria-expanded={open === e.id}
                    aria-controls={`diff-${e.id}`}
                    onClick={() => setOpen(open === e.id ? null : e.id)}
                  >
                    {open === e.id ? 'Hide changes' : 'Show changes'}
                  </button>
                  {canRevert(e) && revertable(e) ? (
                    <>
                      {' '}
                      <RevertButton entry={e} onReverted={onReverted} />
                    </>
                  ) : null}
                </td>
              </tr>
              {open === e.id ? (
                <tr id={`diff-${e.id}`}>
                  <td colSpan={showResource ? 6 : 5}>
                    <Diff before={e.before} after={e.after} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Change = { path: string; before: unknown; after: unknown };

function flatten(value: unknown, prefix: string, out: Map<string, unknown>) {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value);
    if (entries.length === 0) out.set(prefix || '(value)', value);
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix || '(value)', value);
  }
}

export function diff(before: unknown, after: unknown): Change[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  if (before !== undefined && before !== null) flatten(before, '', a);
  if (after !== undefined && after !== null) flatten(after, '', b);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths
    .filter((p) => JSON.stringify(a.get(p)) !== JSON.stringify(b.get(p)))
    .map((p) => ({ path: p, before: a.get(p), after: b.get(p) }));
}

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

function Diff({ before, after }: { before: unknown; after: unknown }) {
  const changes = diff(before, after);
  if (changes.length === 0) return <p className="muted">No field changed.</p>;
  return (
    <table className="data-table diff" data-testid="audit-diff">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.path}>
            <th scope="row">
              <code>{c.path}</code>
            </th>
            <td className="diff__before">
              <code>{show(c.before)}</code>
            </td>
            <td className="diff__after">
              <code>{show(c.after)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
