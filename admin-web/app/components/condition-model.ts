import { CASE_INSENSITIVE_OPERATORS, type Operator, VALUELESS_OPERATORS } from '@switchyard/core';
import type { ConditionInput } from '../../lib/gql/graphql';

const NUMERIC = new Set(['gt', 'gte', 'lt', 'lte', 'sizeEq', 'sizeGt', 'sizeGte', 'sizeLt', 'sizeLte']);
/** Operators whose one value is written as JSON (a list, an object, an inner condition). */
const JSON_VALUE = new Set(['deepEquals', 'anyElement']);

/** What each operator does and an example, shown under the operator in the rule builder (exact rules: sdk/core/README.md). */
export const OPERATOR_HELP: Record<Operator, { help: string; example: string }> = {
  equals: {
    help: 'Equal to one of the values (strings, numbers or booleans; no conversion).',
    example: 'plan equals pro',
  },
  notEquals: { help: 'Equal to none of the values.', example: 'plan notEquals free' },
  in: { help: 'One of the values.', example: 'country in DE, FR, NL' },
  notIn: { help: 'None of the values.', example: 'country notIn US, CA' },
  contains: { help: 'A string containing one of the values.', example: 'email contains @acme.' },
  startsWith: { help: 'A string starting with one of the values.', example: 'language startsWith de' },
  endsWith: { help: 'A string ending with one of the values.', example: 'email endsWith @acme.com' },
  matches: {
    help: 'A string a pattern finds a match in (safe subset: no backreferences or lookarounds). Flags: i ignores case, m makes ^ and $ match at line breaks, s lets . match line breaks.',
    example: 'email matches ^[a-z.]+@acme\\.com$',
  },
  gt: { help: 'A number greater than the smallest value.', example: 'sessions gt 10' },
  gte: { help: 'A number greater than or equal to the smallest value.', example: 'sessions gte 10' },
  lt: { help: 'A number less than the largest value.', example: 'age lt 18' },
  lte: { help: 'A number less than or equal to the largest value.', example: 'age lte 18' },
  before: {
    help: 'A date (ISO-8601 or epoch ms) before the latest value.',
    example: 'signupAt before 2026-01-01',
  },
  after: { help: 'A date after the earliest value.', example: 'signupAt after 2026-01-01T00:00:00Z' },
  semverEq: {
    help: 'A strict SemVer 2.0 version equal to one of the values.',
    example: 'appVersion semverEq 2.3.0',
  },
  semverLt: {
    help: 'A strict SemVer version below the highest value.',
    example: 'appVersion semverLt 3.0.0',
  },
  semverGt: { help: 'A strict SemVer version above the lowest value.', example: 'appVersion semverGt 2.3.0' },
  exists: { help: 'Present and not null. Takes no values.', example: 'email exists' },
  inSegment: { help: 'The context key is a member of the segment.', example: 'key inSegment beta-testers' },
  stringGt: {
    help: 'A string after the value in character-code order ("B" < "a", "10" < "9").',
    example: 'tier stringGt m',
  },
  stringGte: {
    help: 'A string equal to or after the value in character-code order.',
    example: 'day stringGte 2026-01-01',
  },
  stringLt: { help: 'A string before the value in character-code order.', example: 'tier stringLt m' },
  stringLte: {
    help: 'A string equal to or before the value in character-code order.',
    example: 'day stringLte 2026-12-31',
  },
  deepEquals: {
    help: 'Equal as JSON to the value (written as JSON): lists in order, objects whatever their key order.',
    example: 'roles deepEquals ["admin","beta"]',
  },
  isString: { help: 'The attribute is a string. Takes no values.', example: 'plan isString' },
  isNumber: {
    help: 'The attribute is a number (never a numeric string). Takes no values.',
    example: 'age isNumber',
  },
  isBoolean: { help: 'The attribute is true or false. Takes no values.', example: 'beta isBoolean' },
  isList: { help: 'The attribute is a list. Takes no values.', example: 'roles isList' },
  isObject: { help: 'The attribute is an object (not a list). Takes no values.', example: 'user isObject' },
  anyOf: {
    help: 'A list attribute with at least one element among the values.',
    example: 'roles anyOf admin, owner',
  },
  allOf: { help: 'A list attribute containing every value.', example: 'roles allOf beta, eu' },
  noneOf: {
    help: 'A list attribute containing none of the values (an empty list qualifies).',
    example: 'roles noneOf banned',
  },
  sizeEq: { help: 'A list with exactly this many elements.', example: 'roles sizeEq 0' },
  sizeGt: { help: 'A list with more elements than the value.', example: 'devices sizeGt 2' },
  sizeGte: { help: 'A list with at least this many elements.', example: 'devices sizeGte 2' },
  sizeLt: { help: 'A list with fewer elements than the value.', example: 'devices sizeLt 3' },
  sizeLte: { help: 'A list with at most this many elements.', example: 'devices sizeLte 3' },
  anyElement: {
    help: 'A list with an element matching the inner condition, written as JSON; its attribute is a path inside the element, left out for the element itself.',
    example: 'roles anyElement {"operator":"startsWith","values":["admin:"]}',
  },
  ipInRange: {
    help: 'An IPv4 or IPv6 address inside one of the CIDR ranges (a bare address is a single host).',
    example: 'ip ipInRange 10.0.0.0/8, 2001:db8::/32',
  },
  looseVersionEq: {
    help: 'A loose version (1, 1.2, v1.2.3) equal to one of the values; missing parts are 0.',
    example: 'appVersion looseVersionEq 2',
  },
  looseVersionLt: {
    help: 'A loose version below the highest value.',
    example: 'appVersion looseVersionLt v3',
  },
  looseVersionGt: {
    help: 'A loose version above the lowest value.',
    example: 'appVersion looseVersionGt 1.2',
  },
};

export function takesValues(operator: string): boolean {
  return !VALUELESS_OPERATORS.includes(operator as Operator);
}

export function readsCase(operator: string): boolean {
  return CASE_INSENSITIVE_OPERATORS.includes(operator as Operator);
}

/** A targeting condition as the form holds it (flag rules and segment rules alike). */
export interface ConditionDraft {
  attribute: string;
  operator: string;
  /** Comma-separated in the form; one segment key for inSegment. */
  values: string;
  negate: boolean;
  caseInsensitive: boolean;
  /** `matches` only: letters of "ims". */
  regexFlags: string;
}

interface ConditionData {
  attribute: string;
  operator: string;
  values: unknown[];
  negate: boolean;
  caseInsensitive?: boolean | null;
  regexFlags?: string | null;
}

export function valueText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function emptyCondition(): ConditionDraft {
  return {
    attribute: '',
    operator: 'equals',
    values: '',
    negate: false,
    caseInsensitive: false,
    regexFlags: '',
  };
}

export function conditionDraft(c: ConditionData): ConditionDraft {
  return {
    attribute: c.attribute,
    operator: c.operator,
    values: JSON_VALUE.has(c.operator)
      ? JSON.stringify(c.values[0] ?? null)
      : c.values.map(valueText).join(', '),
    negate: c.negate,
    caseInsensitive: c.caseInsensitive === true,
    regexFlags: c.regexFlags ?? '',
  };
}

function conditionValues(c: ConditionDraft): unknown[] {
  if (!takesValues(c.operator)) return [];
  if (c.operator === 'inSegment') return c.values ? [c.values] : [];
  if (JSON_VALUE.has(c.operator)) {
    try {
      return [JSON.parse(c.values)];
    } catch {
      // Sent as written: the graph answers with a BAD_USER_INPUT naming this condition's values.
      return [c.values];
    }
  }
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
    // Only when used, so a stored condition keeps its shape (flags and experiment audiences store them when set).
    ...(c.caseInsensitive && readsCase(c.operator) ? { caseInsensitive: true } : {}),
    ...(c.regexFlags && c.operator === 'matches' ? { regexFlags: c.regexFlags } : {}),
  } satisfies ConditionInput;
}

/** `plan in pro, team AND NOT country equals FR`, for read-only summaries. */
export function conditionsText(conditions: ConditionData[]): string {
  return (
    conditions
      .map(
        (c) =>
          `${c.negate ? 'NOT ' : ''}${c.attribute} ${c.operator}${c.caseInsensitive ? ' (ignoring case)' : ''} ${c.values.map(valueText).join(', ')}${c.regexFlags ? ` /${c.regexFlags}` : ''}`,
      )
      .join(' AND ') || 'everyone'
  );
}
