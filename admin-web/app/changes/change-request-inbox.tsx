'use client';

import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import type { ChangeRequestStatus } from '../../lib/gql/graphql';
import { graphErrors } from '../../lib/graph-errors';
import { ErrorList, Loading } from '../components/ui';
import { useConsole } from '../console-context';
import { ConfigChangeListener } from '../live';
import { ChangeRequestItem } from '../releases/change-request-item';
import { ChangeRequestDocument, ChangeRequestsDocument } from '../releases/release-queries';

const VIEWS: { key: string; label: string; status: ChangeRequestStatus | null }[] = [
  { key: 'waiting', label: 'Waiting for review', status: 'SUBMITTED' },
  { key: 'approved', label: 'Approved, not applied', status: 'APPROVED' },
  { key: 'drafts', label: 'Drafts', status: 'DRAFT' },
  { key: 'all', label: 'All', status: null },
];

/** The inbox: requests by state, live — a request proposed, reviewed or applied anywhere shows up at once. */
export function ChangeRequestInbox() {
  const { environments, project } = useConsole();
  const [view, setView] = useState('waiting');
  const status = VIEWS.find((v) => v.key === view)?.status ?? null;
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ChangeRequestsDocument,
    variables: { filter: status ? { status, project } : { project }, first: 100 },
    pause: typeof window === 'undefined',
  });
  // A notification links one request (`/changes?request=ID`): it is shown first, whatever its state.
  const [linked, setLinked] = useState<string | null>(null);
  useEffect(() => setLinked(new URLSearchParams(window.location.search).get('request')), []);
  const [one, refetchOne] = useQuery({
    query: ChangeRequestDocument,
    variables: { id: linked ?? '' },
    pause: linked === null,
  });
  const onChange = () => {
    refetch({ requestPolicy: 'network-only' });
    if (linked !== null) refetchOne({ requestPolicy: 'network-only' });
  };
  const policies = data?.approvalPolicies ?? [];
  const bypassIn = (environment: string) =>
    policies.find((p) => p.environment === environment)?.adminBypass ?? false;
  return (
    <>
      {environments.map((e) => (
        <ConfigChangeListener key={e.key} environment={e.key} onChange={onChange} />
      ))}
      <section className="card" aria-label="Approval policies">
        <h2>Protected environments</h2>
        {policies.filter((p) => p.requiredApprovals > 0).length === 0 ? (
          <p className="muted">No environment requires approval: changes apply when saved.</p>
        ) : (
          <ul className="plain-list">
            {policies
              .filter((p) => p.requiredApprovals > 0)
              .map((p) => (
                <li key={p.environment}>
                  <strong>{p.environment}</strong> needs {p.requiredApprovals} approval
                  {p.requiredApprovals === 1 ? '' : 's'} by someone other than the author
                  {p.adminBypass ? '; admins may apply without them (audited)' : ''}.
                </li>
              ))}
          </ul>
        )}
      </section>
      {one.data?.changeRequest ? (
        <section aria-label="Linked change request" data-testid="linked-request">
          <ChangeRequestItem
            request={one.data.changeRequest}
            adminBypass={bypassIn(one.data.changeRequest.environment)}
          />
          {one.data.changeRequest.preview ? (
            <p className="muted" data-testid="linked-request-impact">
              If applied now: {one.data.changeRequest.preview.changed.toLocaleString('en')} of{' '}
              {one.data.changeRequest.preview.contextsConsidered.toLocaleString('en')} recently evaluated
              contexts would get another variation
              {one.data.changeRequest.preview.transitions.length > 0
                ? ` (${one.data.changeRequest.preview.transitions
                    .map((t) => `${t.from ?? 'none'} → ${t.to ?? 'none'}: ${t.count}`)
                    .join(', ')})`
                : ''}
              .
            </p>
          ) : null}
        </section>
      ) : linked !== null && one.data ? (
        <p className="alert alert--warning" role="status">
          No change request {linked}.
        </p>
      ) : null}
      <div className="tabs" role="tablist" aria-label="Change requests">
        {VIEWS.map((v) => (
          <button
            key={v.key}
            type="button"
            role="tab"
            aria-selected={view === v.key}
            onClick={() => setView(v.key)}
          >
            {v.label}
          </button>
        ))}
      </div>
      {data ? (
        data.changeRequests.length === 0 ? (
          <p className="muted" data-testid="no-change-requests">
            Nothing here.
          </p>
        ) : (
          data.changeRequests.map((r) => (
            <ChangeRequestItem key={r.id} request={r} adminBypass={bypassIn(r.environment)} />
          ))
        )
      ) : error && !fetching ? (
        <ErrorList title="The change requests could not be loaded." messages={graphErrors(error).general} />
      ) : (
        <Loading what="the change requests" />
      )}
    </>
  );
}
