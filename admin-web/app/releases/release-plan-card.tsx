'use client';

import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { allMessages, fieldError, graphErrors } from '../../lib/graph-errors';
import type { ReleaseGuardKind, ReleasePlanAction } from '../../lib/gql/graphql';
import { ConfirmDialog, ErrorList, FieldError, StatusBadge, When } from '../components/ui';
import { useConsole } from '../console-context';
import Link from 'next/link';
import {
  CreateChangeRequestDocument,
  CreateReleasePlanDocument,
  type FlagReleases,
  ReleasePlanActionDocument,
  type ReleasePlanView,
  type ReleaseTemplateView,
} from './release-queries';

type Metric = { key: string; name: string; kind: string };

/**
 * The flag's release in one environment: the running (or last) plan as a live timeline — each
 * stage, the guards' current values beside their thresholds, what happened and why — with its
 * actions, and a form to start a new one from a template.
 */
export function ReleasePlans({
  flag,
  environment,
  templates,
  metrics,
  protectedBy,
}: {
  flag: FlagReleases;
  environment: string;
  templates: ReleaseTemplateView[];
  metrics: Metric[];
  /** Approvals the environment requires (0: none). */
  protectedBy: number;
}) {
  const { canEditIn } = useConsole();
  const editable = canEditIn(environment);
  const plans = flag.releasePlans;
  const running = plans.find((p) => p.status === 'ACTIVE' || p.status === 'PAUSED');
  const [showPast, setShowPast] = useState(false);
  const past = plans.filter((p) => p !== running);
  return (
    <section className="card" aria-labelledby="releases-title" data-testid="release-plans">
      <h2 id="releases-title">Release in {environment}</h2>
      {running ? (
        <PlanTimeline plan={running} editable={editable} protectedBy={protectedBy} />
      ) : (
        <>
          {past[0] ? <PlanTimeline plan={past[0]} editable={false} protectedBy={protectedBy} /> : null}
          {editable ? (
            <StartRelease
              flag={flag}
              environment={environment}
              templates={templates}
              metrics={metrics}
              protectedBy={protectedBy}
            />
          ) : plans.length === 0 ? (
            <p className="muted">No release plan has run for this flag in {environment}.</p>
          ) : null}
        </>
      )}
      {past.length > (running ? 0 : 1) ? (
        <div>
          <button type="button" className="button button--small" onClick={() => setShowPast(!showPast)}>
            {showPast ? 'Hide earlier releases' : `Earlier releases (${past.length - (running ? 0 : 1)})`}
          </button>
          {showPast ? (
            <ul className="plain-list">
              {past.slice(running ? 0 : 1).map((p) => (
                <li key={p.id}>
                  <StatusBadge status={p.status} /> <code>{p.variation}</code> from <When at={p.createdAt} />{' '}
                  {p.createdBy ? `by ${p.createdBy}` : ''} · reached {formatPercent(p.currentPercent)}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function PlanTimeline({
  plan,
  editable,
  protectedBy,
}: {
  plan: ReleasePlanView;
  editable: boolean;
  protectedBy: number;
}) {
  const rollback = [...plan.events].reverse().find((e) => e.kind === 'ROLLED_BACK');
  const detail = (rollback?.detail ?? null) as Record<string, unknown> | null;
  return (
    <div data-testid="release-plan" data-status={plan.status}>
      <p>
        <StatusBadge status={plan.status} /> Releasing <code>{plan.variation}</code>
        {plan.ruleId ? (
          <>
            {' '}
            in rule <code>{plan.ruleId}</code>
          </>
        ) : (
          ' to everyone else (fallthrough)'
        )}
        :{' '}
        {plan.status === 'ACTIVE' || plan.status === 'PAUSED' ? (
          <>
            <strong data-testid="release-percent">{formatPercent(plan.currentPercent)}</strong> now, stage{' '}
            {plan.currentStage + 1} of {plan.stages.length}
          </>
        ) : (
          <>
            reached <strong data-testid="release-percent">{formatPercent(plan.currentPercent)}</strong> (stage{' '}
            {plan.currentStage + 1} of {plan.stages.length})
          </>
        )}
        {plan.template ? `, template ${plan.template}` : ''}.
      </p>
      {plan.waitingReason && plan.status === 'ACTIVE' ? (
        <p className="alert alert--warning" role="status">
          Waiting: {plan.waitingReason}
        </p>
      ) : null}
      {plan.status === 'ROLLED_BACK' && detail ? (
        <div className="alert alert--error" role="status" data-testid="rollback-reason">
          <p className="alert__title">
            Rolled back {detail.trigger === 'guard' ? 'by a guard' : 'by a person'}
          </p>
          {detail.trigger === 'guard' ? (
            <p>
              <code>{String(detail.guard)}</code> read {formatValue(detail.observed)} over its threshold{' '}
              {formatValue(detail.threshold)} with a sample of {String(detail.sample)}; the flag serves what
              it served before the release.
            </p>
          ) : detail.comment ? (
            <p>“{String(detail.comment)}”</p>
          ) : null}
        </div>
      ) : null}
      <ol className="release-stages" aria-label="Stages">
        {plan.stages.map((s, i) => {
          const state =
            i < plan.currentStage || plan.status === 'COMPLETED'
              ? 'done'
              : i === plan.currentStage
                ? 'current'
                : 'upcoming';
          return (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: a stage is its place in the plan
              key={i}
              className={`release-stage release-stage--${state}`}
              aria-current={state === 'current' ? 'step' : undefined}
            >
              <strong>{formatPercent(s.percent)}</strong>
              <span className="muted"> for at least {formatMinutes(s.minDurationMinutes)}</span>
              {state === 'current' && plan.status === 'ACTIVE' ? (
                <span className="muted">
                  {' '}
                  · since <When at={plan.stageStartedAt} />
                  {plan.nextCheckAt ? (
                    <>
                      , next check <When at={plan.nextCheckAt} />
                    </>
                  ) : null}
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
      {plan.guards.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table" aria-label="Guards">
            <thead>
              <tr>
                <th scope="col">Guard</th>
                <th scope="col">Rolls back when</th>
                <th scope="col" className="num">
                  Now
                </th>
                <th scope="col" className="num">
                  Sample
                </th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {plan.guards.map((g) => {
                const reading = plan.readings.find(
                  (r) => r.guard.metric === g.metric && r.guard.kind === g.kind,
                );
                return (
                  <tr key={`${g.metric}:${g.kind}`} data-testid="guard-row">
                    <th scope="row">
                      <code>{g.metric}</code>
                    </th>
                    <td>
                      {g.kind === 'ABSOLUTE'
                        ? `value > ${formatValue(g.threshold)}`
                        : `worse than the rest by > ${formatValue(g.threshold)}`}{' '}
                      <span className="muted">(after {g.minSample} users)</span>
                    </td>
                    <td className="num">
                      {reading
                        ? g.kind === 'ABSOLUTE'
                          ? formatValue(reading.value)
                          : reading.lower === null
                            ? '—'
                            : `${formatValue(reading.lower)} … ${formatValue(reading.upper)}`
                        : '—'}
                    </td>
                    <td className="num">{reading ? reading.sample : '—'}</td>
                    <td>
                      {reading ? <StatusBadge status={reading.decision} /> : <span className="muted">—</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">No guards: stages advance on time alone.</p>
      )}
      {editable ? <PlanActions plan={plan} protectedBy={protectedBy} /> : null}
      <h3>What happened</h3>
      <ol className="release-events" data-testid="release-events">
        {[...plan.events].reverse().map((e, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: events are append-only and listed newest first
          <li key={`${e.at}:${i}`}>
            <When at={e.at} /> <StatusBadge status={e.kind} /> {formatPercent(e.percent)} (stage {e.stage + 1}
            ) by {e.actor}
            {describeDetail(e.detail)}
          </li>
        ))}
      </ol>
    </div>
  );
}

const ACTIONS: { action: ReleasePlanAction; label: string; when: string[]; danger?: boolean }[] = [
  { action: 'PAUSE', label: 'Pause', when: ['ACTIVE'] },
  { action: 'RESUME', label: 'Resume', when: ['PAUSED'] },
  { action: 'ADVANCE', label: 'Advance now', when: ['ACTIVE', 'PAUSED'] },
  { action: 'ROLLBACK', label: 'Roll back', when: ['ACTIVE', 'PAUSED'], danger: true },
  { action: 'ABORT', label: 'Abort', when: ['ACTIVE', 'PAUSED'], danger: true },
];

/** Actions that move a release on need approval where the environment requires it; stopping one never does. */
const NEEDS_APPROVAL: ReleasePlanAction[] = ['RESUME', 'ADVANCE'];

function PlanActions({ plan, protectedBy }: { plan: ReleasePlanView; protectedBy: number }) {
  const [acted, act] = useMutation(ReleasePlanActionDocument);
  const [proposal, propose] = useMutation(CreateChangeRequestDocument);
  const [proposed, setProposed] = useState(false);
  const result = { fetching: acted.fetching || proposal.fetching, error: proposal.error ?? acted.error };
  const [confirming, setConfirming] = useState<(typeof ACTIONS)[number] | null>(null);
  const [comment, setComment] = useState('');
  const available = ACTIONS.filter((a) => a.when.includes(plan.status));
  if (available.length === 0) return null;
  const errors = graphErrors(result.error);
  const run = async (action: ReleasePlanAction) => {
    setProposed(false);
    if (protectedBy > 0 && NEEDS_APPROVAL.includes(action)) {
      const res = await propose({
        input: {
          expectedVersion: plan.version,
          releasePlanAction: { planId: plan.id, action, comment: comment || null },
          comment: comment || null,
        },
      });
      if (res.data) setProposed(true);
    } else {
      await act({ id: plan.id, action, expectedVersion: plan.version, comment: comment || null });
    }
    setComment('');
  };
  return (
    <div className="toolbar" style={{ marginTop: '1rem' }}>
      {available.map((a) => (
        <button
          key={a.action}
          type="button"
          className={a.danger ? 'button button--danger' : 'button'}
          disabled={result.fetching}
          onClick={() => (a.danger || a.action === 'ADVANCE' ? setConfirming(a) : void run(a.action))}
        >
          {protectedBy > 0 && NEEDS_APPROVAL.includes(a.action)
            ? `Propose: ${a.label.toLowerCase()}`
            : a.label}
        </button>
      ))}
      {proposed ? (
        <span role="status" data-testid="action-proposed">
          Proposed for approval: see <Link href="/changes">change requests</Link>.
        </span>
      ) : null}
      <ErrorList messages={allMessages(errors)} />
      <ConfirmDialog
        open={confirming !== null}
        title={`${confirming?.label ?? ''} this release?`}
        confirmLabel={confirming?.label ?? ''}
        danger={confirming?.danger}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          const a = confirming;
          setConfirming(null);
          if (a) void run(a.action);
        }}
      >
        <p>
          {confirming?.action === 'ROLLBACK'
            ? 'The flag serves what it served before the release, at once.'
            : confirming?.action === 'ABORT'
              ? 'The plan stops; the targeting stays as it is now.'
              : 'The plan moves to its next stage now, whatever the timer and the guards say.'}
        </p>
        <label className="field">
          Why (kept in the history)
          <input value={comment} onChange={(e) => setComment(e.target.value)} />
        </label>
      </ConfirmDialog>
    </div>
  );
}

interface StageDraft {
  percent: string;
  minutes: string;
}
interface GuardDraft {
  metric: string;
  kind: ReleaseGuardKind;
  threshold: string;
  minSample: string;
}

function StartRelease({
  flag,
  environment,
  templates,
  metrics,
  protectedBy,
}: {
  flag: FlagReleases;
  environment: string;
  templates: ReleaseTemplateView[];
  metrics: Metric[];
  protectedBy: number;
}) {
  const [open, setOpen] = useState(false);
  const [variation, setVariation] = useState(flag.variations[flag.variations.length > 1 ? 1 : 0]?.key ?? '');
  const [ruleId, setRuleId] = useState('');
  const [template, setTemplate] = useState('');
  const [stages, setStages] = useState<StageDraft[]>([{ percent: '100', minutes: '60' }]);
  const [guards, setGuards] = useState<GuardDraft[]>([]);
  const [created, create] = useMutation(CreateReleasePlanDocument);
  const [proposal, propose] = useMutation(CreateChangeRequestDocument);
  const [proposed, setProposed] = useState(false);
  const result = { fetching: created.fetching || proposal.fetching, error: proposal.error ?? created.error };
  const errors = graphErrors(result.error);
  const f = (name: string) => fieldError(errors.fields, name);

  const pickTemplate = (key: string) => {
    setTemplate(key);
    const t = templates.find((x) => x.key === key);
    if (!t) return;
    setStages(t.stages.map((s) => ({ percent: String(s.percent), minutes: String(s.minDurationMinutes) })));
    setGuards(
      t.guards.map((g) => ({
        metric: g.metric,
        kind: g.kind,
        threshold: String(g.threshold),
        minSample: String(g.minSample),
      })),
    );
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = {
      project: flag.project,
      flagKey: flag.key,
      environment,
      variation,
      ruleId: ruleId || null,
      template: template || null,
      stages: stages.map((s) => ({ percent: Number(s.percent), minDurationMinutes: Number(s.minutes) })),
      guards: guards.map((g) => ({
        metric: g.metric,
        kind: g.kind,
        threshold: Number(g.threshold),
        minSample: Number(g.minSample),
      })),
    };
    if (protectedBy > 0) {
      // The environment requires approval: the plan starts once a change request is approved and applied.
      const res = await propose({
        input: { project: flag.project, expectedVersion: flag.version, releasePlan: input },
      });
      if (res.data) {
        setOpen(false);
        setProposed(true);
      }
      return;
    }
    const res = await create({ input });
    if (res.data) setOpen(false);
  };

  if (!open) {
    return (
      <div className="toolbar">
        <button type="button" className="button button--primary" onClick={() => setOpen(true)}>
          Start a release
        </button>
        {proposed ? (
          <span role="status" data-testid="release-proposed">
            Proposed for approval: the release starts once its <Link href="/changes">change request</Link> is
            applied.
          </span>
        ) : null}
        {protectedBy > 0 ? (
          <span className="muted">{environment} requires approval: starting a release asks for one.</span>
        ) : null}
      </div>
    );
  }
  return (
    <form onSubmit={submit} aria-label="New release plan" data-testid="release-form">
      <ErrorList title="The release did not start." messages={allMessages(errors)} />
      <div className="toolbar">
        <label className="field">
          Release
          <select value={variation} onChange={(e) => setVariation(e.target.value)}>
            {flag.variations.map((v) => (
              <option key={v.key} value={v.key}>
                {v.name ? `${v.name} (${v.key})` : v.key}
              </option>
            ))}
          </select>
          <FieldError id="release-variation-error" message={f('variation')} />
        </label>
        <label className="field">
          Where
          <select value={ruleId} onChange={(e) => setRuleId(e.target.value)}>
            <option value="">Everyone else (fallthrough)</option>
            {(flag.environment?.rules ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                Rule {r.description || r.id}
              </option>
            ))}
          </select>
          <FieldError id="release-rule-error" message={f('ruleId')} />
        </label>
        <label className="field">
          Template
          <select value={template} onChange={(e) => pickTemplate(e.target.value)}>
            <option value="">None: my own stages</option>
            {templates.map((t) => (
              <option key={t.key} value={t.key}>
                {t.name}
                {t.builtIn ? '' : ' (saved)'}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="plain-fieldset">
        <legend>Stages</legend>
        <FieldError id="release-stages-error" message={f('stages')} />
        {stages.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a stage is its place in the plan
          <div className="toolbar" key={i}>
            <NumberField
              label={`Stage ${i + 1}: percent`}
              value={s.percent}
              invalid={Boolean(f(`stages.${i}`))}
              onChange={(percent) => setStages(patchAt(stages, i, { percent }))}
            />
            <NumberField
              label="for at least (minutes)"
              value={s.minutes}
              onChange={(minutes) => setStages(patchAt(stages, i, { minutes }))}
            />
            <FieldError id={`release-stage-${i}-error`} message={f(`stages.${i}`)} />
            <button
              type="button"
              className="button button--small"
              onClick={() => setStages(stages.filter((_, j) => j !== i))}
            >
              Remove stage
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button--small"
          onClick={() => setStages([...stages, { percent: '100', minutes: '60' }])}
        >
          Add stage
        </button>
      </fieldset>
      <fieldset className="plain-fieldset">
        <legend>Guards</legend>
        <FieldError id="release-guards-error" message={f('guards')} />
        {guards.map((g, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a guard row has no identity but its place
          <div className="toolbar" key={i}>
            <label className="field">
              Metric
              <select
                value={g.metric}
                onChange={(e) => setGuards(patchAt(guards, i, { metric: e.target.value }))}
              >
                {metrics.some((m) => m.key === g.metric) ? null : (
                  <option value={g.metric}>{g.metric}</option>
                )}
                {metrics.map((m) => (
                  <option key={m.key} value={m.key}>
                    {m.name} ({m.key})
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              Kind
              <select
                value={g.kind}
                onChange={(e) => setGuards(patchAt(guards, i, { kind: e.target.value as ReleaseGuardKind }))}
              >
                <option value="ABSOLUTE">value above</option>
                <option value="RELATIVE">worse than the rest by</option>
              </select>
            </label>
            <NumberField
              label="Threshold"
              value={g.threshold}
              onChange={(threshold) => setGuards(patchAt(guards, i, { threshold }))}
            />
            <NumberField
              label="Minimum sample"
              value={g.minSample}
              onChange={(minSample) => setGuards(patchAt(guards, i, { minSample }))}
            />
            <FieldError id={`release-guard-${i}-error`} message={f(`guards.${i}`)} />
            <button
              type="button"
              className="button button--small"
              onClick={() => setGuards(guards.filter((_, j) => j !== i))}
            >
              Remove guard
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button--small"
          disabled={metrics.length === 0}
          onClick={() =>
            setGuards([
              ...guards,
              { metric: metrics[0]?.key ?? '', kind: 'ABSOLUTE', threshold: '0.05', minSample: '100' },
            ])
          }
        >
          Add guard
        </button>
      </fieldset>
      <div className="toolbar" style={{ marginTop: '1rem' }}>
        <button type="submit" className="button button--primary" disabled={result.fetching}>
          {protectedBy > 0 ? 'Propose release' : 'Start release'}
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function describeDetail(detail: unknown): string {
  if (!detail || typeof detail !== 'object') return '';
  const d = detail as Record<string, unknown>;
  if (d.trigger === 'guard') {
    return ` — guard ${String(d.guard)} read ${formatValue(d.observed)} > ${formatValue(d.threshold)} (sample ${String(d.sample)})`;
  }
  if (typeof d.reason === 'string') return ` — ${d.reason}`;
  if (typeof d.comment === 'string') return ` — “${d.comment}”`;
  if (Array.isArray(d.guards) && d.guards.length > 0) {
    const parts = (d.guards as { guard: string; observed: unknown; sample: number }[]).map(
      (g) => `${g.guard} ${formatValue(g.observed)} (sample ${g.sample})`,
    );
    return ` — guards healthy: ${parts.join(', ')}`;
  }
  return '';
}

export function formatPercent(p: number): string {
  return `${Number.isInteger(p) ? p : p.toFixed(2)} %`;
}

function formatMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

function formatValue(v: unknown): string {
  if (typeof v !== 'number') return v === null || v === undefined ? '—' : String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}

function NumberField({
  label,
  value,
  invalid,
  onChange,
}: {
  label: string;
  value: string;
  invalid?: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <label className="field">
      {label}
      <input
        type="number"
        step="any"
        value={value}
        aria-invalid={invalid ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

/** The list with its `i`-th item patched (a form row's edit). */
function patchAt<T>(list: T[], i: number, patch: Partial<T>): T[] {
  return list.map((x, j) => (j === i ? { ...x, ...patch } : x));
}
