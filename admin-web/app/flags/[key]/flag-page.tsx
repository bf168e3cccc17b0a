'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphErrors } from '../../../lib/graph-errors';
import { AuditTable } from '../../audit/audit-table';
import { ConfirmDialog, EnvironmentSwatch, ErrorList, Loading, StatusBadge, When } from '../../components/ui';
import { useConsole } from '../../console-context';
import { ConfigChangeListener, type LiveChange } from '../../live';
import {
  CopyTargetingDocument,
  FlagAuditDocument,
  FlagDetailDocument,
  type FlagDetail,
} from './flag-queries';
import { ArchiveButton, DetailsEditor } from './details-editor';
import { FlagUsage } from './flag-usage';
import { TargetingEditor } from './targeting-editor';
import { VariationsEditor } from './variations-editor';
import { FlagReleases } from '../../releases/flag-releases';
import { CodeReferences } from './code-references';
import { DefaultOnly, DefaultOnlyNote } from '../../components/default-only';
import type { ProjectArea } from '../../../lib/project-scope';

/** The flag page's parts that are still the default project's only (lib/project-scope.ts). */
const RELEASE_AREAS: ProjectArea[] = ['releases', 'change-requests', 'scheduled-changes'];
const PAGE_AREAS: ProjectArea[] = [...RELEASE_AREAS, 'impact-preview', 'flag-usage'];

const isServer = typeof window === 'undefined';

export function FlagPage({ flagKey }: { flagKey: string }) {
  const { environment, environments, setEnvironment } = useConsole();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: FlagDetailDocument,
    variables: { key: flagKey },
    pause: isServer,
  });
  const [liveNotice, setLiveNotice] = useState<LiveChange | null>(null);
  const [audit, refetchAudit] = useQuery({
    query: FlagAuditDocument,
    variables: { key: flagKey },
    pause: isServer,
  });

  const onChange = (change: LiveChange) => {
    if (change.resourceKey !== flagKey) return;
    setLiveNotice(change);
    refetch({ requestPolicy: 'network-only' });
    refetchAudit({ requestPolicy: 'network-only' });
  };

  if (!data) {
    if (error && !fetching)
      return <ErrorList title="The flag could not be loaded." messages={graphErrors(error).general} />;
    return <Loading what="the flag" />;
  }
  const flag = data.flag;
  if (!flag) {
    return (
      <div className="card">
        <h1>No flag “{flagKey}”</h1>
        <p>
          <Link href="/flags">Back to the flags</Link>
        </p>
      </div>
    );
  }
  const env = flag.environments.find((e) => e.environment === environment) ?? flag.environments[0];

  return (
    <>
      <ConfigChangeListener environment={environment} onChange={onChange} />
      <nav aria-label="Breadcrumb" className="muted">
        <Link href="/flags">Flags</Link> / <code>{flag.key}</code>
      </nav>
      <header className="page-header">
        <h1>
          {flag.name} {flag.archived ? <span className="status">archived</span> : null}
        </h1>
        <p>
          <code>{flag.key}</code> · {flag.type.toLowerCase()} · version{' '}
          <span data-testid="flag-version">{flag.version}</span>
        </p>
      </header>
      {liveNotice ? (
        <p className="alert alert--warning live-highlight" role="status" data-testid="live-notice">
          This flag was just changed ({liveNotice.kind}
          {liveNotice.environment ? ` in ${liveNotice.environment}` : ''}). The page shows the new version.{' '}
          <button type="button" className="button button--small" onClick={() => setLiveNotice(null)}>
            Dismiss
          </button>
        </p>
      ) : null}
      <Details flag={flag} />
      <section className="card" aria-labelledby="targeting-title">
        <h2 id="targeting-title">Targeting</h2>
        <div className="tabs" role="tablist" aria-label="Environment">
          {environments.map((e) => (
            <button
              key={e.key}
              type="button"
              role="tab"
              aria-selected={env?.environment === e.key}
              onClick={() => setEnvironment(e.key)}
            >
              {e.colour ? <EnvironmentSwatch colour={e.colour} /> : null}
              {e.name}
            </button>
          ))}
        </div>
        {env ? (
          <div role="tabpanel">
            <TargetingEditor
              key={`${flag.key}:${env.environment}`}
              flag={flag}
              env={env}
              segments={data.segments}
            />
            <CopyTargeting flag={flag} from={env.environment} />
          </div>
        ) : (
          <p className="muted">This flag has no configuration in {environment}.</p>
        )}
      </section>
      <DefaultOnlyNote areas={PAGE_AREAS} />
      {env ? (
        <DefaultOnly areas={RELEASE_AREAS}>
          <FlagReleases flagKey={flag.key} environment={env.environment} />
        </DefaultOnly>
      ) : null}
      <Experiments flag={flag} />
      <DefaultOnly areas={['flag-usage']}>
        <FlagUsage flagKey={flag.key} environment={environment} />
      </DefaultOnly>
      <CodeReferences flagKey={flag.key} />
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        {audit.data ? (
          <AuditTable entries={audit.data.auditLog.nodes} showResource={false} />
        ) : (
          <Loading what="the history" />
        )}
      </section>
    </>
  );
}

function Details({ flag }: { flag: FlagDetail }) {
  const { canEdit } = useConsole();
  const [editing, setEditing] = useState(false);
  const [editingVariations, setEditingVariations] = useState(false);
  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">Details</h2>
      {canEdit ? (
        <div className="toolbar">
          {editing ? null : (
            <button type="button" className="button" onClick={() => setEditing(true)}>
              Edit details
            </button>
          )}
          <ArchiveButton flag={flag} />
        </div>
      ) : null}
      {editing ? <DetailsEditor flag={flag} onClose={() => setEditing(false)} /> : null}
      <dl className="kv">
        <dt>Description</dt>
        <dd>{flag.description || <span className="muted">None</span>}</dd>
        <dt>Tags</dt>
        <dd>{flag.tags.length ? flag.tags.join(', ') : <span className="muted">None</span>}</dd>
        <dt>Owner</dt>
        <dd>{flag.owner || <span className="muted">None</span>}</dd>
        <dt>Created</dt>
        <dd>
          <When at={flag.createdAt} /> {flag.createdBy ? `by ${flag.createdBy}` : ''}
        </dd>
        <dt>Updated</dt>
        <dd>
          <When at={flag.updatedAt} /> {flag.updatedBy ? `by ${flag.updatedBy}` : ''}
        </dd>
      </dl>
      <h3>Variations</h3>
      {canEdit && !flag.archived && !editingVariations ? (
        <div className="toolbar">
          <button type="button" className="button" onClick={() => setEditingVariations(true)}>
            Edit variations
          </button>
        </div>
      ) : null}
      {editingVariations ? (
        <VariationsEditor flag={flag} onClose={() => setEditingVariations(false)} />
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Name</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {flag.variations.map((v) => (
                <tr key={v.key}>
                  <th scope="row">
                    <code>{v.key}</code>
                  </th>
                  <td>{v.name ?? ''}</td>
                  <td>
                    <code>{JSON.stringify(v.value)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CopyTargeting({ flag, from }: { flag: FlagDetail; from: string }) {
  const { environments, canEditIn } = useConsole();
  const targets = environments.filter((e) => e.key !== from && canEditIn(e.key));
  const [to, setTo] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [result, copy] = useMutation(CopyTargetingDocument);
  if (targets.length === 0) return null;
  const target = to || targets[0]!.key;
  const errors = graphErrors(result.error);
  return (
    <div className="toolbar" style={{ marginTop: '1.25rem' }}>
      <label className="field">
        Copy this targeting to
        <select value={target} onChange={(e) => setTo(e.target.value)}>
          {targets.map((e) => (
            <option key={e.key} value={e.key}>
              {e.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button" onClick={() => setConfirming(true)}>
        Copy targeting
      </button>
      {done ? <span role="status">Copied to {done}.</span> : null}
      <ErrorList messages={[...errors.general, ...(errors.conflict ? [errors.conflict.message] : [])]} />
      <ConfirmDialog
        open={confirming}
        title={`Replace the targeting of ${target}?`}
        confirmLabel="Copy"
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={async () => {
          setConfirming(false);
          const res = await copy({ key: flag.key, from, to: target, expectedVersion: flag.version });
          if (res.data) setDone(target);
        }}
      >
        <p>
          Every target, rule and the fallthrough of <strong>{target}</strong> are replaced by those of{' '}
          <strong>{from}</strong> (experiment rules are not copied).
        </p>
      </ConfirmDialog>
    </div>
  );
}

function Experiments({ flag }: { flag: FlagDetail }) {
  return (
    <section className="card" aria-labelledby="experiments-title">
      <h2 id="experiments-title">Experiments</h2>
      {flag.experiments.length === 0 ? (
        <p className="muted">No experiment uses this flag.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Experiment</th>
                <th scope="col">Environment</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Exposures
                </th>
              </tr>
            </thead>
            <tbody>
              {flag.experiments.map((x) => (
                <tr key={x.key}>
                  <th scope="row">
                    <Link href={`/experiments/${encodeURIComponent(x.key)}`}>{x.name}</Link>
                  </th>
                  <td>{x.environment}</td>
                  <td>
                    <StatusBadge status={x.status} />
                  </td>
                  <td className="num">{x.exposures.toLocaleString('en')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
