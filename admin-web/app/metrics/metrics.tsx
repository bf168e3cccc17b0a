'use client';

import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../lib/gql';
import type { MetricKind, MetricsQuery } from '../../lib/gql/graphql';
import { fieldError, graphErrors } from '../../lib/graph-errors';
import { ErrorList, FieldError, Loading, When } from '../components/ui';
import { useConsole } from '../console-context';

const MetricsDocument = graphql(`
  query Metrics {
    metrics {
      key
      name
      description
      kind
      eventName
      conversionWindowHours
      higherIsBetter
      guardrailThreshold
      version
      updatedAt
    }
  }
`);

const CreateMetricDocument = graphql(`
  mutation CreateMetric($input: CreateMetricInput!) {
    createMetric(input: $input) {
      key
      version
    }
  }
`);

const UpdateMetricDocument = graphql(`
  mutation UpdateMetric($key: String!, $input: UpdateMetricInput!, $expectedVersion: Int!) {
    updateMetric(key: $key, input: $input, expectedVersion: $expectedVersion) {
      key
      version
    }
  }
`);

type Metric = MetricsQuery['metrics'][number];

const KINDS: { value: MetricKind; label: string }[] = [
  { value: 'CONVERSION', label: 'Conversion (did the user do it)' },
  { value: 'MEAN', label: 'Mean (sum of values per user)' },
  { value: 'COUNT', label: 'Count (events per user)' },
];

export function Metrics() {
  const { canEdit } = useConsole();
  const [{ data, error }] = useQuery({ query: MetricsDocument, pause: typeof window === 'undefined' });
  const [editing, setEditing] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  return (
    <>
      {canEdit ? (
        creating ? (
          <MetricForm onDone={() => setCreating(false)} />
        ) : (
          <div className="toolbar">
            <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
              New metric
            </button>
          </div>
        )
      ) : null}
      <ErrorList messages={graphErrors(error).general} title="The metrics could not be loaded." />
      {data ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Metrics</caption>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">Kind</th>
                <th scope="col">Event</th>
                <th scope="col" className="num">
                  Window (h)
                </th>
                <th scope="col">Direction</th>
                <th scope="col" className="num">
                  Guardrail
                </th>
                <th scope="col">Updated</th>
                {canEdit ? (
                  <th scope="col">
                    <span className="visually-hidden">Edit</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {data.metrics.map((m) => (
                <MetricRow
                  key={m.key}
                  metric={m}
                  canEdit={canEdit}
                  editing={editing === m.key}
                  setEditing={(on) => setEditing(on ? m.key : null)}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : error ? null : (
        <Loading what="metrics" />
      )}
    </>
  );
}

function MetricRow({
  metric: m,
  canEdit,
  editing,
  setEditing,
}: {
  metric: Metric;
  canEdit: boolean;
  editing: boolean;
  setEditing: (on: boolean) => void;
}) {
  return (
    <>
      <tr data-testid="metric-row">
        <th scope="row">
          {m.name}
          <br />
          <code className="muted">{m.key}</code>
        </th>
        <td>{m.kind.toLowerCase()}</td>
        <td>
          <code>{m.eventName}</code>
        </td>
        <td className="num">{m.conversionWindowHours}</td>
        <td>{m.higherIsBetter ? 'Higher is better' : 'Lower is better'}</td>
        <td className="num">
          {m.guardrailThreshold == null ? '—' : `${(m.guardrailThreshold * 100).toFixed(1)}%`}
        </td>
        <td>
          <When at={m.updatedAt} />
        </td>
        {canEdit ? (
          <td>
            <button
              type="button"
              className="button button--small"
              aria-expanded={editing}
              onClick={() => setEditing(!editing)}
            >
              {editing ? 'Close' : 'Edit'}
            </button>
          </td>
        ) : null}
      </tr>
      {editing ? (
        <tr>
          <td colSpan={8}>
            <MetricForm metric={m} onDone={() => setEditing(false)} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function MetricForm({ metric, onDone }: { metric?: Metric; onDone: () => void }) {
  const [v, setV] = useState({
    key: metric?.key ?? '',
    name: metric?.name ?? '',
    description: metric?.description ?? '',
    kind: metric?.kind ?? ('CONVERSION' as MetricKind),
    eventName: metric?.eventName ?? '',
    conversionWindowHours: String(metric?.conversionWindowHours ?? 168),
    higherIsBetter: metric?.higherIsBetter ?? true,
    guardrailThreshold: metric?.guardrailThreshold == null ? '' : String(metric.guardrailThreshold),
  });
  const [created, create] = useMutation(CreateMetricDocument);
  const [updated, update] = useMutation(UpdateMetricDocument);
  const info = graphErrors(metric ? updated.error : created.error);
  const f = (n: string) => fieldError(info.fields, n);
  const id = metric ? `metric-${metric.key}` : 'metric-new';

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = {
      name: v.name.trim(),
      description: v.description.trim() || null,
      kind: v.kind,
      eventName: v.eventName.trim(),
      conversionWindowHours: Number(v.conversionWindowHours),
      higherIsBetter: v.higherIsBetter,
      guardrailThreshold: v.guardrailThreshold.trim() === '' ? null : Number(v.guardrailThreshold),
    };
    const res = metric
      ? await update({ key: metric.key, input, expectedVersion: metric.version })
      : await create({ input: { key: v.key.trim(), ...input } });
    if (res.data) onDone();
  }

  const text = (name: keyof typeof v, label: string, props: Record<string, unknown> = {}) => (
    <label className="field">
      {label}
      <input
        value={String(v[name])}
        aria-invalid={f(name) ? true : undefined}
        aria-describedby={`${id}-${name}-error`}
        onChange={(e) => setV({ ...v, [name]: e.target.value })}
        {...props}
      />
      <FieldError id={`${id}-${name}-error`} message={f(name)} />
    </label>
  );

  return (
    <form className="card" onSubmit={submit} aria-label={metric ? `Edit ${metric.key}` : 'New metric'}>
      {info.conflict ? (
        <p className="alert alert--warning" role="alert">
          {info.conflict.message} Your edits are kept.
        </p>
      ) : null}
      <ErrorList messages={info.general} title="The metric was not saved." />
      <div className="toolbar">
        {metric ? null : text('key', 'Key', { required: true })}
        {text('name', 'Name', { required: true })}
        {text('eventName', 'Event name', { required: true })}
        <label className="field">
          Kind
          <select value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value as MetricKind })}>
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        {text('conversionWindowHours', 'Window (hours)', { type: 'number', min: 1 })}
        {text('guardrailThreshold', 'Guardrail threshold (0.02 = 2%)', {
          type: 'number',
          step: 0.001,
          min: 0,
        })}
        <label className="checkbox">
          <input
            type="checkbox"
            checked={v.higherIsBetter}
            onChange={(e) => setV({ ...v, higherIsBetter: e.target.checked })}
          />
          Higher is better
        </label>
      </div>
      <div className="toolbar">
        <label className="field grow">
          Description
          <input value={v.description} onChange={(e) => setV({ ...v, description: e.target.value })} />
        </label>
      </div>
      {metric ? (
        <p className="muted">Changing the kind, event or window rebuilds the metric's rollups.</p>
      ) : null}
      <div className="toolbar" style={{ marginBottom: 0 }}>
        <button
          type="submit"
          className="button button--primary"
          disabled={created.fetching || updated.fetching}
        >
          {metric ? 'Save metric' : 'Create metric'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
