'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useMutation } from 'urql';
import { allMessages, graphErrors } from '../../lib/graph-errors';
import type { ChangeRequestDecision } from '../../lib/gql/graphql';
import { fromLocalInput } from '../../lib/local-datetime';
import { ErrorList, StatusBadge, When } from '../components/ui';
import { useConsole } from '../console-context';
import {
  ApplyChangeRequestDocument,
  type ChangeRequestView,
  ReviewChangeRequestDocument,
  SubmitChangeRequestDocument,
} from './release-queries';
import { describeChange, subjectOf } from './scheduled-changes';

/**
 * One change request: what it changes (the diff against the flag now), who reviewed it, and what
 * the signed-in person may do with it — approve or reject (never their own), comment, submit a
 * draft, apply now or at a time.
 */
export function ChangeRequestItem({
  request,
  adminBypass,
}: {
  request: ChangeRequestView;
  adminBypass: boolean;
}) {
  const { user, canEditIn } = useConsole();
  const [comment, setComment] = useState('');
  const [applyAt, setApplyAt] = useState('');
  const [reviewed, review] = useMutation(ReviewChangeRequestDocument);
  const [applied, apply] = useMutation(ApplyChangeRequestDocument);
  const [submitted, submit] = useMutation(SubmitChangeRequestDocument);
  const errors = graphErrors(reviewed.error ?? applied.error ?? submitted.error);
  const mine = user !== null && (request.createdBy === user.email || request.createdBy === user.name);
  const mayWrite = canEditIn(request.environment);
  const busy = reviewed.fetching || applied.fetching || submitted.fetching;
  const decide = async (decision: ChangeRequestDecision) => {
    const res = await review({
      id: request.id,
      decision,
      comment: comment || null,
      expectedVersion: request.version,
    });
    if (res.data) setComment('');
  };
  const diff = (request.diff ?? {}) as Record<string, { current: unknown; proposed: unknown }>;
  const subject = subjectOf(request);
  return (
    <article
      className="card change-request"
      aria-label={`Change request for ${subject.key} in ${request.environment}`}
      data-testid="change-request"
      data-status={request.status}
    >
      <header>
        <h3>
          {request.flagKey ? null : 'Segment '}
          <Link href={subject.href}>
            <code>{subject.key}</code>
          </Link>{' '}
          in {request.environment}: {describeChange(request.kind, request.releasePlanAction)}
          {request.revertedTo ? ` (audit entry ${request.revertedTo})` : ''}{' '}
          <StatusBadge status={request.status} />
        </h3>
        <p className="muted">
          Proposed by {request.createdBy} <When at={request.createdAt} /> against version{' '}
          {request.writtenAgainstVersion} · {request.approvals} of {request.requiredApprovals} approval
          {request.requiredApprovals === 1 ? '' : 's'}
          {request.applyAt ? (
            <>
              {' '}
              · applies at <When at={request.applyAt} />
            </>
          ) : null}
          {request.appliedAt ? (
            <>
              {' '}
              · applied by {request.appliedBy} <When at={request.appliedAt} />
              {request.bypassed ? ' without its approvals (admin bypass)' : ''}
            </>
          ) : null}
        </p>
        {request.comment ? <p>“{request.comment}”</p> : null}
        {request.reason ? (
          <p className="alert alert--warning" role="status">
            {request.reason}
          </p>
        ) : null}
      </header>
      {Object.keys(diff).length > 0 ? (
        <div className="table-scroll">
          <table className="data-table" aria-label="Proposed change">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Now</th>
                <th scope="col">Proposed</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(diff).map(([field, d]) => (
                <tr key={field}>
                  <th scope="row">
                    <code>{field}</code>
                  </th>
                  <td>
                    <pre className="pre diff-old">{JSON.stringify(d.current, null, 2)}</pre>
                  </td>
                  <td>
                    <pre className="pre diff-new">{JSON.stringify(d.proposed, null, 2)}</pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {request.reviews.length > 0 ? (
        <ul className="plain-list" aria-label="Reviews">
          {request.reviews.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: reviews are append-only
            <li key={i}>
              <StatusBadge status={r.decision} /> {r.by} <When at={r.at} />
              {r.comment ? `: “${r.comment}”` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorList messages={allMessages(errors)} />
      {mayWrite && request.status !== 'APPLIED' && request.status !== 'REJECTED' ? (
        <div className="toolbar">
          {request.status === 'DRAFT' && mine ? (
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => void submit({ id: request.id, expectedVersion: request.version })}
            >
              Submit for review
            </button>
          ) : null}
          {request.status === 'SUBMITTED' || request.status === 'APPROVED' ? (
            <>
              <label className="field grow">
                Comment
                <input value={comment} onChange={(e) => setComment(e.target.value)} />
              </label>
              {!mine && request.status === 'SUBMITTED' ? (
                <>
                  <button
                    type="button"
                    className="button button--primary"
                    disabled={busy}
                    onClick={() => void decide('APPROVE')}
                  >
                    Approve
                  </button>
                  <button
                    type="button"
                    className="button button--danger"
                    disabled={busy}
                    onClick={() => void decide('REJECT')}
                  >
                    Reject
                  </button>
                </>
              ) : null}
              <button
                type="button"
                className="button"
                disabled={busy || !comment}
                onClick={() => void decide('COMMENT')}
              >
                Comment
              </button>
            </>
          ) : null}
          {request.status === 'APPROVED' ? (
            <>
              <button
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() =>
                  void apply({ id: request.id, expectedVersion: request.version, bypass: false })
                }
              >
                Apply now
              </button>
              <label className="field">
                or at
                <input type="datetime-local" value={applyAt} onChange={(e) => setApplyAt(e.target.value)} />
              </label>
              <button
                type="button"
                className="button"
                disabled={busy || !applyAt}
                onClick={() =>
                  void apply({
                    id: request.id,
                    expectedVersion: request.version,
                    bypass: false,
                    at: fromLocalInput(applyAt),
                  })
                }
              >
                Schedule apply
              </button>
            </>
          ) : null}
          {request.status === 'SUBMITTED' && adminBypass && user?.role === 'ADMIN' ? (
            <button
              type="button"
              className="button button--danger"
              disabled={busy}
              onClick={() => void apply({ id: request.id, expectedVersion: request.version, bypass: true })}
            >
              Apply without approval (audited)
            </button>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}
