'use client';

import { OPERATORS } from '@switchyard/core';
import {
  type ConditionDraft,
  emptyCondition,
  OPERATOR_HELP,
  readsCase,
  takesValues,
} from './condition-model';
import { FieldError } from './ui';

/**
 * The conditions of one rule (a flag rule or a segment rule), every operator of @switchyard/core.
 * `path` is the rule's input path (`rules.0`): the graph names a condition `rules.0.conditions.1`.
 */
export function ConditionsEditor({
  conditions,
  onChange,
  segments,
  path,
  idPrefix,
  ruleLabel,
  f,
}: {
  conditions: ConditionDraft[];
  onChange: (conditions: ConditionDraft[]) => void;
  segments: { key: string; name: string }[];
  path: string;
  idPrefix: string;
  ruleLabel: string;
  f: (name: string) => string | undefined;
}) {
  const set = (i: number, c: ConditionDraft) => onChange(conditions.map((x, j) => (j === i ? c : x)));
  return (
    <>
      <p className="muted">If all of:</p>
      {conditions.map((c, i) => {
        const cp = `${path}.conditions.${i}`;
        const errorId = `${idPrefix}-c${i}-error`;
        const err = f(cp);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a condition has no identity but its place
          <div className="toolbar condition" key={`${idPrefix}-c${i}`} data-testid="condition">
            <label className="field">
              Attribute
              <input
                value={c.attribute}
                placeholder="user.plan"
                disabled={c.operator === 'inSegment'}
                aria-invalid={f(`${cp}.attribute`) ? true : undefined}
                onChange={(e) => set(i, { ...c, attribute: e.target.value })}
              />
            </label>
            <label className="field">
              Operator
              <select
                value={c.operator}
                onChange={(e) =>
                  set(i, {
                    ...c,
                    operator: e.target.value,
                    attribute: e.target.value === 'inSegment' ? 'key' : c.attribute,
                    values: e.target.value === 'inSegment' ? (segments[0]?.key ?? '') : c.values,
                  })
                }
              >
                {OPERATORS.map((op) => (
                  <option key={op} value={op}>
                    {op}
                  </option>
                ))}
              </select>
            </label>
            {c.operator === 'inSegment' ? (
              <label className="field">
                Segment
                <select
                  value={c.values}
                  aria-invalid={err ? true : undefined}
                  onChange={(e) => set(i, { ...c, values: e.target.value })}
                >
                  {segments.some((s) => s.key === c.values) ? null : (
                    <option value={c.values}>{c.values || '—'}</option>
                  )}
                  {segments.map((s) => (
                    <option key={s.key} value={s.key}>
                      {s.name} ({s.key})
                    </option>
                  ))}
                </select>
              </label>
            ) : !takesValues(c.operator) ? null : (
              <label className="field grow">
                {c.operator === 'deepEquals' || c.operator === 'anyElement'
                  ? 'Value (JSON)'
                  : 'Values (comma separated)'}
                <input
                  value={c.values}
                  aria-invalid={err ? true : undefined}
                  aria-describedby={errorId}
                  onChange={(e) => set(i, { ...c, values: e.target.value })}
                />
              </label>
            )}
            {readsCase(c.operator) ? (
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={c.caseInsensitive}
                  onChange={(e) => set(i, { ...c, caseInsensitive: e.target.checked })}
                />
                Ignore case
              </label>
            ) : null}
            {c.operator === 'matches' ? (
              <label className="field">
                Regex flags (m, s)
                <input
                  value={c.regexFlags}
                  size={4}
                  placeholder="ms"
                  aria-invalid={f(`${cp}.regexFlags`) ? true : undefined}
                  onChange={(e) => set(i, { ...c, regexFlags: e.target.value.trim() })}
                />
              </label>
            ) : null}
            <label className="checkbox">
              <input
                type="checkbox"
                checked={c.negate}
                onChange={(e) => set(i, { ...c, negate: e.target.checked })}
              />
              Not
            </label>
            <button
              type="button"
              className="button button--small"
              aria-label={`Remove condition ${i + 1} of ${ruleLabel}`}
              onClick={() => onChange(conditions.filter((_, j) => j !== i))}
            >
              Remove
            </button>
            <p className="muted operator-help" data-testid="operator-help">
              {OPERATOR_HELP[c.operator as keyof typeof OPERATOR_HELP]?.help}{' '}
              <span>e.g. {OPERATOR_HELP[c.operator as keyof typeof OPERATOR_HELP]?.example}</span>
            </p>
            <FieldError id={errorId} message={err} />
          </div>
        );
      })}
      <button
        type="button"
        className="button button--small"
        onClick={() => onChange([...conditions, emptyCondition()])}
      >
        Add condition
      </button>
    </>
  );
}
