'use client';

import Link from 'next/link';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { CombinedError } from 'urql';
import { useMutation, useQuery } from 'urql';
import { gatewayUrl } from '../../lib/gateway-url';
import type { FlagFilter, FlagLifecycleState, FlagOrder } from '../../lib/gql/graphql';
import { fieldError, graphErrors } from '../../lib/graph-errors';
import { ConfirmDialog, ErrorList, FieldError, Switch } from '../components/ui';
import { isProduction, useConsole } from '../console-context';
import { ConfigChangeListener, type LiveChange, useHighlights } from '../live';
import styles from './flags.module.css';
import { environmentColumns } from './environment-columns';
import { BulkActions } from './bulk-actions';
import { FlagExport } from './flag-export';
import { DEFAULT_FLAG_SORT, type FlagSort, FlagSortControl, flagOrder } from './flag-sort';
import {
  CreateFlagMutation,
  type FlagListItem,
  FlagListQuery,
  type FlagType,
  SetFlagEnabledMutation,
} from './flags-query';

// The list is fetched in the browser only; the server renders the loading state.
const isServer = typeof window === 'undefined';
const PAGE_SIZE = 20;

const TYPE_LABELS: Record<FlagType, string> = {
  BOOLEAN: 'Boolean',
  STRING: 'String',
  NUMBER: 'Number',
  JSON: 'JSON',
};

/** The lifecycle filter's choices; the digest links to the flag debt (`?lifecycle=STALE,ROLLED_OUT`). */
const LIFECYCLE_CHOICES: { value: string; label: string }[] = [
  { value: '', label: 'Any' },
  { value: 'STALE,ROLLED_OUT', label: 'Flag debt (stale or rolled out)' },
  { value: 'NEW', label: 'New' },
  { value: 'LIVE', label: 'Live' },
  { value: 'ROLLED_OUT', label: 'Rolled out' },
  { value: 'STALE', label: 'Stale' },
  { value: 'ARCHIVED', label: 'Archived' },
];
const LIFECYCLE_LABELS: Record<string, string> = {
  NEW: 'New',
  LIVE: 'Live',
  ROLLED_OUT: 'Rolled out',
  STALE: 'Stale',
  ARCHIVED: 'Archived',
};

const updatedAtFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export function FlagsTable() {
  const [controls, setControls] = useState<ListControls>({
    search: '',
    tag: '',
    showArchived: false,
    lifecycle: '',
    sort: DEFAULT_FLAG_SORT,
  });
  // A link may carry the lifecycle filter (the flag-debt digest's does).
  useEffect(() => {
    const wanted = new URLSearchParams(window.location.search).get('lifecycle') ?? '';
    if (LIFECYCLE_CHOICES.some((c) => c.value === wanted && wanted))
      setControls((c) => ({ ...c, lifecycle: wanted }));
  }, []);
  const { environments, environment } = useConsole();
  const search = useDebounced(controls.search.trim(), 250);
  const filter = {
    ...(search ? { search } : {}),
    ...(controls.tag.trim() ? { tags: [controls.tag.trim()] } : {}),
    ...(controls.showArchived || controls.lifecycle === 'ARCHIVED' ? { archived: true } : {}),
    ...(controls.lifecycle ? { lifecycle: controls.lifecycle.split(',') as FlagLifecycleState[] } : {}),
  };
  const filterKey = JSON.stringify(filter);
  // The graph sorts the whole list (status: in the environment the console works in).
  const orderBy = flagOrder(controls.sort, environment);
  // Cursors of the pages seen so far (page i starts after cursors[i]), for this filter and order
  // only: a new filter or order starts again at its first page (a cursor belongs to its order).
  const listKey = JSON.stringify([filter, orderBy]);
  const [paging, setPaging] = useState({ listKey, cursors: [null] as (string | null)[], page: 0 });
  const { cursors, page } = paging.listKey === listKey ? paging : { cursors: [null], page: 0 };
  const [{ data, error, fetching }, reexecuteQuery] = useQuery({
    query: FlagListQuery,
    variables: { filter, orderBy, first: PAGE_SIZE, after: cursors[page] ?? null },
    pause: isServer,
  });
  const retry = () => reexecuteQuery({ requestPolicy: 'network-only' });
  const [highlighted, highlight] = useHighlights();

  // A global change (a new flag) arrives once per environment subscription: refetch once.
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(refetchTimer.current ?? undefined), []);
  const onChange = (change: LiveChange) => {
    if (change.resourceType.toLowerCase() !== 'flag') return;
    highlight(change.resourceKey);
    if (refetchTimer.current) clearTimeout(refetchTimer.current);
    refetchTimer.current = setTimeout(() => {
      refetchTimer.current = null;
      reexecuteQuery({ requestPolicy: 'network-only' });
    }, 150);
  };
  const pageInfo = data?.flags.pageInfo;
  const next = () => {
    if (!pageInfo?.endCursor) return;
    setPaging({ listKey, cursors: [...cursors.slice(0, page + 1), pageInfo.endCursor], page: page + 1 });
  };

  return (
    <>
      {environments.map((env) => (
        <ConfigChangeListener key={env.key} environment={env.key} onChange={onChange} />
      ))}
      <CreateFlagForm onCreated={retry} />
      <ListControlsBar
        controls={controls}
        setControls={setControls}
        tagsSeen={data?.flags.nodes}
        environment={environment}
      />
      {data ? (
        <>
          {error ? <LoadError error={error} onRetry={retry} /> : null}
          <FlagList
            flags={data.flags.nodes}
            totalCount={data.flags.totalCount}
            filter={filter}
            orderBy={orderBy}
            filtered={filterKey !== '{}'}
            highlighted={highlighted}
            onChanged={retry}
          />
          <Pager
            page={page}
            pages={Math.max(1, Math.ceil(data.flags.totalCount / PAGE_SIZE))}
            hasNext={Boolean(pageInfo?.hasNextPage)}
            onPrevious={() => setPaging({ listKey, cursors, page: Math.max(0, page - 1) })}
            onNext={next}
          />
        </>
      ) : error && !fetching ? (
        <LoadError error={error} onRetry={retry} />
      ) : (
        <p className={styles.loading} role="status">
          Loading flags…
        </p>
      )}
    </>
  );
}

interface ListControls {
  search: string;
  tag: string;
  showArchived: boolean;
  /** A FlagLifecycleState, a comma-separated pair of them, or '' for any. */
  lifecycle: string;
  sort: FlagSort;
}

/** The value, once it has stopped changing for `ms` (a search per pause in typing, not per key). */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Search, tag and archived filters and the order: all applied by the graph, which pages the result. */
function ListControlsBar({
  controls,
  setControls,
  tagsSeen,
  environment,
}: {
  controls: ListControls;
  setControls: (c: ListControls) => void;
  tagsSeen: FlagListItem[] | undefined;
  environment: string;
}) {
  // Tags offered as suggestions: every tag on a page shown so far (the graph has no tag index).
  const known = useRef(new Set<string>());
  for (const f of tagsSeen ?? []) for (const t of f.tags) known.current.add(t);
  return (
    <div className="toolbar">
      <label className="field">
        Search
        <input
          type="search"
          value={controls.search}
          placeholder="Key, name or description"
          onChange={(e) => setControls({ ...controls, search: e.target.value })}
        />
      </label>
      <label className="field">
        Tag
        <input
          type="search"
          list="flag-tags"
          value={controls.tag}
          placeholder="Any tag"
          onChange={(e) => setControls({ ...controls, tag: e.target.value })}
        />
        <datalist id="flag-tags">
          {[...known.current].sort().map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </label>
      <label className={styles.checkbox}>
        <input
          type="checkbox"
          checked={controls.showArchived}
          onChange={(e) => setControls({ ...controls, showArchived: e.target.checked })}
        />
        Archived only
      </label>
      <label className="field">
        Lifecycle
        <select
          value={controls.lifecycle}
          onChange={(e) => setControls({ ...controls, lifecycle: e.target.value })}
        >
          {LIFECYCLE_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <FlagSortControl
        sort={controls.sort}
        environment={environment}
        onChange={(sort) => setControls({ ...controls, sort })}
      />
    </div>
  );
}

function Pager({
  page,
  pages,
  hasNext,
  onPrevious,
  onNext,
}: {
  page: number;
  pages: number;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  if (page === 0 && !hasNext) return null;
  return (
    <nav className={styles.pager} aria-label="Pages">
      <button type="button" className="button" disabled={page === 0} onClick={onPrevious}>
        Previous
      </button>
      <span data-testid="flags-page">
        Page {page + 1} of {pages}
      </span>
      <button type="button" className="button" disabled={!hasNext} onClick={onNext}>
        Next
      </button>
    </nav>
  );
}

function CreateFlagForm({ onCreated }: { onCreated: () => void }) {
  const { canEdit, project } = useConsole();
  const [open, setOpen] = useState(false);
  const [result, createFlag] = useMutation(CreateFlagMutation);
  const [values, setValues] = useState({ key: '', name: '', type: 'BOOLEAN' as FlagType, tags: '' });
  const [created, setCreated] = useState<string | null>(null);
  if (!canEdit) return null;
  const errors = graphErrors(result.error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    const tags = values.tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const res = await createFlag({
      input: { key: values.key.trim(), project, name: values.name.trim(), type: values.type, tags },
    });
    if (res.data) {
      setCreated(res.data.createFlag.key);
      // Keep nothing half-typed on failure; clear only on success.
      setValues({ key: '', name: '', type: values.type, tags: '' });
      onCreated();
    }
  }

  if (!open) {
    return (
      <div className="toolbar">
        <button type="button" className="button button--primary" onClick={() => setOpen(true)}>
          New flag
        </button>
        {created ? (
          <p className="muted" role="status">
            Created <Link href={`/flags/${created}`}>{created}</Link>
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-flag-title">
      <h2 id="new-flag-title">New flag</h2>
      <ErrorList messages={errors.general} title="The flag was not created." />
      <div className="toolbar">
        <label className="field">
          Key
          <input
            name="key"
            required
            value={values.key}
            aria-invalid={fieldError(errors.fields, 'key') ? true : undefined}
            aria-describedby="new-flag-key-error"
            onChange={(e) => setValues({ ...values, key: e.target.value })}
          />
          <FieldError id="new-flag-key-error" message={fieldError(errors.fields, 'key')} />
        </label>
        <label className="field">
          Name
          <input
            name="name"
            required
            value={values.name}
            aria-invalid={fieldError(errors.fields, 'name') ? true : undefined}
            aria-describedby="new-flag-name-error"
            onChange={(e) => setValues({ ...values, name: e.target.value })}
          />
          <FieldError id="new-flag-name-error" message={fieldError(errors.fields, 'name')} />
        </label>
        <label className="field">
          Type
          <select
            value={values.type}
            onChange={(e) => setValues({ ...values, type: e.target.value as FlagType })}
          >
            {Object.entries(TYPE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Tags (comma separated)
          <input
            name="tags"
            value={values.tags}
            onChange={(e) => setValues({ ...values, tags: e.target.value })}
          />
        </label>
        <button type="submit" className="button button--primary" disabled={result.fetching}>
          Create flag
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
      {created ? (
        <p className="alert alert--success" role="status">
          Created <Link href={`/flags/${created}`}>{created}</Link>
        </p>
      ) : null}
    </form>
  );
}

function FlagList({
  flags,
  totalCount,
  filter,
  orderBy,
  filtered,
  highlighted,
  onChanged,
}: {
  flags: FlagListItem[];
  totalCount: number;
  filter: FlagFilter;
  orderBy: FlagOrder;
  filtered: boolean;
  highlighted: Set<string>;
  onChanged: () => void;
}) {
  const { canEdit, environments: projectEnvironments } = useConsole();
  const environments = environmentColumns(
    flags,
    projectEnvironments.map((e) => e.key),
  );
  // Keys chosen for a bulk action; only those on the page shown count.
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const selected = flags.filter((f) => chosen.has(f.key));
  const allChosen = flags.length > 0 && selected.length === flags.length;
  const choose = (key: string, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  return (
    <section aria-labelledby="flags-summary">
      <div className="toolbar">
        <p className={styles.summary} id="flags-summary" data-testid="flags-total">
          {totalCount === 1 ? '1 flag' : `${totalCount} flags`}
          {filtered ? ' match' : null}
        </p>
        <FlagExport filter={filter} orderBy={orderBy} environments={environments} />
      </div>
      {canEdit ? (
        <BulkActions
          selected={selected}
          onDone={(changed) => {
            setChosen((prev) => new Set([...prev].filter((k) => !changed.includes(k))));
            onChanged();
          }}
        />
      ) : null}
      {flags.length === 0 ? (
        <p className={styles.empty}>{filtered ? 'No flag matches.' : 'No flags yet.'}</p>
      ) : (
        <div className={styles.tableScroll}>
          <table className={styles.table}>
            <caption className="visually-hidden">Feature flags and their status in each environment</caption>
            <thead>
              <tr>
                {canEdit ? (
                  <th scope="col" className={styles.selectColumn}>
                    <input
                      type="checkbox"
                      aria-label="Select every flag on this page"
                      checked={allChosen}
                      onChange={(e) =>
                        setChosen(e.target.checked ? new Set(flags.map((f) => f.key)) : new Set())
                      }
                    />
                  </th>
                ) : null}
                <th scope="col">Key</th>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Tags</th>
                <th scope="col">Lifecycle</th>
                {environments.map((environment) => (
                  <th scope="col" key={environment} className={styles.statusColumn}>
                    {environment}
                  </th>
                ))}
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {flags.map((flag) => (
                <FlagRow
                  key={flag.key}
                  flag={flag}
                  environments={environments}
                  highlighted={highlighted.has(flag.key)}
                  onChanged={onChanged}
                  selected={canEdit ? chosen.has(flag.key) : undefined}
                  onSelect={(on) => choose(flag.key, on)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function FlagRow({
  flag,
  environments,
  highlighted,
  onChanged,
  selected,
  onSelect,
}: {
  flag: FlagListItem;
  environments: string[];
  highlighted: boolean;
  onChanged: () => void;
  /** Undefined when the user cannot edit (no selection column). */
  selected: boolean | undefined;
  onSelect: (on: boolean) => void;
}) {
  return (
    <tr
      data-testid="flag-row"
      data-flag={flag.key}
      data-highlighted={highlighted ? 'true' : undefined}
      className={highlighted ? 'live-highlight' : undefined}
    >
      {selected === undefined ? null : (
        <td className={styles.selectColumn}>
          <input
            type="checkbox"
            aria-label={`Select ${flag.key}`}
            checked={selected}
            onChange={(e) => onSelect(e.target.checked)}
          />
        </td>
      )}
      <th scope="row" className={styles.keyCell} data-testid="flag-key">
        <Link href={`/flags/${encodeURIComponent(flag.key)}`}>
          <code>{flag.key}</code>
        </Link>
      </th>
      <td>
        <span className={styles.name}>{flag.name}</span>
        {flag.archived ? <span className={styles.archived}>Archived</span> : null}
        {flag.description ? <span className={styles.description}>{flag.description}</span> : null}
      </td>
      <td className={styles.type}>{TYPE_LABELS[flag.type] ?? flag.type}</td>
      <td>
        {flag.tags.length > 0 ? (
          <ul className={styles.tags} aria-label="Tags">
            {flag.tags.map((tag) => (
              <li key={tag} className={styles.tag}>
                {tag}
              </li>
            ))}
          </ul>
        ) : (
          <span className={styles.muted}>None</span>
        )}
      </td>
      <td data-testid="flag-lifecycle" data-state={flag.lifecycle.state}>
        <span className={`${styles.lifecycle} ${styles[`lifecycle${flag.lifecycle.state}`] ?? ''}`}>
          {LIFECYCLE_LABELS[flag.lifecycle.state] ?? flag.lifecycle.state}
        </span>
        {flag.lifecycle.removable ? (
          <span
            className={styles.removable}
            title="No uploaded repository references this flag (switchyard refs)"
          >
            No code references: removable
          </span>
        ) : null}
      </td>
      {environments.map((environment) => (
        <td key={environment} className={styles.statusColumn}>
          <EnvironmentStatus
            flag={flag}
            environment={environment}
            enabled={flag.environments.find((e) => e.environment === environment)?.enabled}
            onChanged={onChanged}
          />
        </td>
      ))}
      <td className={styles.updated}>
        <time dateTime={flag.updatedAt}>{updatedAtFormat.format(new Date(flag.updatedAt))}</time>
      </td>
    </tr>
  );
}

function EnvironmentStatus({
  flag,
  environment,
  enabled,
  onChanged,
}: {
  flag: FlagListItem;
  environment: string;
  enabled: boolean | undefined;
  onChanged: () => void;
}) {
  const { canEditIn } = useConsole();
  const [confirming, setConfirming] = useState<boolean | null>(null);
  const [{ fetching, error }, setEnabled] = useMutation(SetFlagEnabledMutation);
  if (enabled === undefined) return <span className={styles.muted}>Not set</span>;
  if (!canEditIn(environment) || flag.archived) {
    return (
      <span
        className={`${styles.badge} ${enabled ? styles.badgeOn : styles.badgeOff}`}
        data-testid="flag-status"
        data-environment={environment}
      >
        {enabled ? 'On' : 'Off'}
      </span>
    );
  }
  const apply = async (next: boolean) => {
    setConfirming(null);
    const res = await setEnabled({
      key: flag.key,
      environment,
      enabled: next,
      expectedVersion: flag.version,
    });
    if (res.error) onChanged();
  };
  const errors = graphErrors(error);
  const message = errors.conflict?.message ?? errors.general[0];
  return (
    <>
      <Switch
        checked={enabled}
        label={`${flag.key} in ${environment}`}
        disabled={fetching}
        testId="flag-switch"
        onChange={(next) => (isProduction(environment) ? setConfirming(next) : void apply(next))}
      />
      {message ? (
        <p className="field-error" role="alert">
          {errors.conflict ? 'Changed elsewhere; reloaded. Try again.' : message}
        </p>
      ) : null}
      <ConfirmDialog
        open={confirming !== null}
        title={`Turn ${flag.key} ${confirming ? 'on' : 'off'} in ${environment}?`}
        confirmLabel={confirming ? 'Turn on' : 'Turn off'}
        danger
        onConfirm={() => void apply(confirming ?? false)}
        onCancel={() => setConfirming(null)}
      >
        <p>
          This changes what every user in <strong>{environment}</strong> gets, within seconds.
        </p>
      </ConfirmDialog>
    </>
  );
}

function LoadError({ error, onRetry }: { error: CombinedError; onRetry: () => void }) {
  const messages =
    error.graphQLErrors.length > 0
      ? [...new Set(error.graphQLErrors.map((graphQLError) => graphQLError.message))]
      : [`Could not reach the gateway at ${gatewayUrl()}: ${error.networkError?.message ?? error.message}`];
  return (
    <div className={styles.error} role="alert">
      <p className={styles.errorTitle}>The flags could not be loaded.</p>
      <ul className={styles.errorMessages}>
        {messages.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
      {error.networkError && error.graphQLErrors.length === 0 ? (
        <p className={styles.errorHint}>
          Check that the gateway is running and that its <code>CORS_ORIGINS</code> allows{' '}
          <code>{window.location.origin}</code>.
        </p>
      ) : null}
      <button type="button" className={styles.retry} onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
