'use client';

import { useState } from 'react';
import { type CombinedError, useClient } from 'urql';
import { ConfirmDialog } from '../components/ui';
import { isProduction, useConsole } from '../console-context';
import styles from './flags.module.css';
import { ArchiveFlagDocument } from './[key]/details-editor';
import { type FlagListItem, SetFlagEnabledMutation } from './flags-query';

export type BulkAction = 'enable' | 'disable' | 'archive';

export interface BulkFailure {
  key: string;
  code: string;
  message: string;
}

const ACTION_VERBS: Record<BulkAction, string> = {
  enable: 'Enabled',
  disable: 'Disabled',
  archive: 'Archived',
};

function failureOf(key: string, error: CombinedError): BulkFailure {
  const first = error.graphQLErrors[0];
  const code = (first?.extensions as { code?: string } | undefined)?.code ?? 'NETWORK';
  return { key, code, message: first?.message ?? error.networkError?.message ?? error.message };
}

/**
 * Enable, disable or archive the selected flags, one mutation per flag with that flag's own
 * `expectedVersion`: a flag changed elsewhere fails alone (CONFLICT) and the others still apply.
 */
export function BulkActions({
  selected,
  onDone,
}: {
  selected: FlagListItem[];
  /** Called with the keys that changed; failed ones stay selected. */
  onDone: (changed: string[]) => void;
}) {
  const client = useClient();
  const { environment, canEdit, canEditIn } = useConsole();
  const [confirming, setConfirming] = useState<BulkAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<{
    action: BulkAction;
    done: string[];
    failures: BulkFailure[];
  } | null>(null);
  if (!canEdit) return null;
  const count = selected.length;

  const run = async (action: BulkAction) => {
    setConfirming(null);
    setBusy(true);
    setReport(null);
    const done: string[] = [];
    const failures: BulkFailure[] = [];
    // One at a time: a burst of parallel writes would only contend for the same rows and rate limit.
    for (const flag of selected) {
      const res =
        action === 'archive'
          ? await client.mutation(ArchiveFlagDocument, { key: flag.key, v: flag.version }).toPromise()
          : await client
              .mutation(SetFlagEnabledMutation, {
                key: flag.key,
                environment,
                enabled: action === 'enable',
                expectedVersion: flag.version,
              })
              .toPromise();
      if (res.error) failures.push(failureOf(flag.key, res.error));
      else done.push(flag.key);
    }
    setBusy(false);
    setReport({ action, done, failures });
    onDone(done);
  };

  const ask = (action: BulkAction) =>
    action === 'archive' || isProduction(environment) ? setConfirming(action) : void run(action);
  const toggleAllowed = canEditIn(environment);
  const noun = count === 1 ? '1 flag' : `${count} flags`;

  return (
    <div className={styles.bulk} data-testid="bulk-actions">
      <p className={styles.summary} role="status" data-testid="bulk-selected">
        {count === 0 ? 'No flag selected' : `${noun} selected`}
      </p>
      <button
        type="button"
        className="button button--small"
        disabled={busy || count === 0 || !toggleAllowed}
        onClick={() => ask('enable')}
      >
        Enable in {environment}
      </button>
      <button
        type="button"
        className="button button--small"
        disabled={busy || count === 0 || !toggleAllowed}
        onClick={() => ask('disable')}
      >
        Disable in {environment}
      </button>
      <button
        type="button"
        className="button button--small"
        disabled={busy || count === 0}
        onClick={() => ask('archive')}
      >
        Archive
      </button>
      {report ? <BulkReport {...report} /> : null}
      <ConfirmDialog
        open={confirming !== null}
        title={
          confirming === 'archive'
            ? `Archive ${noun}?`
            : `${confirming === 'enable' ? 'Enable' : 'Disable'} ${noun} in ${environment}?`
        }
        confirmLabel={confirming === 'archive' ? 'Archive' : confirming === 'enable' ? 'Enable' : 'Disable'}
        danger
        onConfirm={() => confirming && void run(confirming)}
        onCancel={() => setConfirming(null)}
      >
        <p>
          {confirming === 'archive'
            ? 'Archived flags are evaluated as unknown (SDKs serve their defaults) and can be restored.'
            : `This changes what every user in ${environment} gets, within seconds.`}
        </p>
        <ul className={styles.bulkList}>
          {selected.map((f) => (
            <li key={f.key}>
              <code>{f.key}</code>
            </li>
          ))}
        </ul>
      </ConfirmDialog>
    </div>
  );
}

function BulkReport({
  action,
  done,
  failures,
}: {
  action: BulkAction;
  done: string[];
  failures: BulkFailure[];
}) {
  return (
    <div
      className={failures.length > 0 ? 'alert alert--warning' : 'alert alert--success'}
      role={failures.length > 0 ? 'alert' : 'status'}
      data-testid="bulk-report"
    >
      <p>
        {ACTION_VERBS[action]} {done.length} of {done.length + failures.length}.
      </p>
      {failures.length > 0 ? (
        <ul>
          {failures.map((f) => (
            <li key={f.key} data-testid="bulk-failure" data-flag={f.key} data-code={f.code}>
              <code>{f.key}</code>: {f.message} ({f.code})
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
