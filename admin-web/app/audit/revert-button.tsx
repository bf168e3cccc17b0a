'use client';

// Why: "Revert to this" on an audit entry of a flag or segment (issue 17). The graph does the
// work (revertFlag / revertSegment, a normal versioned write); the console asks first, sends the
// version it just read, and shows the graph's refusal next to the button. Where the environment
// requires approval, the same revert is proposed as a change request (revertTo) instead.

import Link from 'next/link';
import { useState } from 'react';
import { useClient } from 'urql';
import { graphql } from '../../lib/gql';
import { approvalRequired, graphErrors } from '../../lib/graph-errors';
import { ConfirmDialog } from '../components/ui';
import type { AuditRow } from './audit-table';

const RevertTargetDocument = graphql(`
  query RevertTarget($key: String!, $isFlag: Boolean!, $project: String) {
    flag(key: $key, project: $project) @include(if: $isFlag) {
      key
      version
    }
    segment(key: $key, project: $project) @skip(if: $isFlag) {
      key
      version
    }
  }
`);

const RevertFlagDocument = graphql(`
  mutation RevertFlag($key: String!, $auditEntryId: ID!, $expectedVersion: Int!, $project: String) {
    revertFlag(key: $key, auditEntryId: $auditEntryId, expectedVersion: $expectedVersion, project: $project) {
      key
      version
    }
  }
`);

const RevertSegmentDocument = graphql(`
  mutation RevertSegment($key: String!, $auditEntryId: ID!, $expectedVersion: Int!, $project: String) {
    revertSegment(key: $key, auditEntryId: $auditEntryId, expectedVersion: $expectedVersion, project: $project) {
      key
      version
    }
  }
`);

const ProposeRevertDocument = graphql(`
  mutation ProposeRevert($auditEntryId: ID!, $expectedVersion: Int!, $project: String) {
    createChangeRequest(input: { revertTo: $auditEntryId, expectedVersion: $expectedVersion, project: $project }) {
      id
      environment
    }
  }
`);

/** Entries that recorded a flag's or segment's state can be reverted to. */
export function canRevert(e: AuditRow): e is AuditRow & { resourceKey: string } {
  return (
    (e.resourceType === 'flag' || e.resourceType === 'segment') &&
    Boolean(e.resourceKey) &&
    e.after !== null &&
    e.after !== undefined
  );
}

export function RevertButton({
  entry,
  onReverted,
}: {
  entry: AuditRow & { resourceKey: string };
  onReverted?: () => void;
}) {
  const client = useClient();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [done, setDone] = useState<number | null>(null);
  const [proposed, setProposed] = useState<string | null>(null);
  const isFlag = entry.resourceType === 'flag';
  const where = entry.environment && isFlag ? ` in ${entry.environment}` : '';

  async function revert() {
    setConfirming(false);
    setBusy(true);
    setProblems([]);
    setDone(null);
    setProposed(null);
    try {
      const target = await client
        .query(RevertTargetDocument, { key: entry.resourceKey, isFlag }, { requestPolicy: 'network-only' })
        .toPromise();
      const current = isFlag ? target.data?.flag : target.data?.segment;
      if (target.error || !current) {
        setProblems(messages(target.error, `${entry.resourceType} "${entry.resourceKey}" could not be read`));
        return;
      }
      const variables = { key: entry.resourceKey, auditEntryId: entry.id, expectedVersion: current.version };
      const result = isFlag
        ? await client.mutation(RevertFlagDocument, variables).toPromise()
        : await client.mutation(RevertSegmentDocument, variables).toPromise();
      const saved = result.data
        ? 'revertFlag' in result.data
          ? result.data.revertFlag
          : result.data.revertSegment
        : null;
      if (approvalRequired(result.error)) {
        const request = await client
          .mutation(ProposeRevertDocument, { auditEntryId: entry.id, expectedVersion: current.version })
          .toPromise();
        if (request.error || !request.data) {
          setProblems(messages(request.error, 'the revert could not be proposed'));
          return;
        }
        setProposed(request.data.createChangeRequest.environment);
        return;
      }
      if (result.error || !saved) {
        setProblems(messages(result.error, 'the revert failed'));
        return;
      }
      setDone(saved.version);
      onReverted?.();
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="revert" data-testid="audit-revert">
      <button
        type="button"
        className="button button--small"
        disabled={busy}
        onClick={() => setConfirming(true)}
      >
        {busy ? 'Reverting…' : 'Revert to this'}
      </button>
      {done !== null ? (
        <span className="muted" role="status">
          {' '}
          Reverted: version {done}
        </span>
      ) : null}
      {proposed !== null ? (
        <span className="muted" role="status" data-testid="revert-proposed">
          {' '}
          {proposed} requires approval: proposed as a <Link href="/changes">change request</Link>
        </span>
      ) : null}
      {problems.length > 0 ? (
        <span className="field-error" role="alert">
          {' '}
          {problems.join(' ')}
        </span>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={`Revert ${entry.resourceType} ${entry.resourceKey}?`}
        confirmLabel="Revert"
        danger
        onConfirm={revert}
        onCancel={() => setConfirming(false)}
      >
        <p>
          Restores {entry.resourceType} <code>{entry.resourceKey}</code>
          {where} to its state after change #{entry.seq} (<code>{entry.action}</code>). This is a new change,
          recorded in the audit log; where the environment requires approval, it is proposed as a change
          request instead.
        </p>
      </ConfirmDialog>
    </span>
  );
}

function messages(error: Parameters<typeof graphErrors>[0], fallback: string): string[] {
  if (!error) return [fallback];
  const info = graphErrors(error);
  const all = [...info.general, ...Object.values(info.fields)];
  if (info.conflict) all.push(info.conflict.message);
  return all.length > 0 ? all : [fallback];
}
