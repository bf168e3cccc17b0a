// Condition operators, compiled once per condition into a closure over precomputed values.
//
// Every operator is a test returning MATCH, NO_MATCH or INAPPLICABLE. INAPPLICABLE means the attribute is missing
// or has a type the operator cannot judge (a numeric string for `gt`, a number for `startsWith`): the condition then
// fails closed, and `negate` does not turn it into a match. A condition with several `values` matches when the
// attribute satisfies the operator for any of them; notEquals/notIn/negate match when it satisfies none.

import { compileAttributeReader } from './attributes';
import { toEpochMillis } from './dates';
import type { Condition, EvaluationContext, Operator } from './model';
import { compileSafeRegex } from './safe-regex';
import { compareSemver, parseSemver } from './semver';

const MATCH = 1;
const NO_MATCH = 0;
const INAPPLICABLE = -1;

type Test = (value: unknown, context: EvaluationContext) => number;

export type ConditionMatcher = (context: EvaluationContext) => boolean;

/** Segment membership for one segment: `member` is the condition attribute's value when it is a string. */
export type SegmentMatcher = (context: EvaluationContext, member: string | null) => boolean;

export interface ConditionEnvironment {
  segment(key: string): SegmentMatcher | undefined;
}

export const OPERATORS: readonly Operator[] = [
  'equals',
  'notEquals',
  'in',
  'notIn',
  'contains',
  'startsWith',
  'endsWith',
  'matches',
  'gt',
  'gte',
  'lt',
  'lte',
  'before',
  'after',
  'semverEq',
  'semverLt',
  'semverGt',
  'exists',
  'inSegment',
];

const NEVER: ConditionMatcher = () => false;

export function compileCondition(condition: Condition, env: ConditionEnvironment): ConditionMatcher {
  if (condition === null || typeof condition !== 'object' || typeof condition.attribute !== 'string')
    return NEVER;
  const values = Array.isArray(condition.values) ? condition.values : [];
  const test = compileTest(condition.operator, values, env);
  if (test === null) return NEVER;
  const read = compileAttributeReader(condition.attribute);
  const inverted =
    (condition.operator === 'notEquals' || condition.operator === 'notIn') !== (condition.negate === true);
  return inverted
    ? (context) => test(read(context), context) === NO_MATCH
    : (context) => test(read(context), context) === MATCH;
}

function compileTest(operator: Operator, values: readonly unknown[], env: ConditionEnvironment): Test | null {
  switch (operator) {
    case 'equals':
    case 'notEquals':
    case 'in':
    case 'notIn':
      return membership(values);
    case 'contains':
      return stringTest(values, (value, probe) => value.includes(probe));
    case 'startsWith':
      return stringTest(values, (value, probe) => value.startsWith(probe));
    case 'endsWith':
      return stringTest(values, (value, probe) => value.endsWith(probe));
    case 'matches':
      return regexTest(values);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return numericTest(operator, values);
    case 'before':
    case 'after':
      return dateTest(operator, values);
    case 'semverEq':
    case 'semverLt':
    case 'semverGt':
      return semverTest(operator, values);
    case 'exists':
      return (value) => (value === undefined || value === null ? NO_MATCH : MATCH);
    case 'inSegment':
      return segmentTest(values, env);
    default:
      return null;
  }
}

/** equals/in: strings compare as strings, numbers numerically, booleans as booleans; other types never match. */
function membership(values: readonly unknown[]): Test {
  const strings = values.filter((v): v is string => typeof v === 'string');
  const numbers = values.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
  const booleans = values.filter((v): v is boolean => typeof v === 'boolean');
  if (strings.length === 1 && numbers.length === 0 && booleans.length === 0) {
    const only = strings[0];
    return (value) => (typeof value === 'string' ? (value === only ? MATCH : NO_MATCH) : INAPPLICABLE);
  }
  const stringSet = strings.length > 0 ? new Set(strings) : null;
  const numberSet = numbers.length > 0 ? new Set(numbers) : null;
  const booleanSet = booleans.length > 0 ? new Set(booleans) : null;
  return (value) => {
    switch (typeof value) {
      case 'string':
        return stringSet === null ? INAPPLICABLE : stringSet.has(value) ? MATCH : NO_MATCH;
      case 'number':
        return numberSet === null || Number.isNaN(value)
          ? INAPPLICABLE
          : numberSet.has(value)
            ? MATCH
            : NO_MATCH;
      case 'boolean':
        return booleanSet === null ? INAPPLICABLE : booleanSet.has(value) ? MATCH : NO_MATCH;
      default:
        return INAPPLICABLE;
    }
  };
}

function stringTest(
  values: readonly unknown[],
  predicate: (value: string, probe: string) => boolean,
): Test | null {
  const probes = values.filter((v): v is string => typeof v === 'string');
  if (probes.length === 0) return null;
  return (value) => {
    if (typeof value !== 'string') return INAPPLICABLE;
    for (let i = 0; i < probes.length; i++) if (predicate(value, probes[i]!)) return MATCH;
    return NO_MATCH;
  };
}

function regexTest(values: readonly unknown[]): Test | null {
  // Rejected patterns never match; with none left the condition fails closed.
  const matchers = values.map(compileSafeRegex).filter((m): m is (input: string) => boolean => m !== null);
  if (matchers.length === 0) return null;
  return (value) => {
    if (typeof value !== 'string') return INAPPLICABLE;
    for (let i = 0; i < matchers.length; i++) if (matchers[i]!(value)) return MATCH;
    return NO_MATCH;
  };
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && !Number.isNaN(value);
}

/** Numbers only: numeric strings are not coerced. "Any value" makes gt/gte compare with the smallest value. */
function numericTest(operator: 'gt' | 'gte' | 'lt' | 'lte', values: readonly unknown[]): Test | null {
  const numbers = values.filter(isNumber);
  if (numbers.length === 0) return null;
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  switch (operator) {
    case 'gt':
      return (value) => (isNumber(value) ? (value > min ? MATCH : NO_MATCH) : INAPPLICABLE);
    case 'gte':
      return (value) => (isNumber(value) ? (value >= min ? MATCH : NO_MATCH) : INAPPLICABLE);
    case 'lt':
      return (value) => (isNumber(value) ? (value < max ? MATCH : NO_MATCH) : INAPPLICABLE);
    case 'lte':
      return (value) => (isNumber(value) ? (value <= max ? MATCH : NO_MATCH) : INAPPLICABLE);
  }
}

function dateTest(operator: 'before' | 'after', values: readonly unknown[]): Test | null {
  const instants = values.map(toEpochMillis).filter((t) => !Number.isNaN(t));
  if (instants.length === 0) return null;
  if (operator === 'before') {
    const latest = Math.max(...instants);
    return (value) => {
      const t = toEpochMillis(value);
      return Number.isNaN(t) ? INAPPLICABLE : t < latest ? MATCH : NO_MATCH;
    };
  }
  const earliest = Math.min(...instants);
  return (value) => {
    const t = toEpochMillis(value);
    return Number.isNaN(t) ? INAPPLICABLE : t > earliest ? MATCH : NO_MATCH;
  };
}

function semverTest(operator: 'semverEq' | 'semverLt' | 'semverGt', values: readonly unknown[]): Test | null {
  const versions = values.map(parseSemver).filter((v) => v !== null);
  if (versions.length === 0) return null;
  const sorted = [...versions].sort(compareSemver);
  const lowest = sorted[0]!;
  const highest = sorted[sorted.length - 1]!;
  return (value) => {
    const version = parseSemver(value);
    if (version === null) return INAPPLICABLE;
    switch (operator) {
      case 'semverEq':
        return versions.some((v) => compareSemver(version, v) === 0) ? MATCH : NO_MATCH;
      case 'semverLt':
        return compareSemver(version, highest) < 0 ? MATCH : NO_MATCH;
      case 'semverGt':
        return compareSemver(version, lowest) > 0 ? MATCH : NO_MATCH;
    }
  };
}

function segmentTest(values: readonly unknown[], env: ConditionEnvironment): Test {
  const segments = values
    .filter((v): v is string => typeof v === 'string')
    .map((key) => env.segment(key))
    .filter((s): s is SegmentMatcher => s !== undefined);
  return (value, context) => {
    const member = typeof value === 'string' ? value : null;
    for (let i = 0; i < segments.length; i++) if (segments[i]!(context, member)) return MATCH;
    return NO_MATCH;
  };
}
