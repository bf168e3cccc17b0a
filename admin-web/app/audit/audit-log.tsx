'use client';

import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../lib/gql';
import type { AuditLogFilter } from '../../lib/gql/graphql';
import { graphErrors } from '../../lib/graph-errors';
import { ErrorList, Loading } from '../components/ui';
import { useConsole } from '../console-context';
import { AuditTable } from './audit-table';

const AuditLogDocument = graphql(`
  query AuditLog($filter: AuditLogFilter, $after: String) {
    auditLog(filter: $filter, first: 50, after: $after) {
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
        environment
        before
        after
      }
    }
  }
`);

const RESOURCE_TYPES = ['flag', 'segment', 'experiment', 'metric', 'environment'];

export function AuditLog() {
  const { environments } = useConsole();
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
  if (form.resourceType) filter.resourceType = form.resourceType;
  if (form.resourceKey.trim()) filter.resourceKey = form.resourceKey.trim();
  if (form.actor.trim()) filter.actor = form.actor.trim();
  if (form.action.trim()) filter.action = form.action.trim();
  if (form.environment) filter.environment = form.environment;
  if (form.from) filter.from = new Date(form.from).toISOString();
  if (form.to) filter.to = new Date(form.to).toISOString();
  const [{ data, error }] = useQuery({
    query: AuditLogDocument,
    variables: { filter, after: cursors[cursors.length - 1] ?? null },
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
          <p className="muted" role="status">
            {data.auditLog.totalCount} entries
          </p>
          <AuditTable entries={data.auditLog.nodes} />
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
