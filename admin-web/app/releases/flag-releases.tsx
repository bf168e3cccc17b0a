'use client';

import { useEffect } from 'react';
import { useQuery } from 'urql';
import { graphErrors } from '../../lib/graph-errors';
import { ErrorList, Loading } from '../components/ui';
import { ConfigChangeListener, type LiveChange } from '../live';
import { ChangeRequestItem } from './change-request-item';
import { ReleasePlans } from './release-plan-card';
import { FlagReleasesDocument } from './release-queries';
import { ScheduledChangesTable } from './scheduled-changes';

const GUARD_REFRESH_MS = 5_000;
const RELEASE_RESOURCES = new Set(['release_plan', 'scheduled_change', 'change_request', 'approval_policy']);

/**
 * The flag page's release cards for one environment: its release plan, its open change requests
 * and its scheduled changes, refreshed whenever any of them (or the flag) changes.
 */
export function FlagReleases({ flagKey, environment }: { flagKey: string; environment: string }) {
  const [{ data, error, fetching }, refetch] = useQuery({
    query: FlagReleasesDocument,
    variables: { key: flagKey, environment },
    pause: typeof window === 'undefined',
  });
  const onChange = (change: LiveChange) => {
    if (change.resourceKey === flagKey || RELEASE_RESOURCES.has(change.resourceType)) {
      refetch({ requestPolicy: 'network-only' });
    }
  };
  // Guard values change with traffic, not with config: while a plan runs they are read again every few seconds.
  const running =
    data?.flag?.releasePlans.some((p) => p.status === 'ACTIVE' || p.status === 'PAUSED') ?? false;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), GUARD_REFRESH_MS);
    return () => clearInterval(timer);
  }, [running, refetch]);
  const listener = <ConfigChangeListener environment={environment} onChange={onChange} />;
  if (!data?.flag) {
    return (
      <>
        {listener}
        {error && !fetching ? (
          <ErrorList title="The releases could not be loaded." messages={graphErrors(error).general} />
        ) : data ? null : (
          <Loading what="the releases" />
        )}
      </>
    );
  }
  const policy = data.approvalPolicies.find((p) => p.environment === environment);
  const open = data.changeRequests.filter((r) => r.status !== 'APPLIED' && r.status !== 'REJECTED');
  return (
    <>
      {listener}
      <ReleasePlans
        flag={data.flag}
        environment={environment}
        templates={data.releaseTemplates}
        metrics={data.metrics}
        protectedBy={policy?.requiredApprovals ?? 0}
      />
      {policy && policy.requiredApprovals > 0 ? (
        <section className="card" aria-labelledby="flag-change-requests-title">
          <h2 id="flag-change-requests-title">Change requests in {environment}</h2>
          {open.length === 0 ? (
            <p className="muted">No open change request for this flag.</p>
          ) : (
            open.map((r) => <ChangeRequestItem key={r.id} request={r} adminBypass={policy.adminBypass} />)
          )}
        </section>
      ) : null}
      <section className="card" aria-labelledby="flag-scheduled-title">
        <h2 id="flag-scheduled-title">Scheduled changes in {environment}</h2>
        <ScheduledChangesTable changes={data.flag.scheduledChanges} label="Scheduled changes of this flag" />
      </section>
    </>
  );
}
