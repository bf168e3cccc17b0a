'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../lib/gql';
import { fieldError, graphErrors } from '../../lib/graph-errors';
import { ErrorList, FieldError } from '../components/ui';
import { useConsole } from '../console-context';
import { conditionInput } from '../components/condition-model';
import { type AudienceDraft, AudienceFields, emptyAudience, MetricsFields } from './audience-metrics-fields';
import { PowerCalculator } from './power-calculator';
import { emptySchedule, type ScheduleDraft, ScheduleFields, scheduleInput } from './schedule-fields';

const ExperimentOptionsDocument = graphql(`
  query ExperimentOptions($project: String) {
    flags(project: $project, first: 500) {
      nodes {
        key
        name
        variations {
          key
        }
      }
    }
    metrics(project: $project) {
      key
      name
    }
    segments(project: $project) {
      key
      name
    }
  }
`);

const CreateExperimentDocument = graphql(`
  mutation CreateExperiment($input: CreateExperimentInput!) {
    createExperiment(input: $input) {
      key
      status
      version
    }
  }
`);

/** A new DRAFT experiment on a flag: variants from the flag's variations, weights with a live sum. */
export function CreateExperiment() {
  const { canEdit, environments, environment, project } = useConsole();
  const [open, setOpen] = useState(false);
  const [{ data }] = useQuery({
    query: ExperimentOptionsDocument,
    pause: typeof window === 'undefined' || !open,
  });
  const [result, create] = useMutation(CreateExperimentDocument);
  const [v, setV] = useState({
    key: '',
    name: '',
    hypothesis: '',
    flagKey: '',
    environment: '',
    primaryMetric: '',
    trafficAllocation: '100',
    minSampleSize: '',
    weights: {} as Record<string, string>,
    secondary: [] as string[],
    guardrails: [] as string[],
  });
  const [audience, setAudience] = useState<AudienceDraft>(emptyAudience);
  const [schedule, setSchedule] = useState<ScheduleDraft>(emptySchedule);
  const [created, setCreated] = useState<string | null>(null);
  if (!canEdit) return null;
  if (!open) {
    return (
      <div className="toolbar">
        <button type="button" className="button button--primary" onClick={() => setOpen(true)}>
          New experiment
        </button>
        {created ? (
          <span role="status">
            Created <Link href={`/experiments/${encodeURIComponent(created)}`}>{created}</Link> (draft).
          </span>
        ) : null}
      </div>
    );
  }
  const flags = data?.flags.nodes ?? [];
  const flag = flags.find((f) => f.key === v.flagKey);
  const variations = flag?.variations.map((x) => x.key) ?? [];
  // An even split in 0.001 % steps; the last variant takes the rounding remainder so it sums to 100.
  const even = Math.floor((100 / variations.length) * 1000) / 1000;
  const weightOf = (key: string) =>
    v.weights[key] ??
    String(
      key === variations.at(-1) ? Math.round((100 - even * (variations.length - 1)) * 1000) / 1000 : even,
    );
  const sum = Math.round(variations.reduce((s, key) => s + (Number(weightOf(key)) || 0), 0) * 1000) / 1000;
  const info = graphErrors(result.error);
  const f = (n: string) => fieldError(info.fields, n);
  const env = v.environment || environment;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const res = await create({
      input: {
        project,
        key: v.key.trim(),
        name: v.name.trim(),
        hypothesis: v.hypothesis.trim() || null,
        flagKey: v.flagKey,
        environment: env,
        variants: variations.map((key) => ({ key, weight: Number(weightOf(key)) })),
        trafficAllocation: Number(v.trafficAllocation),
        primaryMetric: v.primaryMetric || null,
        secondaryMetrics: v.secondary.filter((k) => k !== v.primaryMetric),
        guardrailMetrics: v.guardrails.filter((k) => k !== v.primaryMetric),
        audience: { segments: audience.segments, conditions: audience.conditions.map(conditionInput) },
        minSampleSize: v.minSampleSize ? Number(v.minSampleSize) : null,
        ...scheduleInput(schedule),
      },
    });
    if (res.data) {
      setCreated(res.data.createExperiment.key);
      setSchedule(emptySchedule);
      setAudience(emptyAudience);
      setOpen(false);
    }
  }

  const input = (name: 'key' | 'name' | 'trafficAllocation' | 'minSampleSize', label: string, extra = {}) => (
    <label className="field">
      {label}
      <input
        value={v[name]}
        aria-invalid={f(name) ? true : undefined}
        aria-describedby={`new-experiment-${name}-error`}
        onChange={(e) => setV({ ...v, [name]: e.target.value })}
        {...extra}
      />
      <FieldError id={`new-experiment-${name}-error`} message={f(name)} />
    </label>
  );

  return (
    <form className="card" onSubmit={submit} aria-label="New experiment">
      <h2>New experiment</h2>
      <ErrorList messages={info.general} title="The experiment was not created." />
      <div className="toolbar">
        {input('key', 'Key', { required: true })}
        {input('name', 'Name', { required: true })}
        <label className="field">
          Flag
          <select
            required
            value={v.flagKey}
            aria-invalid={f('flagKey') ? true : undefined}
            onChange={(e) => setV({ ...v, flagKey: e.target.value, weights: {} })}
          >
            <option value="">Choose a flag</option>
            {flags.map((x) => (
              <option key={x.key} value={x.key}>
                {x.name} ({x.key})
              </option>
            ))}
          </select>
          <FieldError id="new-experiment-flag-error" message={f('flagKey')} />
        </label>
        <label className="field">
          Environment
          <select value={env} onChange={(e) => setV({ ...v, environment: e.target.value })}>
            {environments.map((x) => (
              <option key={x.key} value={x.key}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Primary metric
          <select value={v.primaryMetric} onChange={(e) => setV({ ...v, primaryMetric: e.target.value })}>
            <option value="">None yet</option>
            {(data?.metrics ?? []).map((m) => (
              <option key={m.key} value={m.key}>
                {m.name}
              </option>
            ))}
          </select>
          <FieldError id="new-experiment-metric-error" message={f('primaryMetric')} />
        </label>
        {input('trafficAllocation', 'Traffic %', { type: 'number', min: 0, max: 100, step: 0.001 })}
        {input('minSampleSize', 'Minimum users per variant', { type: 'number', min: 1 })}
      </div>
      {variations.length > 0 ? (
        <div className="toolbar">
          {variations.map((key) => (
            <label className="field" key={key}>
              Variant {key} %
              <input
                type="number"
                className="weight"
                min={0}
                max={100}
                step={0.001}
                value={weightOf(key)}
                aria-invalid={sum !== 100 ? true : undefined}
                onChange={(e) => setV({ ...v, weights: { ...v.weights, [key]: e.target.value } })}
              />
            </label>
          ))}
          <p className={sum === 100 ? 'sum sum--ok' : 'sum sum--bad'} aria-live="polite">
            Total {sum}%{sum === 100 ? '' : ' — must be 100%'}
          </p>
          <FieldError id="new-experiment-variants-error" message={f('variants')} />
        </div>
      ) : null}
      <h3>Metrics</h3>
      <MetricsFields
        metrics={data?.metrics ?? []}
        primary={v.primaryMetric}
        secondary={v.secondary}
        guardrails={v.guardrails}
        onChange={(m) => setV({ ...v, ...m })}
        f={f}
      />
      {v.primaryMetric ? (
        <PowerCalculator
          metricKey={v.primaryMetric}
          variants={variations.length}
          onUse={(n) => setV({ ...v, minSampleSize: String(n) })}
        />
      ) : null}
      <h3>Audience</h3>
      <AudienceFields value={audience} onChange={setAudience} segments={data?.segments ?? []} f={f} />
      <h3>Schedule and layer</h3>
      <p className="muted">
        A draft with a start time starts on its own then; a running one completes at its end time. Experiments
        in one layer never share a user.
      </p>
      <ScheduleFields value={schedule} onChange={setSchedule} f={f} idPrefix="new-experiment" />
      <div className="toolbar">
        <label className="field grow">
          Hypothesis
          <input value={v.hypothesis} onChange={(e) => setV({ ...v, hypothesis: e.target.value })} />
        </label>
      </div>
      <div className="toolbar" style={{ marginBottom: 0 }}>
        <button type="submit" className="button button--primary" disabled={result.fetching}>
          Create experiment
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
