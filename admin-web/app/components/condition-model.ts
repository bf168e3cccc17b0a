import type { ConditionInput } from '../../lib/gql/graphql';

const NUMERIC = new Set(['gt', 'gte', 'lt', 'lte']);

/** A targeting condition as the form holds it (flag rules and segment rules alike). */
export interface ConditionDraft {
  attribute: string;
  operator: string;
  /** Comma-separated in the form; one segment key for inSegment. */
  values: string;
  negate: boolean;
}

interface ConditionData {
  attribute: string;
  operator: string;
  values: unknown[];
  negate: boolean;
}

export function valueText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function emptyCondition(): ConditionDraft {
  return { attribute: '', operator: 'equals', values: '', negate: false };
}

export function conditionDraft(c: ConditionData): ConditionDraft {
  return {
    attribute: c.attribute,
    operator: c.operator,
    values: c.values.map(valueText).join(', '),
    negate: c.negate,
  };
}

function conditionValues(c: ConditionDraft): unknown[] {
  if (c.operator === 'exists') return [];
  if (c.operator === 'inSegment') return c.values ? [c.values] : [];
  const parts = c.values
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (NUMERIC.has(c.operator)) return parts.map((v) => (Number.isFinite(Number(v)) ? Number(v) : v));
  return parts;
}

export function conditionInput(c: ConditionDraft) {
  return {
    attribute: c.attribute.trim(),
    operator: c.operator,
    values: conditionValues(c),
    negate: c.negate,
  } satisfies ConditionInput;
}

/** `plan in pro, team AND NOT country equals FR`, for read-only summaries. */
export function conditionsText(conditions: ConditionData[]): string {
  return (
    conditions
      .map(
        (c) => `${c.negate ? 'NOT ' : ''}${c.attribute} ${c.operator} ${c.values.map(valueText).join(', ')}`,
      )
      .join(' AND ') || 'everyone'
  );
}
