'use client';

import { type FormEvent, useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { ChangeCategory, IntegrationKind } from '../../lib/gql/graphql';
import { allMessages, fieldError, graphErrors } from '../../lib/graph-errors';
import { ConfirmDialog, ErrorList, FieldError, Loading, StatusBadge, When } from '../components/ui';
import { useConsole } from '../console-context';
import { ConfigChangeListener } from '../live';
import { gatewayUrl } from '../../lib/gateway-url';
import type { IntegrationsQuery } from '../../lib/gql/graphql';
import {
  CreateIntegrationDocument,
  LinkSlackUserDocument,
  UnlinkSlackUserDocument,
  DeleteIntegrationDocument,
  type DeliveryView,
  IntegrationsDocument,
  type IntegrationView,
  RedeliverDocument,
  TestIntegrationDocument,
  UpdateIntegrationDocument,
} from './integration-queries';

const KINDS: { kind: IntegrationKind; label: string; target: string; hint: string }[] = [
  {
    kind: 'WEBHOOK',
    label: 'Webhook',
    target: 'Endpoint URL',
    hint: 'Signed JSON POSTs (x-switchyard-signature); see the README to verify them.',
  },
  {
    kind: 'SLACK',
    label: 'Slack',
    target: 'Incoming-webhook URL',
    hint: 'Block Kit messages to one channel.',
  },
  {
    kind: 'EMAIL',
    label: 'Email',
    target: 'Recipients (comma separated)',
    hint: 'Only what a person must act on.',
  },
];

const CATEGORIES: { key: ChangeCategory; label: string }[] = [
  { key: 'FLAG', label: 'Flags' },
  { key: 'SEGMENT', label: 'Segments' },
  { key: 'ENVIRONMENT', label: 'Environments' },
  { key: 'EXPERIMENT', label: 'Experiments' },
  { key: 'METRIC', label: 'Metrics' },
  { key: 'RELEASE_PLAN', label: 'Releases and schedules' },
  { key: 'CHANGE_REQUEST', label: 'Change requests' },
  { key: 'USER', label: 'Users' },
  { key: 'API_KEY', label: 'API keys' },
  { key: 'INTEGRATION', label: 'Integrations' },
];

/** Re-read every few seconds while the page is open: deliveries and retries happen after the change, in the worker. */
const REFRESH_MS = 5_000;

export function Integrations() {
  const { environments } = useConsole();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: IntegrationsDocument,
    pause: typeof window === 'undefined',
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useEffect(() => {
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refetch]);
  if (!data) {
    if (error && !fetching) {
      return (
        <ErrorList title="The integrations could not be loaded." messages={graphErrors(error).general} />
      );
    }
    return <Loading what="the integrations" />;
  }
  const envKeys = data.environments.map((e) => e.key);
  const projects = data.projects;
  return (
    <>
      {environments.map((e) => (
        <ConfigChangeListener key={e.key} environment={e.key} onChange={reload} />
      ))}
      <IntegrationForm environments={envKeys} projects={projects} onDone={reload} />
      {data.integrations.length === 0 ? (
        <p className="muted">No integration yet: nothing is told about changes.</p>
      ) : (
        data.integrations.map((i) => (
          <IntegrationCard
            key={i.id}
            integration={i}
            environments={envKeys}
            projects={projects}
            onChanged={reload}
          />
        ))
      )}
      {data.integrations.some((i) => i.kind === 'SLACK' && i.hasSecret) ? (
        <SlackUsers links={data.slackUserLinks} users={data.users} onChanged={reload} />
      ) : null}
    </>
  );
}

type ProjectChoice = IntegrationsQuery['projects'][number];

/** A project's name as the console shows it, its key when it is not (or no longer) listed. */
const projectName = (projects: ProjectChoice[], key: string) =>
  projects.find((p) => p.key === key)?.name ?? key;

function IntegrationCard({
  integration: i,
  environments,
  projects,
  onChanged,
}: {
  integration: IntegrationView;
  environments: string[];
  projects: ProjectChoice[];
  onChanged: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [updated, update] = useMutation(UpdateIntegrationDocument);
  const [deleted, remove] = useMutation(DeleteIntegrationDocument);
  const [tested, test] = useMutation(TestIntegrationDocument);
  const errors = graphErrors(updated.error ?? deleted.error ?? tested.error);
  const kind = KINDS.find((k) => k.kind === i.kind);
  const testResult = tested.data?.testIntegration;
  return (
    <section
      className="card"
      aria-label={`Integration ${i.name}`}
      data-testid="integration"
      data-enabled={String(i.enabled)}
    >
      <h2>
        {i.name} <span className="status">{kind?.label ?? i.kind}</span>{' '}
        {i.enabled ? (
          i.failingSince ? (
            <StatusBadge status="failing" />
          ) : (
            <StatusBadge status="active" />
          )
        ) : (
          <StatusBadge status="disabled" />
        )}
      </h2>
      {i.disabledReason ? (
        <p className="alert alert--error" role="status">
          Disabled after failing: {i.disabledReason}
        </p>
      ) : null}
      {i.failingSince && i.enabled ? (
        <p className="alert alert--warning" role="status">
          Failing since <When at={i.failingSince} />; next attempt <When at={i.nextAttemptAt} />.
        </p>
      ) : null}
      <dl className="kv">
        <dt>{kind?.target ?? 'Target'}</dt>
        <dd>
          <code>{i.target}</code>
          {i.kind === 'WEBHOOK' ? (i.hasSecret ? ' · signed' : ' · no secret') : ''}
        </dd>
        <dt>Receives</dt>
        <dd>
          {i.changeKinds.length === 0
            ? 'every change'
            : i.changeKinds.map((c) => CATEGORIES.find((x) => x.key === c)?.label ?? c).join(', ')}{' '}
          in {i.environments.length === 0 ? 'every environment' : i.environments.join(', ')}
        </dd>
        <dt>Projects</dt>
        <dd data-testid="integration-projects">
          {i.projects.length === 0
            ? 'every project'
            : `only ${i.projects.map((p) => projectName(projects, p)).join(', ')}`}
        </dd>
        <dt>Delivered up to</dt>
        <dd>change #{i.deliveredSeq}</dd>
        {i.kind === 'SLACK' && i.hasSecret ? (
          <>
            <dt>Slash command</dt>
            <dd>
              <code data-testid="slash-command-url">{slashCommandUrl(i.id)}</code>{' '}
              <span className="muted">(the Request URL of the Slack app&apos;s /switchyard command)</span>
            </dd>
          </>
        ) : null}
      </dl>
      <div className="toolbar">
        <button
          type="button"
          className="button"
          disabled={tested.fetching}
          onClick={() => void test({ id: i.id })}
        >
          {tested.fetching ? 'Sending…' : 'Send a test'}
        </button>
        <button type="button" className="button" onClick={() => setEditing(!editing)}>
          {editing ? 'Close' : 'Edit'}
        </button>
        <button
          type="button"
          className="button"
          disabled={updated.fetching}
          onClick={async () => {
            const res = await update({
              id: i.id,
              expectedVersion: i.version,
              input: { enabled: !i.enabled },
            });
            if (res.data) onChanged();
          }}
        >
          {i.enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" className="button button--danger" onClick={() => setConfirmDelete(true)}>
          Delete
        </button>
        {testResult ? (
          <span role="status" data-testid="test-result">
            {testResult.succeeded
              ? `Test delivered (${testResult.statusCode ?? 'sent'}, ${testResult.latencyMs} ms).`
              : `Test failed: ${testResult.error ?? `HTTP ${testResult.statusCode}`}.`}
          </span>
        ) : null}
      </div>
      <ErrorList messages={allMessages(errors)} />
      {editing ? (
        <IntegrationForm
          existing={i}
          environments={environments}
          projects={projects}
          onDone={() => {
            setEditing(false);
            onChanged();
          }}
        />
      ) : null}
      <Deliveries integration={i} onRedelivered={onChanged} />
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${i.name}?`}
        confirmLabel="Delete"
        danger
        onCancel={() => setConfirmDelete(false)}
        onConfirm={async () => {
          setConfirmDelete(false);
          const res = await remove({ id: i.id, expectedVersion: i.version });
          if (res.data) onChanged();
        }}
      >
        <p>It stops receiving changes at once; its delivery log goes with it.</p>
      </ConfirmDialog>
    </section>
  );
}

function Deliveries({
  integration,
  onRedelivered,
}: {
  integration: IntegrationView;
  onRedelivered: () => void;
}) {
  const [redelivered, redeliver] = useMutation(RedeliverDocument);
  const errors = graphErrors(redelivered.error);
  if (integration.deliveries.length === 0) return <p className="muted">Nothing delivered yet.</p>;
  return (
    <>
      <h3>Deliveries</h3>
      <ErrorList messages={allMessages(errors)} />
      <div className="table-scroll">
        <table className="data-table" aria-label={`Deliveries of ${integration.name}`}>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Change</th>
              <th scope="col" className="num">
                Attempt
              </th>
              <th scope="col">Result</th>
              <th scope="col" className="num">
                Latency
              </th>
              <th scope="col">Answer</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {integration.deliveries.map((d) => (
              <DeliveryRow
                key={d.id}
                delivery={d}
                busy={redelivered.fetching}
                onRedeliver={async (seq) => {
                  const res = await redeliver({ id: integration.id, seq });
                  if (res.data) onRedelivered();
                }}
              />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function DeliveryRow({
  delivery: d,
  busy,
  onRedeliver,
}: {
  delivery: DeliveryView;
  busy: boolean;
  onRedeliver: (seq: number) => void;
}) {
  return (
    <tr data-testid="delivery" data-succeeded={String(d.succeeded)}>
      <td>
        <When at={d.at} />
      </td>
      <td>{d.seq === null ? 'test' : `#${d.seq}`}</td>
      <td className="num">
        {d.attempt}
        {d.manual ? ' (manual)' : ''}
      </td>
      <td>
        <StatusBadge status={d.succeeded ? 'delivered' : 'failed'} /> {d.statusCode ?? ''}
      </td>
      <td className="num">{d.latencyMs} ms</td>
      <td>
        <code className="excerpt">{d.error ?? d.responseExcerpt ?? ''}</code>
      </td>
      <td>
        {d.seq !== null ? (
          <button
            type="button"
            className="button button--small"
            disabled={busy}
            onClick={() => onRedeliver(d.seq as number)}
          >
            Redeliver
          </button>
        ) : null}
      </td>
    </tr>
  );
}

function IntegrationForm({
  existing,
  environments,
  projects,
  onDone,
}: {
  existing?: IntegrationView;
  environments: string[];
  projects: ProjectChoice[];
  onDone: () => void;
}) {
  const [open, setOpen] = useState(Boolean(existing));
  const [kind, setKind] = useState<IntegrationKind>(existing?.kind ?? 'WEBHOOK');
  const [name, setName] = useState(existing?.name ?? '');
  // Secrets are write-only: a Slack URL is shown only in part, so editing starts empty (empty keeps it).
  const [target, setTarget] = useState(existing && existing.kind !== 'SLACK' ? existing.target : '');
  const [secret, setSecret] = useState('');
  const [kinds, setKinds] = useState<ChangeCategory[]>(existing?.changeKinds ?? []);
  const [envs, setEnvs] = useState<string[]>(existing?.environments ?? []);
  const [limitedTo, setLimitedTo] = useState<string[]>(existing?.projects ?? []);
  const [created, create] = useMutation(CreateIntegrationDocument);
  const [updated, update] = useMutation(UpdateIntegrationDocument);
  const errors = graphErrors(existing ? updated.error : created.error);
  const f = (field: string) => fieldError(errors.fields, field);
  const meta = KINDS.find((k) => k.kind === kind);

  if (!open) {
    return (
      <div className="toolbar">
        <button type="button" className="button button--primary" onClick={() => setOpen(true)}>
          New integration
        </button>
      </div>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (existing) {
      const res = await update({
        id: existing.id,
        expectedVersion: existing.version,
        input: {
          name,
          ...(target ? { target } : {}),
          ...(secret ? { secret } : {}),
          changeKinds: kinds,
          environments: envs,
          projects: limitedTo,
        },
      });
      if (res.data) onDone();
      return;
    }
    const res = await create({
      input: {
        kind,
        name,
        target,
        secret: secret || null,
        changeKinds: kinds,
        environments: envs,
        projects: limitedTo,
      },
    });
    if (res.data) {
      setName('');
      setTarget('');
      setSecret('');
      setOpen(false);
      onDone();
    }
  }

  return (
    <form
      className={existing ? undefined : 'card'}
      onSubmit={submit}
      aria-label={existing ? `Edit ${existing.name}` : 'New integration'}
    >
      <ErrorList
        messages={[...errors.general, ...(errors.conflict ? [errors.conflict.message] : [])]}
        title="The integration was not saved."
      />
      <div className="toolbar">
        {existing ? null : (
          <label className="field">
            Kind
            <select value={kind} onChange={(e) => setKind(e.target.value as IntegrationKind)}>
              {KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          Name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={f('name') ? true : undefined}
          />
          <FieldError id="integration-name-error" message={f('name')} />
        </label>
        <label className="field grow">
          {meta?.target ?? 'Target'}
          <input
            value={target}
            placeholder={existing?.kind === 'SLACK' ? 'unchanged' : undefined}
            onChange={(e) => setTarget(e.target.value)}
            aria-invalid={f('target') ? true : undefined}
          />
          <FieldError id="integration-target-error" message={f('target')} />
        </label>
        {kind === 'WEBHOOK' || kind === 'SLACK' ? (
          <label className="field">
            {kind === 'SLACK' ? 'Slack app signing secret (optional, for /switchyard)' : 'Signing secret'}
            <input
              type="password"
              autoComplete="new-password"
              value={secret}
              placeholder={
                existing?.hasSecret ? 'unchanged' : kind === 'SLACK' ? 'none' : '16 characters or more'
              }
              onChange={(e) => setSecret(e.target.value)}
              aria-invalid={f('secret') ? true : undefined}
            />
            <FieldError id="integration-secret-error" message={f('secret')} />
          </label>
        ) : null}
      </div>
      {meta ? <p className="muted">{meta.hint}</p> : null}
      <CheckList
        id="integration-change-kinds"
        legend="Changes (none ticked: every change)"
        choices={CATEGORIES}
        ticked={kinds}
        onChange={setKinds}
        error={f('changeKinds')}
      />
      <CheckList
        id="integration-environments"
        legend="Environments (none ticked: every environment)"
        choices={environments.map((e) => ({ key: e, label: e }))}
        ticked={envs}
        onChange={setEnvs}
        error={f('environments')}
      />
      {projects.length > 1 || limitedTo.length > 0 ? (
        <CheckList
          id="integration-projects"
          legend="Projects (none ticked: every project)"
          note="Limited to projects, it receives their changes only, and none of users, API keys, roles, integrations or environments."
          choices={projects.map((p) => ({ key: p.key, label: p.name }))}
          ticked={limitedTo}
          onChange={setLimitedTo}
          error={f('projects')}
        />
      ) : null}
      <div className="toolbar">
        <button
          type="submit"
          className="button button--primary"
          disabled={created.fetching || updated.fetching}
        >
          {existing ? 'Save integration' : 'Create integration'}
        </button>
        {existing ? null : (
          <button type="button" className="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** A group of checkboxes choosing some of `choices` (none ticked means all, as its legend says). */
function CheckList<K extends string>({
  id,
  legend,
  note,
  choices,
  ticked,
  onChange,
  error,
}: {
  id: string;
  legend: string;
  note?: string;
  choices: { key: K; label: string }[];
  ticked: K[];
  onChange: (ticked: K[]) => void;
  error?: string;
}) {
  const toggle = (key: K) =>
    onChange(ticked.includes(key) ? ticked.filter((x) => x !== key) : [...ticked, key]);
  return (
    <fieldset className="plain-fieldset">
      <legend>{legend}</legend>
      {note ? <p className="muted">{note}</p> : null}
      <div className="toolbar">
        {choices.map((c) => (
          <label key={c.key} className="checkbox">
            <input type="checkbox" checked={ticked.includes(c.key)} onChange={() => toggle(c.key)} />{' '}
            {c.label}
          </label>
        ))}
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </fieldset>
  );
}

/** Where Slack posts the /switchyard command: the gateway, beside its GraphQL endpoint. */
function slashCommandUrl(integrationId: string): string {
  return new URL(`/slack/commands/${integrationId}`, gatewayUrl()).toString();
}

/** Which Slack members run /switchyard as which user (their role and change requests apply). */
function SlackUsers({
  links,
  users,
  onChanged,
}: {
  links: IntegrationsQuery['slackUserLinks'];
  users: IntegrationsQuery['users'];
  onChanged: () => void;
}) {
  const [slackUserId, setSlackUserId] = useState('');
  const [userId, setUserId] = useState(users[0]?.id ?? '');
  const [linked, link] = useMutation(LinkSlackUserDocument);
  const [unlinked, unlink] = useMutation(UnlinkSlackUserDocument);
  const errors = graphErrors(linked.error ?? unlinked.error);
  return (
    <section className="card" aria-labelledby="slack-users-title">
      <h2 id="slack-users-title">Slack users</h2>
      <p className="muted">
        A Slack member runs <code>/switchyard flag &lt;key&gt; on|off &lt;environment&gt;</code> as the user
        linked here, with that user&apos;s role; where an environment requires approval it proposes a change
        request.
      </p>
      {links.length > 0 ? (
        <ul className="plain-list" aria-label="Linked Slack users">
          {links.map((l) => (
            <li key={l.slackUserId}>
              <code>{l.slackUserId}</code> acts as {l.userEmail}{' '}
              <span className="muted">
                (linked by {l.linkedBy} <When at={l.linkedAt} />)
              </span>{' '}
              <button
                type="button"
                className="button button--small"
                onClick={async () => {
                  const res = await unlink({ slackUserId: l.slackUserId });
                  if (res.data) onChanged();
                }}
              >
                Unlink
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <form
        className="toolbar"
        aria-label="Link a Slack user"
        onSubmit={async (event) => {
          event.preventDefault();
          const res = await link({ slackUserId: slackUserId.trim(), userId });
          if (res.data) {
            setSlackUserId('');
            onChanged();
          }
        }}
      >
        <label className="field">
          Slack member id
          <input
            value={slackUserId}
            placeholder="U024BE7LH"
            onChange={(e) => setSlackUserId(e.target.value)}
          />
          <FieldError id="slack-user-error" message={fieldError(errors.fields, 'slackUserId')} />
        </label>
        <label className="field">
          acts as
          <select value={userId} onChange={(e) => setUserId(e.target.value)}>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.email}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button" disabled={!slackUserId.trim() || linked.fetching}>
          Link
        </button>
      </form>
      <ErrorList messages={[...errors.general, ...(errors.conflict ? [errors.conflict.message] : [])]} />
    </section>
  );
}
