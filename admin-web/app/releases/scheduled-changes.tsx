'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useMutation } from 'urql';
import { allMessages, graphErrors } from '../../lib/graph-errors';
import { fromLocalInput, toLocalInput } from '../../lib/local-datetime';
import { ErrorList, StatusBadge, When } from '../components/ui';
import { useConsole } from '../console-context';
import {
  CancelScheduledChangeDocument,
  RescheduleChangeDocument,
  type ScheduledChangeView,
} from './release-queries';

/** Scheduled changes as a table: what, when, against which version, and what became of them. */
export function ScheduledChangesTable({
  changes,
  showFlag,
  label,
}: {
  changes: ScheduledChangeView[];
  showFlag?: boolean;
  label: string;
}) {
  if (changes.length === 0) return <p className="muted">No scheduled changes.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">When</th>
            {showFlag ? <th scope="col">Flag</th> : null}
            <th scope="col">Environment</th>
            <th scope="col">Change</th>
            <th scope="col">Status</th>
            <th scope="col">By</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <ScheduledChangeRow key={c.id} change={c} showFlag={showFlag} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ScheduledChangeRow({ change, showFlag }: { change: ScheduledChangeView; showFlag?: boolean }) {
  const { canEditIn } = useConsole();
  const [editing, setEditing] = useState(false);
  const [at, setAt] = useState(toLocalInput(change.at));
  const [moved, reschedule] = useMutation(RescheduleChangeDocument);
  const [cancelled, cancel] = useMutation(CancelScheduledChangeDocument);
  const errors = graphErrors(moved.error ?? cancelled.error);
  const pending = change.status === 'PENDING';
  return (
    <tr data-testid="scheduled-change" data-status={change.status}>
      <td>
        {editing ? (
          <input
            type="datetime-local"
            aria-label="New time"
            value={at}
            onChange={(e) => setAt(e.target.value)}
          />
        ) : (
          <When at={change.at} />
        )}
      </td>
      {showFlag ? (
        <td>
          <Link
            href={`/flags/${encodeURIComponent(change.flagKey)}?env=${encodeURIComponent(change.environment)}`}
          >
            <code>{change.flagKey}</code>
          </Link>
        </td>
      ) : null}
      <td>{change.environment}</td>
      <td>
        {describeChange(change.kind)}{' '}
        <span className="muted">(written against version {change.writtenAgainstVersion})</span>
      </td>
      <td>
        <StatusBadge status={change.status} />
        {change.reason ? <p className="field-error">{change.reason}</p> : null}
        {change.appliedAt ? (
          <span className="muted">
            {' '}
            <When at={change.appliedAt} />
          </span>
        ) : null}
      </td>
      <td>{change.createdBy ?? ''}</td>
      <td>
        {pending && canEditIn(change.environment) ? (
          <div className="toolbar" style={{ margin: 0 }}>
            {editing ? (
              <>
                <button
                  type="button"
                  className="button button--small button--primary"
                  onClick={async () => {
                    const iso = fromLocalInput(at);
                    if (!iso) return;
                    const res = await reschedule({ id: change.id, at: iso, expectedVersion: change.version });
                    if (res.data) setEditing(false);
                  }}
                >
                  Save time
                </button>
                <button type="button" className="button button--small" onClick={() => setEditing(false)}>
                  Keep
                </button>
              </>
            ) : (
              <button type="button" className="button button--small" onClick={() => setEditing(true)}>
                Reschedule
              </button>
            )}
            <button
              type="button"
              className="button button--small button--danger"
              onClick={() => void cancel({ id: change.id, expectedVersion: change.version })}
            >
              Cancel change
            </button>
          </div>
        ) : null}
        <ErrorList messages={allMessages(errors)} />
      </td>
    </tr>
  );
}

/** What a scheduled change or a change request does, in a few words. */
export function describeChange(kind: string, action?: string | null): string {
  switch (kind) {
    case 'ENABLE':
      return 'Turn targeting on';
    case 'DISABLE':
      return 'Turn targeting off';
    case 'TARGETING':
      return 'Replace the targeting';
    case 'TARGETING_REVERT':
      return 'Restore earlier targeting';
    case 'RELEASE_PLAN':
      return 'Start a release';
    case 'RELEASE_PLAN_ACTION':
      return action === 'ADVANCE'
        ? 'Advance the release now'
        : `${(action ?? 'act on').toLowerCase()} the release`;
    case 'SEGMENT':
      return 'Change the segment';
    default:
      return kind.toLowerCase().replace(/_/g, ' ');
  }
}

/** Where a change request's subject lives in the console: its flag (in its environment) or its segment. */
export function subjectOf(r: { flagKey?: string | null; segmentKey?: string | null; environment: string }): {
  key: string;
  href: string;
} {
  if (r.flagKey) {
    return {
      key: r.flagKey,
      href: `/flags/${encodeURIComponent(r.flagKey)}?env=${encodeURIComponent(r.environment)}`,
    };
  }
  return { key: r.segmentKey ?? '', href: '/segments' };
}
