'use client';

import { ConditionsEditor } from '../components/conditions-editor';
import type { ConditionDraft } from '../components/condition-model';
import { FieldError } from '../components/ui';

/** A group of checkboxes choosing some of `options` (metrics or segments). */
function CheckboxGroup({
  legend,
  hint,
  options,
  chosen,
  onChange,
  error,
  idPrefix,
}: {
  legend: string;
  hint?: string;
  options: { key: string; name: string }[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
  error?: string;
  idPrefix: string;
}) {
  return (
    <fieldset className="field" aria-describedby={`${idPrefix}-error`} data-testid={idPrefix}>
      <legend>{legend}</legend>
      {hint ? <p className="muted">{hint}</p> : null}
      {options.length === 0 ? <p className="muted">None to choose.</p> : null}
      {options.map((o) => (
        <label className="checkbox" key={o.key}>
          <input
            type="checkbox"
            checked={chosen.includes(o.key)}
            onChange={(e) =>
              onChange(e.target.checked ? [...chosen, o.key] : chosen.filter((k) => k !== o.key))
            }
          />
          {o.name} ({o.key})
        </label>
      ))}
      <FieldError id={`${idPrefix}-error`} message={error} />
    </fieldset>
  );
}

/** Secondary metrics (read alongside the primary) and guardrails (must not get worse). */
export function MetricsFields({
  metrics,
  primary,
  secondary,
  guardrails,
  onChange,
  f,
}: {
  metrics: { key: string; name: string }[];
  primary: string;
  secondary: string[];
  guardrails: string[];
  onChange: (next: { secondary: string[]; guardrails: string[] }) => void;
  f: (name: string) => string | undefined;
}) {
  const others = metrics.filter((m) => m.key !== primary);
  return (
    <div className="toolbar">
      <CheckboxGroup
        legend="Secondary metrics"
        options={others}
        chosen={secondary.filter((k) => k !== primary)}
        onChange={(s) => onChange({ secondary: s, guardrails })}
        error={f('secondaryMetrics')}
        idPrefix="new-experiment-secondary"
      />
      <CheckboxGroup
        legend="Guardrail metrics"
        hint="Flagged when a variant makes them significantly worse."
        options={others}
        chosen={guardrails.filter((k) => k !== primary)}
        onChange={(g) => onChange({ secondary, guardrails: g })}
        error={f('guardrailMetrics')}
        idPrefix="new-experiment-guardrail"
      />
    </div>
  );
}

export interface AudienceDraft {
  segments: string[];
  conditions: ConditionDraft[];
}

export const emptyAudience: AudienceDraft = { segments: [], conditions: [] };

/** Who may enter: members of every chosen segment who match every condition (none: everyone). */
export function AudienceFields({
  value,
  onChange,
  segments,
  f,
}: {
  value: AudienceDraft;
  onChange: (next: AudienceDraft) => void;
  segments: { key: string; name: string }[];
  f: (name: string) => string | undefined;
}) {
  return (
    <div data-testid="new-experiment-audience">
      <CheckboxGroup
        legend="Audience segments"
        hint="Users must be in every checked segment. None checked: everyone."
        options={segments}
        chosen={value.segments}
        onChange={(s) => onChange({ ...value, segments: s })}
        error={f('audience.segments')}
        idPrefix="new-experiment-segments"
      />
      <ConditionsEditor
        conditions={value.conditions}
        onChange={(conditions) => onChange({ ...value, conditions })}
        segments={segments}
        path="audience"
        idPrefix="new-experiment-audience"
        ruleLabel="the audience"
        f={f}
      />
    </div>
  );
}
