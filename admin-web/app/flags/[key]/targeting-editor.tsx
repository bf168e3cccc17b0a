'use client';

import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { fieldError, type GraphErrorInfo, graphErrors } from '../../../lib/graph-errors';
import { ErrorList, FieldError, Switch } from '../../components/ui';
import { isProduction, useConsole } from '../../console-context';
import {
  type FlagDetail,
  type FlagEnv,
  PrerequisiteFlagsDocument,
  UpdateTargetingDocument,
} from './flag-queries';
import { ConditionsEditor } from '../../components/conditions-editor';
import { ImpactPreview } from './impact-preview';
import { TargetingPreview } from './targeting-preview';
import {
  ApprovalPoliciesDocument,
  CreateChangeRequestDocument,
  ScheduleChangeDocument,
} from '../../releases/release-queries';
import { fromLocalInput } from '../../../lib/local-datetime';
import { availableIn } from '../../../lib/project-scope';
import Link from 'next/link';
import {
  draftFrom,
  emptyPrerequisite,
  emptyRule,
  isExperimentRule,
  type PrerequisiteDraft,
  type RuleDraft,
  rolloutSum,
  type ServeDraft,
  summarize,
  type TargetingDraft,
  targetingInput,
} from './targeting-model';

/**
 * One environment's targeting, editable. The draft keeps the version it was made from;
 * a change made elsewhere while the draft has edits shows both versions instead of
 * overwriting either. Nothing typed is lost when a save fails.
 */
export function TargetingEditor({
  flag,
  env,
  segments,
}: {
  flag: FlagDetail;
  env: FlagEnv;
  segments: { key: string; name: string }[];
}) {
  const { canEditIn, project } = useConsole();
  const editable = canEditIn(env.environment) && !flag.archived;
  // Change requests and scheduled changes are the default project's only so far (lib/project-scope.ts):
  // elsewhere a save goes straight to the graph, which says so if the environment wants approval.
  const proposes = availableIn('change-requests', project);
  const schedules = availableIn('scheduled-changes', project);
  const variations = flag.variations.map((v) => v.key);
  const [base, setBase] = useState({ version: flag.version, env });
  const [draft, setDraft] = useState<TargetingDraft>(() => draftFrom(env, variations));
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<GraphErrorInfo>({ fields: {}, general: [], conflict: null });
  const [saved, setSaved] = useState(false);
  const [result, updateTargeting] = useMutation(UpdateTargetingDocument);
  const [proposal, propose] = useMutation(CreateChangeRequestDocument);
  const [scheduling, scheduleChange] = useMutation(ScheduleChangeDocument);
  // In an environment that requires approval, saving proposes a change request instead.
  const [policies] = useQuery({
    query: ApprovalPoliciesDocument,
    pause: typeof window === 'undefined' || !proposes,
  });
  const requiredApprovals = proposes
    ? (policies.data?.approvalPolicies.find((p) => p.environment === env.environment)?.requiredApprovals ?? 0)
    : 0;
  const [outcome, setOutcome] = useState<{ kind: 'proposed' | 'scheduled'; at?: string } | null>(null);
  const [scheduleAt, setScheduleAt] = useState('');
  const savingRef = useRef(false);

  // A newer version arrived (live or after our save): follow it unless we have edits.
  useEffect(() => {
    if (flag.version === base.version) return;
    if (!dirty) {
      setBase({ version: flag.version, env });
      setDraft(
        draftFrom(
          env,
          flag.variations.map((v) => v.key),
        ),
      );
    }
  }, [flag.version, flag.variations, env, base.version, dirty]);

  const theirs = dirty && flag.version !== base.version ? { version: flag.version, env } : null;
  const conflict =
    errors.conflict ??
    (theirs
      ? { message: 'Someone else changed this flag while you were editing.', currentVersion: theirs.version }
      : null);

  const update = (next: TargetingDraft) => {
    setDraft(next);
    setDirty(true);
    setSaved(false);
    // A field's message belongs to the value that was refused; editing clears the per-field ones.
    setErrors((prev) => (Object.keys(prev.fields).length > 0 ? { ...prev, fields: {} } : prev));
  };

  async function save(expectedVersion: number) {
    if (savingRef.current) return;
    savingRef.current = true;
    setSaved(false);
    setOutcome(null);
    if (requiredApprovals > 0) {
      const res = await propose({
        input: {
          project,
          flagKey: flag.key,
          environment: env.environment,
          expectedVersion,
          targeting: targetingInput(draft),
        },
      });
      savingRef.current = false;
      setErrors(graphErrors(res.error));
      if (res.data) {
        // Nothing changed yet: the editor shows the live targeting again and the request waits for review.
        setDraft(draftFrom(env, variations));
        setDirty(false);
        setOutcome({ kind: 'proposed' });
      }
      return;
    }
    const res = await updateTargeting({
      key: flag.key,
      environment: env.environment,
      expectedVersion,
      input: targetingInput(draft),
    });
    savingRef.current = false;
    const info = graphErrors(res.error);
    setErrors(info);
    if (res.data) {
      setDirty(false);
      setSaved(true);
      setBase({ version: res.data.updateTargeting.version, env });
    }
  }

  async function schedule() {
    const at = fromLocalInput(scheduleAt);
    if (!at) {
      setErrors({ fields: { at: 'choose when the change applies' }, general: [], conflict: null });
      return;
    }
    const res = await scheduleChange({
      input: {
        project,
        flagKey: flag.key,
        environment: env.environment,
        at,
        expectedVersion: base.version,
        targeting: targetingInput(draft),
      },
    });
    const info = graphErrors(res.error);
    setErrors(info);
    if (res.data) {
      setDraft(draftFrom(env, variations));
      setDirty(false);
      setScheduleAt('');
      setOutcome({ kind: 'scheduled', at: res.data.scheduleChange.at });
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(base.version);
  };

  const discardMine = () => {
    setDraft(draftFrom(env, variations));
    setBase({ version: flag.version, env });
    setDirty(false);
    setErrors({ fields: {}, general: [], conflict: null });
  };

  const f = (name: string) => fieldError(errors.fields, name);
  if (!editable) {
    // Viewers (and editors without the production grant) read the targeting; no controls.
    return (
      <div data-testid="targeting-form">
        <pre className="pre" data-testid="targeting-summary">
          {summarize(env)}
        </pre>
        <p className="muted">You can read this targeting but not change it.</p>
        <TargetingPreview flag={flag} env={env} draft={draft} />
      </div>
    );
  }
  const experimentRules = env.rules.filter((r) => isExperimentRule(r.id));

  return (
    <form onSubmit={submit} aria-label={`Targeting in ${env.environment}`} data-testid="targeting-form">
      {conflict ? (
        <div className="alert alert--warning" role="alert" data-testid="targeting-conflict">
          <p className="alert__title">Conflict: {conflict.message}</p>
          <p>
            Your edits (made on version {base.version}) are kept below. The current version
            {theirs ? ` (${theirs.version})` : conflict.currentVersion ? ` (${conflict.currentVersion})` : ''}{' '}
            is:
          </p>
          <pre className="pre" data-testid="their-version">
            {summarize(env)}
          </pre>
          <div className="toolbar" style={{ marginTop: '0.75rem', marginBottom: 0 }}>
            <button type="button" className="button" onClick={discardMine}>
              Discard mine, use theirs
            </button>
            {editable ? (
              <button type="button" className="button button--danger" onClick={() => void save(flag.version)}>
                Save mine over theirs
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
      <ErrorList messages={errors.general} title="The targeting was not saved." />
      {saved ? (
        <p className="alert alert--success" role="status">
          Saved.
        </p>
      ) : null}
      {outcome?.kind === 'proposed' ? (
        <p className="alert alert--success" role="status" data-testid="change-proposed">
          Change request created: it applies once approved. <Link href="/changes">Open change requests</Link>
        </p>
      ) : null}
      {outcome?.kind === 'scheduled' ? (
        <p className="alert alert--success" role="status" data-testid="change-scheduled">
          Scheduled for {new Date(outcome.at ?? '').toLocaleString('en-GB')}: listed under Scheduled changes
          below.
        </p>
      ) : null}
      {requiredApprovals > 0 ? (
        <p className="alert alert--warning" role="note">
          {env.environment} requires {requiredApprovals} approval{requiredApprovals === 1 ? '' : 's'}: saving
          proposes a change request.
        </p>
      ) : null}
      <fieldset disabled={!editable} className="plain-fieldset">
        <legend className="visually-hidden">Targeting in {env.environment}</legend>
        <div className="toolbar">
          <div className="field">
            <span id="targeting-enabled-label">Serving</span>
            <Switch
              checked={draft.enabled}
              label={`Targeting on in ${env.environment}`}
              onChange={(enabled) => update({ ...draft, enabled })}
              disabled={!editable}
            />
          </div>
          <div className="field">
            <label htmlFor={`${env.environment}-off-variation`}>Off variation</label>
            <VariationSelect
              id={`${env.environment}-off-variation`}
              value={draft.offVariation}
              variations={variations}
              invalid={f('offVariation')}
              errorId="off-variation-error"
              onChange={(offVariation) => update({ ...draft, offVariation })}
            />
            <FieldError id="off-variation-error" message={f('offVariation')} />
          </div>
          <label className="field">
            Starts at
            <input
              type="datetime-local"
              value={draft.startsAt}
              aria-invalid={f('startsAt') ? true : undefined}
              onChange={(e) => update({ ...draft, startsAt: e.target.value })}
            />
            <FieldError id="starts-at-error" message={f('startsAt')} />
          </label>
          <label className="field">
            Ends at
            <input
              type="datetime-local"
              value={draft.endsAt}
              aria-invalid={f('endsAt') ? true : undefined}
              onChange={(e) => update({ ...draft, endsAt: e.target.value })}
            />
            <FieldError id="ends-at-error" message={f('endsAt')} />
          </label>
        </div>

        <h3>Prerequisites</h3>
        <Prerequisites draft={draft} update={update} f={f} selfKey={flag.key} />

        <h3>Individual targets</h3>
        {draft.targets.map((t, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a target row has no identity but its place
          <div className="toolbar" key={`target-${i}`}>
            <div className="field">
              <label htmlFor={`target-${i}-variation`}>Variation</label>
              <VariationSelect
                id={`target-${i}-variation`}
                value={t.variation}
                variations={variations}
                onChange={(variation) =>
                  update({
                    ...draft,
                    targets: draft.targets.map((x, j) => (j === i ? { ...x, variation } : x)),
                  })
                }
              />
            </div>
            <label className="field grow">
              Context keys (comma separated)
              <input
                value={t.values}
                aria-invalid={f(`targets.${i}`) ? true : undefined}
                aria-describedby={`target-${i}-error`}
                onChange={(e) =>
                  update({
                    ...draft,
                    targets: draft.targets.map((x, j) => (j === i ? { ...x, values: e.target.value } : x)),
                  })
                }
              />
              <FieldError id={`target-${i}-error`} message={f(`targets.${i}`)} />
            </label>
            <button
              type="button"
              className="button button--small"
              onClick={() => update({ ...draft, targets: draft.targets.filter((_, j) => j !== i) })}
            >
              Remove target
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button--small"
          onClick={() =>
            update({ ...draft, targets: [...draft.targets, { variation: variations[0] ?? '', values: '' }] })
          }
        >
          Add targets
        </button>

        <h3>Rules</h3>
        {experimentRules.map((r) => (
          <p key={r.id} className="muted">
            First: experiment rule <code>{r.id}</code> (managed by the experiment).
          </p>
        ))}
        <ol className="rules">
          {draft.rules.map((rule, i) => (
            <RuleEditor
              key={rule.uid}
              index={i}
              count={draft.rules.length}
              rule={rule}
              variations={variations}
              segments={segments}
              f={f}
              onChange={(next) =>
                update({ ...draft, rules: draft.rules.map((r, j) => (j === i ? next : r)) })
              }
              onRemove={() => update({ ...draft, rules: draft.rules.filter((_, j) => j !== i) })}
              onMove={(delta) => {
                const rules = [...draft.rules];
                const [moved] = rules.splice(i, 1);
                rules.splice(i + delta, 0, moved!);
                update({ ...draft, rules });
              }}
            />
          ))}
        </ol>
        <button
          type="button"
          className="button button--small"
          onClick={() => update({ ...draft, rules: [...draft.rules, emptyRule(variations)] })}
        >
          Add rule
        </button>

        <h3>Everyone else (fallthrough)</h3>
        <ServeEditor
          idPrefix="fallthrough"
          serve={draft.fallthrough}
          variations={variations}
          error={f('fallthrough')}
          onChange={(fallthrough) => update({ ...draft, fallthrough })}
        />
      </fieldset>
      {editable ? (
        <div className="toolbar" style={{ marginTop: '1.25rem' }}>
          <button
            type="submit"
            className="button button--primary"
            disabled={!dirty || result.fetching || proposal.fetching}
          >
            {requiredApprovals > 0
              ? 'Propose change'
              : isProduction(env.environment)
                ? 'Save to production'
                : `Save to ${env.environment}`}
          </button>
          <button type="button" className="button" disabled={!dirty} onClick={discardMine}>
            Discard changes
          </button>
          {requiredApprovals === 0 && schedules ? (
            <>
              <label className="field">
                or apply at
                <input
                  type="datetime-local"
                  value={scheduleAt}
                  aria-invalid={f('at') ? true : undefined}
                  onChange={(e) => setScheduleAt(e.target.value)}
                />
                <FieldError id="schedule-at-error" message={f('at')} />
              </label>
              <button
                type="button"
                className="button"
                disabled={!dirty || scheduling.fetching}
                onClick={() => void schedule()}
              >
                Schedule change
              </button>
            </>
          ) : null}
          {dirty ? <span className="muted">Unsaved changes</span> : null}
        </div>
      ) : (
        <p className="muted">You can read this targeting but not change it.</p>
      )}
      {dirty && availableIn('impact-preview', project) ? (
        <ImpactPreview flagKey={flag.key} environment={env.environment} targeting={targetingInput(draft)} />
      ) : null}
      <TargetingPreview flag={flag} env={env} draft={draft} />
    </form>
  );
}

function VariationSelect({
  value,
  variations,
  onChange,
  invalid,
  errorId,
  id,
}: {
  id?: string;
  value: string;
  variations: string[];
  onChange: (v: string) => void;
  invalid?: string;
  errorId?: string;
}) {
  return (
    <select
      id={id}
      value={value}
      aria-invalid={invalid ? true : undefined}
      aria-describedby={invalid ? errorId : undefined}
      onChange={(e) => onChange(e.target.value)}
    >
      {variations.includes(value) ? null : <option value={value}>{value || '—'}</option>}
      {variations.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </select>
  );
}

function RuleEditor({
  index,
  count,
  rule,
  variations,
  segments,
  f,
  onChange,
  onRemove,
  onMove,
}: {
  index: number;
  count: number;
  rule: RuleDraft;
  variations: string[];
  segments: { key: string; name: string }[];
  f: (name: string) => string | undefined;
  onChange: (rule: RuleDraft) => void;
  onRemove: () => void;
  onMove: (delta: number) => void;
}) {
  const p = `rules.${index}`;
  return (
    <li className="rule" data-testid="rule">
      <div className="toolbar">
        <label className="field grow">
          Rule {index + 1} description
          <input
            value={rule.description}
            onChange={(e) => onChange({ ...rule, description: e.target.value })}
          />
        </label>
        <button
          type="button"
          className="button button--small"
          disabled={index === 0}
          onClick={() => onMove(-1)}
        >
          Move up
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={index === count - 1}
          onClick={() => onMove(1)}
        >
          Move down
        </button>
        <button type="button" className="button button--small" onClick={onRemove}>
          Remove rule
        </button>
      </div>
      <FieldError
        id={`${p}-error`}
        message={f(p) && !f(`${p}.conditions`) && !f(`${p}.serve`) ? f(p) : undefined}
      />
      <ConditionsEditor
        conditions={rule.conditions}
        onChange={(conditions) => onChange({ ...rule, conditions })}
        segments={segments}
        path={p}
        idPrefix={rule.uid}
        ruleLabel={`rule ${index + 1}`}
        f={f}
      />
      <p className="muted">Serve:</p>
      <ServeEditor
        idPrefix={p}
        serve={rule.serve}
        variations={variations}
        error={f(`${p}.serve`)}
        onChange={(serve) => onChange({ ...rule, serve })}
      />
    </li>
  );
}

function ServeEditor({
  idPrefix,
  serve,
  variations,
  error,
  onChange,
}: {
  idPrefix: string;
  serve: ServeDraft;
  variations: string[];
  error?: string;
  onChange: (serve: ServeDraft) => void;
}) {
  const sum = rolloutSum(serve.rollout);
  const rollout =
    serve.rollout.length > 0 ? serve.rollout : variations.map((v) => ({ variation: v, weight: '0' }));
  return (
    <div className="serve">
      <div className="toolbar">
        <label className="field">
          Serve
          <select
            value={serve.mode}
            onChange={(e) => onChange({ ...serve, mode: e.target.value as ServeDraft['mode'], rollout })}
          >
            <option value="variation">A variation</option>
            <option value="rollout">A percentage split</option>
          </select>
        </label>
        {serve.mode === 'variation' ? (
          <div className="field">
            <label htmlFor={`${idPrefix}-variation`}>Variation</label>
            <VariationSelect
              id={`${idPrefix}-variation`}
              value={serve.variation}
              variations={variations}
              invalid={error}
              errorId={`${idPrefix}-serve-error`}
              onChange={(variation) => onChange({ ...serve, variation })}
            />
          </div>
        ) : (
          <>
            {rollout.map((w, i) => (
              <label className="field" key={w.variation}>
                {w.variation} %
                <input
                  type="number"
                  inputMode="decimal"
                  min={0}
                  max={100}
                  step={0.001}
                  value={w.weight}
                  className="weight"
                  aria-invalid={sum !== 100 || error ? true : undefined}
                  onChange={(e) =>
                    onChange({
                      ...serve,
                      rollout: rollout.map((x, j) => (j === i ? { ...x, weight: e.target.value } : x)),
                    })
                  }
                />
              </label>
            ))}
            <p
              className={sum === 100 ? 'sum sum--ok' : 'sum sum--bad'}
              aria-live="polite"
              data-testid="rollout-sum"
            >
              Total {sum}%{sum === 100 ? '' : ' — must be 100%'}
            </p>
            <label className="field">
              Bucket by
              <input
                value={serve.bucketBy}
                placeholder="key"
                onChange={(e) => onChange({ ...serve, bucketBy: e.target.value })}
              />
            </label>
          </>
        )}
      </div>
      <FieldError id={`${idPrefix}-serve-error`} message={error} />
    </div>
  );
}

function Prerequisites({
  draft,
  update,
  f,
  selfKey,
}: {
  draft: TargetingDraft;
  update: (d: TargetingDraft) => void;
  f: (name: string) => string | undefined;
  selfKey: string;
}) {
  const [{ data }] = useQuery({ query: PrerequisiteFlagsDocument, pause: typeof window === 'undefined' });
  const flags = (data?.flags.nodes ?? []).filter((x) => x.key !== selfKey);
  const change = (i: number, next: Partial<PrerequisiteDraft>) =>
    update({
      ...draft,
      prerequisites: draft.prerequisites.map((x, j) => (j === i ? { ...x, ...next } : x)),
    });
  return (
    <>
      <p className="muted">
        The flag&apos;s targeting applies only when every prerequisite holds; otherwise it serves its off
        variation. A parent &quot;serves one of&quot; the ticked variations, or &quot;is off&quot;: switched
        off, outside its schedule, or failing its own prerequisites.
      </p>
      {draft.prerequisites.map((p, i) => {
        const known = flags.find((x) => x.key === p.flagKey)?.variations.map((v) => v.key) ?? [];
        const variations = [...known, ...p.variations.filter((v) => !known.includes(v))];
        // Also names the form's own fields (prerequisites.0.variations.1): fieldError matches below the path.
        const error = f(`prerequisites.${i}`);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a prerequisite row has no identity but its place
          <div className="toolbar" key={`prereq-${i}`} data-testid={`prerequisite-${i}`}>
            <label className="field">
              Flag
              <select
                value={p.flagKey}
                aria-invalid={error ? true : undefined}
                onChange={(e) => change(i, { flagKey: e.target.value, variations: [] })}
              >
                <option value="">Choose a flag</option>
                {flags.map((x) => (
                  <option key={x.key} value={x.key}>
                    {x.key}
                  </option>
                ))}
                {p.flagKey && !flags.some((x) => x.key === p.flagKey) ? (
                  <option value={p.flagKey}>{p.flagKey}</option>
                ) : null}
              </select>
            </label>
            <label className="field">
              Requires the flag
              <select
                value={p.mode}
                onChange={(e) => change(i, { mode: e.target.value as PrerequisiteDraft['mode'] })}
              >
                <option value="serves">serves one of</option>
                <option value="off">is off</option>
              </select>
            </label>
            {p.mode === 'serves' ? (
              <fieldset className="field">
                <legend>Variations</legend>
                {variations.length === 0 ? <span className="muted">Choose a flag first</span> : null}
                {variations.map((v) => (
                  <label key={v} className="checkbox">
                    <input
                      type="checkbox"
                      checked={p.variations.includes(v)}
                      onChange={(e) =>
                        change(i, {
                          variations: e.target.checked
                            ? variations.filter((x) => x === v || p.variations.includes(x))
                            : p.variations.filter((x) => x !== v),
                        })
                      }
                    />
                    {v}
                  </label>
                ))}
              </fieldset>
            ) : null}
            <button
              type="button"
              className="button button--small"
              onClick={() =>
                update({ ...draft, prerequisites: draft.prerequisites.filter((_, j) => j !== i) })
              }
            >
              Remove prerequisite
            </button>
            <FieldError id={`prereq-${i}-error`} message={error} />
          </div>
        );
      })}
      <button
        type="button"
        className="button button--small"
        onClick={() => update({ ...draft, prerequisites: [...draft.prerequisites, emptyPrerequisite()] })}
      >
        Add prerequisite
      </button>
    </>
  );
}
