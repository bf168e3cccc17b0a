'use client';

import type { ConditionDraft } from '../components/condition-model';
import { ConditionsEditor } from '../components/conditions-editor';
import { FieldError } from '../components/ui';

export interface SegmentRuleDraft {
  /** Stable React key; `id` is the server's id (empty for a new rule). */
  uid: string;
  id: string;
  conditions: ConditionDraft[];
}

/** A segment's rules: a context matching every condition of any one rule is a member. */
export function SegmentRulesEditor({
  rules,
  onChange,
  onAdd,
  segments,
  f,
  listError,
}: {
  rules: SegmentRuleDraft[];
  onChange: (rules: SegmentRuleDraft[]) => void;
  onAdd: () => void;
  segments: { key: string; name: string }[];
  f: (name: string) => string | undefined;
  /** An error the graph gave the list as a whole (`rules`). */
  listError?: string;
}) {
  return (
    <fieldset className="plain-fieldset" data-testid="segment-rules">
      <legend>Rules (a context matching any one rule is a member)</legend>
      <FieldError id="segment-rules-error" message={listError} />
      <ol className="rules">
        {rules.map((rule, i) => (
          <li className="rule" key={rule.uid} data-testid="segment-rule">
            <div className="toolbar">
              <strong>Rule {i + 1}</strong>
              <button
                type="button"
                className="button button--small"
                onClick={() => onChange(rules.filter((_, j) => j !== i))}
              >
                Remove rule {i + 1}
              </button>
            </div>
            <ConditionsEditor
              conditions={rule.conditions}
              onChange={(conditions) => onChange(rules.map((r, j) => (j === i ? { ...r, conditions } : r)))}
              segments={segments}
              path={`rules.${i}`}
              idPrefix={rule.uid}
              ruleLabel={`rule ${i + 1}`}
              f={f}
            />
          </li>
        ))}
      </ol>
      <button type="button" className="button button--small" onClick={onAdd}>
        Add rule
      </button>
    </fieldset>
  );
}
