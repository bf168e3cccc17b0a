'use client';

import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../lib/gql';
import type { CapType, MetricKind, MetricsQuery } from '../../lib/gql/graphql';
import { fieldError, graphErrors } from '../../lib/graph-errors';
import { ErrorList, FieldError, Loading, When } from '../components/ui';
import { useConsole } from '../console-context';

const MetricsDocument = graphql(`
  query Metrics($project: String) {
    metrics(project: $project) {
      key
      name
      description
      kind
      eventName
      denominatorEventName
      quantile
      conversionWindowHours
      higherIsBetter
      guardrailThreshold
      capping {
        type
        value
      }
      oneSided
      prior {
        mean
        standardDeviation
      }
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
  mutation UpdateMetric($key: String!, $project: String, $input: UpdateMetricInput!, $expectedVersion: Int!) {
    updateMetric(key: $key, project: $project, input: $input, expectedVersion: $expectedVersion) {
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
  { value: 'RATIO', label: 'Ratio (e.g. revenue per session)' },
  { value: 'QUANTILE', label: 'Quantile (e.g. p95 latency)' },
];

/** What a metric's settings read like in the table. */
function describeSettings(m: Metric): string {
  const parts: string[] = [];
  if (m.kind === 'RATIO') parts.push(`÷ ${m.denominatorEventName}`);
  if (m.kind === 'QUANTILE' && m.quantile != null) parts.push(`p${Math.round(m.quantile * 1000) / 10}`);
  if (m.capping)
    parts.push(
      m.capping.type === 'FIXED'
        ? `capped at ${m.capping.value}`
        : `capped at the ${Math.round(m.capping.value * 1000) / 10}th percentile`,
    );
  if (m.oneSided) parts.push('one-sided');
  if (m.prior) parts.push(`prior ${m.prior.mean} ± ${m.prior.standardDeviation}`);
  return parts.join(', ') || '—';
}

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
      {data?.metrics.length === 0 ? (
        <p className="loading">No metrics.</p>
      ) : data ? (
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
                <th scope="col">Analysis</th>
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
        <td>{describeSettings(m)}</td>
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
          <td colSpan={9}>
            <MetricForm metric={m} onDone={() => setEditing(false)} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function MetricForm({ metric, onDone }: { metric?: Metric; onDone: () => void }) {
  const { project } = useConsole();
  const [v, setV] = useState({
    key: metric?.key ?? '',
    name: metric?.name ?? '',
    description: metric?.description ?? '',
    kind: metric?.kind ?? ('CONVERSION' as MetricKind),
    eventName: metric?.eventName ?? '',
    conversionWindowHours: String(metric?.conversionWindowHours ?? 168),
    higherIsBetter: metric?.higherIsBetter ?? true,
    guardrailThreshold: metric?.guardrailThreshold == null ? '' : String(metric.guardrailThreshold),
    denominatorEventName: metric?.denominatorEventName ?? '',
    quantile: metric?.quantile == null ? '0.95' : String(metric.quantile),
    capType: (metric?.capping?.type ?? '') as CapType | '',
    capValue: metric?.capping == null ? '' : String(metric.capping.value),
    oneSided: metric?.oneSided ?? false,
    priorMean: metric?.prior == null ? '' : String(metric.prior.mean),
    priorStdDev: metric?.prior == null ? '' : String(metric.prior.standardDeviation),
  });
  const cappable = v.kind === 'MEAN' || v.kind === 'COUNT';
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
      denominatorEventName: v.kind === 'RATIO' ? v.denominatorEventName.trim() : null,
      quantile: v.kind === 'QUANTILE' ? Number(v.quantile) : null,
      // Empty removes capping (null); capping applies to MEAN and COUNT only.
      capping: cappable && v.capType ? { type: v.capType, value: Number(v.capValue) } : null,
      oneSided: v.oneSided,
      prior:
        v.priorMean.trim() === '' && v.priorStdDev.trim() === ''
          ? null
          : { mean: Number(v.priorMean), standardDeviation: Number(v.priorStdDev) },
    };
    const res = metric
      ? await update({ key: metric.key, input, expectedVersion: metric.version })
      : await create({ input: { key: v.key.trim(), project, ...input } });
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
      {v.kind === 'RATIO' || v.kind === 'QUANTILE' ? (
        <div className="toolbar">
          {v.kind === 'RATIO'
            ? text('denominatorEventName', 'Denominator event name', { required: true })
            : null}
          {v.kind === 'QUANTILE'
            ? text('quantile', 'Quantile (0.95 = p95)', {
                type: 'number',
                step: 0.001,
                min: 0.001,
                max: 0.999,
              })
            : null}
        </div>
      ) : null}
      <fieldset className="toolbar">
        <legend>Analysis</legend>
        <label className="field">
          Capping
          <select
            value={cappable ? v.capType : ''}
            disabled={!cappable}
            aria-describedby={`${id}-capping-error`}
            onChange={(e) => setV({ ...v, capType: e.target.value as CapType | '' })}
          >
            <option value="">None</option>
            <option value="FIXED">Fixed value</option>
            <option value="PERCENTILE">Percentile (winsorize)</option>
          </select>
          <FieldError id={`${id}-capping-error`} message={f('capping')} />
        </label>
        {cappable && v.capType
          ? text('capValue', v.capType === 'FIXED' ? 'Cap (metric units)' : 'Percentile (0.99 = 99th)', {
              type: 'number',
              step: 'any',
              required: true,
            })
          : null}
        <label className="checkbox">
          <input
            type="checkbox"
            checked={v.oneSided}
            onChange={(e) => setV({ ...v, oneSided: e.target.checked })}
          />
          One-sided test (only the good direction)
        </label>
        {text('priorMean', 'Prior mean of the relative effect (0 = none)', { type: 'number', step: 'any' })}
        {text('priorStdDev', 'Prior standard deviation (0.1 = ±10%)', { type: 'number', step: 'any' })}
      </fieldset>
      <div className="toolbar">
        <label className="field grow">
          Description
          <input value={v.description} onChange={(e) => setV({ ...v, description: e.target.value })} />
        </label>
      </div>
      {metric ? (
        <p className="muted">
          Changing the kind, events or window rebuilds the metric's rollups; capping, sides and the prior
          apply to results at once.
        </p>
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
