'use client';

import { useState } from 'react';
import { type Client, useClient, useQuery } from 'urql';
import { allPages, toCsv } from '../../lib/export-file';
import { graphql } from '../../lib/gql';
import type { AuditLogFilter, AuditLogQuery } from '../../lib/gql/graphql';
import { graphErrors } from '../../lib/graph-errors';
import { ExportButtons } from '../components/export-buttons';
import { ErrorList, Loading } from '../components/ui';
import { DEFAULT_PROJECT } from '../../lib/project-scope';
import { useConsole } from '../console-context';
import { AuditTable } from './audit-table';

const AuditLogDocument = graphql(`
  query AuditLog($filter: AuditLogFilter, $first: Int!, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        seq
        at
        actorName
        action
        resourceType
        resourceKey
        project
        environment
        before
        after
      }
    }
  }
`);

type AuditEntry = AuditLogQuery['auditLog']['nodes'][number];

/** Every entry the filter matches, newest first, in pages of the graph's largest size. */
function allEntries(client: Client, filter: AuditLogFilter): Promise<AuditEntry[]> {
  return allPages(async (after) => {
    const res = await client
      .query(AuditLogDocument, { filter, first: 500, after }, { requestPolicy: 'network-only' })
      .toPromise();
    if (res.error || !res.data) throw new Error(res.error?.message ?? 'no data');
    return res.data.auditLog;
  });
}

const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));

export function auditCsv(entries: AuditEntry[]): string {
  const header = [
    'seq',
    'at',
    'actor',
    'action',
    'resourceType',
    'resourceKey',
    'environment',
    'before',
    'after',
  ];
  return toCsv(
    header,
    entries.map((e) => [
      String(e.seq),
      e.at,
      e.actorName ?? '',
      e.action,
      e.resourceType,
      e.resourceKey,
      e.environment ?? '',
      json(e.before),
      json(e.after),
    ]),
  );
}

const RESOURCE_TYPES = ['flag', 'segment', 'experiment', 'metric', 'environment'];

export function AuditLog() {
  const { environments, project, projects } = useConsole();
  // The chosen project's entries; in the default project every entry, installation-wide ones (users, keys,
  // environments, projects) included, as before projects. Either can be asked for.
  const [scope, setScope] = useState<'project' | 'all'>(project === DEFAULT_PROJECT ? 'all' : 'project');
  const [form, setForm] = useState({
    resourceType: '',
    resourceKey: '',
    actor: '',
    action: '',
    environment: '',
    from: '',
    to: '',
  });
  const [cursors, setCursors] = useState<string[]>([]);
  const filter: AuditLogFilter = {};
  if (scope === 'project') filter.project = project;
  if (form.resourceType) filter.resourceType = form.resourceType;
  if (form.resourceKey.trim()) filter.resourceKey = form.resourceKey.trim();
  if (form.actor.trim()) filter.actor = form.actor.trim();
  if (form.action.trim()) filter.action = form.action.trim();
  if (form.environment) filter.environment = form.environment;
  if (form.from) filter.from = new Date(form.from).toISOString();
  if (form.to) filter.to = new Date(form.to).toISOString();
  const client = useClient();
  const [{ data, error }, reload] = useQuery({
    query: AuditLogDocument,
    variables: { filter, first: 50, after: cursors[cursors.length - 1] ?? null },
    pause: typeof window === 'undefined',
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm({ ...form, [k]: e.target.value });
    setCursors([]);
  };
  return (
    <>
      <form className="toolbar" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          Entries of
          <select
            value={scope}
            onChange={(e) => {
              setScope(e.target.value === 'project' ? 'project' : 'all');
              setCursors([]);
            }}
            data-testid="audit-scope"
          >
            <option value="project">
              Project {projects.find((p) => p.key === project)?.name ?? project}
            </option>
            <option value="all">Every project and the installation</option>
          </select>
        </label>
        <label className="field">
          Resource type
          <select value={form.resourceType} onChange={set('resourceType')}>
            <option value="">Any</option>
            {RESOURCE_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Resource key
          <input value={form.resourceKey} onChange={set('resourceKey')} />
        </label>
        <label className="field">
          Actor
          <input value={form.actor} onChange={set('actor')} />
        </label>
        <label className="field">
          Action
          <input value={form.action} onChange={set('action')} placeholder="e.g. flag.targeting.updated" />
        </label>
        <label className="field">
          Environment
          <select value={form.environment} onChange={set('environment')}>
            <option value="">Any</option>
            {environments.map((e) => (
              <option key={e.key} value={e.key}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          From
          <input type="datetime-local" value={form.from} onChange={set('from')} />
        </label>
        <label className="field">
          To
          <input type="datetime-local" value={form.to} onChange={set('to')} />
        </label>
      </form>
      <ErrorList messages={graphErrors(error).general} title="The audit log could not be loaded." />
      {data ? (
        <>
          <div className="toolbar">
            <p className="muted" role="status" data-testid="audit-total">
              {data.auditLog.totalCount} entries
            </p>
            <ExportButtons name="audit-log" load={() => allEntries(client, filter)} csv={auditCsv} />
          </div>
          <AuditTable
            entries={data.auditLog.nodes}
            onReverted={() => reload({ requestPolicy: 'network-only' })}
          />
          <nav className="toolbar" aria-label="Pages" style={{ marginTop: '0.75rem' }}>
            <button
              type="button"
              className="button"
              disabled={cursors.length === 0}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              Newer
            </button>
            <button
              type="button"
              className="button"
              disabled={!data.auditLog.pageInfo.hasNextPage}
              onClick={() => {
                const next = data.auditLog.pageInfo.endCursor;
                if (next) setCursors([...cursors, next]);
              }}
            >
              Older
            </button>
          </nav>
        </>
      ) : error ? null : (
        <Loading what="the audit log" />
      )}
    </>
  );
}
