// Condition operators, compiled once per condition into one closure over precomputed values.
//
// A condition whose attribute is missing, or has a type the operator cannot judge (a numeric string for `gt`, a
// number for `startsWith`), fails closed: it does not match, and `negate` does not turn it into a match. With
// several `values` a condition matches when the attribute satisfies the operator for any of them;
// notEquals/notIn/negate match when it satisfies none. Each closure reads the attribute itself and compares the
// outcome with `want` (false when inverted), which keeps evaluation to one call per condition.
import { type AttributeReader, compileAttributeReader } from './attributes';
import { toEpochMillis } from './dates';
import type { Condition, EvaluationContext, Operator } from './model';
import { compileListOperator, isListOperator } from './list-operators';
import { compileSafeRegex } from './safe-regex';
import { type SemVer, compareSemver, parseLooseVersion, parseSemver } from './semver';
import { compileTypedOperator, isTypedOperator } from './typed-operators';

export type ConditionMatcher = (context: EvaluationContext) => boolean;

/** Segment membership for one segment: `member` is the condition attribute's value when it is a string. */
export type SegmentMatcher = (context: EvaluationContext, member: string | null) => boolean;

export interface ConditionEnvironment {
  segment(key: string): SegmentMatcher | undefined;
}

export { CASE_INSENSITIVE_OPERATORS, OPERATORS, VALUELESS_OPERATORS } from './operator-names';

/** Operators whose match means "none of the values": like negate, they invert the outcome. */
const INVERTED_OPERATORS: readonly Operator[] = ['notEquals', 'notIn', 'noneOf'];

const NEVER: ConditionMatcher = () => false;

export function compileCondition(condition: Condition, env: ConditionEnvironment): ConditionMatcher {
  if (condition === null || typeof condition !== 'object' || typeof condition.attribute !== 'string')
    return NEVER;
  const values = Array.isArray(condition.values) ? condition.values : [];
  const read = compileAttributeReader(condition.attribute);
  const inverted = INVERTED_OPERATORS.includes(condition.operator) !== (condition.negate === true);
  const options: OperatorOptions = {
    caseInsensitive: condition.caseInsensitive === true,
    regexFlags: typeof condition.regexFlags === 'string' ? condition.regexFlags : '',
  };
  return compileOperator(condition.operator, values, read, !inverted, env, options) ?? NEVER;
}

export interface OperatorOptions {
  caseInsensitive: boolean;
  regexFlags: string;
}

const lower = (s: string) => s.toLowerCase();
const same = (s: string) => s;

/** How strings are compared: as they are, or lower-cased on both sides. */
export function stringFolder(options: OperatorOptions): (s: string) => string {
  return options.caseInsensitive ? lower : same;
}

/** Returns null when the condition can never apply (unknown operator, no usable values): it fails closed. */
function compileOperator(
  operator: Operator,
  values: readonly unknown[],
  read: AttributeReader,
  want: boolean,
  env: ConditionEnvironment,
  options: OperatorOptions,
): ConditionMatcher | null {
  if (isListOperator(operator)) return compileListOperator(operator, values, read, want, env, options);
  if (isTypedOperator(operator)) return compileTypedOperator(operator, values, read, want, options);
  const fold = stringFolder(options);
  switch (operator) {
    case 'equals':
    case 'notEquals':
    case 'in':
    case 'notIn':
      return options.caseInsensitive ? membership(values, read, want, fold) : membership(values, read, want);
    case 'contains':
      return stringTest(values, read, want, fold, (value, probe) => value.includes(probe));
    case 'startsWith':
      return stringTest(values, read, want, fold, (value, probe) => value.startsWith(probe));
    case 'endsWith':
      return stringTest(values, read, want, fold, (value, probe) => value.endsWith(probe));
    case 'matches':
      return regexTest(values, read, want, options);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return numericTest(operator, values, read, want);
    case 'before':
    case 'after':
      return dateTest(operator, values, read, want);
    case 'semverEq':
    case 'semverLt':
    case 'semverGt':
      return versionTest(operator, values, read, want, parseSemver);
    case 'looseVersionEq':
      return versionTest('semverEq', values, read, want, parseLooseVersion);
    case 'looseVersionLt':
      return versionTest('semverLt', values, read, want, parseLooseVersion);
    case 'looseVersionGt':
      return versionTest('semverGt', values, read, want, parseLooseVersion);
    case 'exists':
      return (context) => {
        const value = read(context);
        return (value !== undefined && value !== null) === want;
      };
    case 'inSegment':
      return segmentTest(values, read, want, env);
    default:
      return null;
  }
}

/**
 * equals/in: strings compare as strings, numbers numerically, booleans as booleans; other types never match.
 * With `fold` (caseInsensitive) strings are folded on both sides; without it the original fast paths run.
 */
export function membership(
  values: readonly unknown[],
  read: AttributeReader,
  want: boolean,
  fold?: (s: string) => string,
): ConditionMatcher {
  if (fold !== undefined) {
    const folded = values.map((v) => (typeof v === 'string' ? fold(v) : v));
    const inner = membership(
      folded,
      (context) => {
        const value = read(context);
        return typeof value === 'string' ? fold(value) : value;
      },
      want,
    );
    return inner;
  }
  const strings = values.filter((v): v is string => typeof v === 'string');
  const numbers = values.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
  const booleans = values.filter((v): v is boolean => typeof v === 'boolean');
  if (strings.length === 1 && numbers.length === 0 && booleans.length === 0) {
    const only = strings[0];
    return (context) => {
      const value = read(context);
      return typeof value === 'string' && (value === only) === want;
    };
  }
  const stringSet = strings.length > 0 ? new Set(strings) : null;
  const numberSet = numbers.length > 0 ? new Set(numbers) : null;
  const booleanSet = booleans.length > 0 ? new Set(booleans) : null;
  return (context) => {
    const value = read(context);
    switch (typeof value) {
      case 'string':
        return stringSet !== null && stringSet.has(value) === want;
      case 'number':
        return numberSet !== null && !Number.isNaN(value) && numberSet.has(value) === want;
      case 'boolean':
        return booleanSet !== null && booleanSet.has(value) === want;
      default:
        return false;
    }
  };
}

function stringTest(
  values: readonly unknown[],
  read: AttributeReader,
  want: boolean,
  fold: (s: string) => string,
  predicate: (value: string, probe: string) => boolean,
): ConditionMatcher | null {
  const probes = values.filter((v): v is string => typeof v === 'string').map(fold);
  if (probes.length === 0) return null;
  return (context) => {
    const raw = read(context);
    if (typeof raw !== 'string') return false;
    const value = fold(raw);
    for (let i = 0; i < probes.length; i++) if (predicate(value, probes[i]!)) return want;
    return !want;
  };
}

function regexTest(
  values: readonly unknown[],
  read: AttributeReader,
  want: boolean,
  options: OperatorOptions,
): ConditionMatcher | null {
  const flags =
    options.caseInsensitive && !options.regexFlags.includes('i')
      ? `${options.regexFlags}i`
      : options.regexFlags;
  // Rejected patterns never match; with none left the condition fails closed.
  const matchers = values
    .map((pattern) => compileSafeRegex(pattern, flags))
    .filter((m): m is (input: string) => boolean => m !== null);
  if (matchers.length === 0) return null;
  return (context) => {
    const value = read(context);
    if (typeof value !== 'string') return false;
    for (let i = 0; i < matchers.length; i++) if (matchers[i]!(value)) return want;
    return !want;
  };
}

/** A loop, not Math.min(...values): spreading 150,000 values overflows the stack. */
export function extremes(values: readonly number[]): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && !Number.isNaN(value);
}

/** Numbers only: numeric strings are not coerced. "Any value" makes gt/gte compare with the smallest value. */
export function numericTest(
  operator: 'gt' | 'gte' | 'lt' | 'lte',
  values: readonly unknown[],
  read: AttributeReader,
  want: boolean,
): ConditionMatcher | null {
  const numbers = values.filter(isNumber);
  if (numbers.length === 0) return null;
  const { min, max } = extremes(numbers);
  switch (operator) {
    case 'gt':
      return (context) => {
        const value = read(context);
        return isNumber(value) && value > min === want;
      };
    case 'gte':
      return (context) => {
        const value = read(context);
        return isNumber(value) && value >= min === want;
      };
    case 'lt':
      return (context) => {
        const value = read(context);
        return isNumber(value) && value < max === want;
      };
    case 'lte':
      return (context) => {
        const value = read(context);
        return isNumber(value) && value <= max === want;
      };
  }
}

function dateTest(
  operator: 'before' | 'after',
  values: readonly unknown[],
  read: AttributeReader,
  want: boolean,
): ConditionMatcher | null {
  const instants = values.map(toEpochMillis).filter((t) => !Number.isNaN(t));
  if (instants.length === 0) return null;
  const { min: earliest, max: latest } = extremes(instants);
  const before = operator === 'before';
  return (context) => {
    const t = toEpochMillis(read(context));
    return !Number.isNaN(t) && (before ? t < latest : t > earliest) === want;
  };
}

/** semver* with the strict parser, looseVersion* with the loose one; both compare by SemVer precedence. */
function versionTest(
  operator: 'semverEq' | 'semverLt' | 'semverGt',
  values: readonly unknown[],
  read: AttributeReader,
  want: boolean,
  parse: (input: unknown) => SemVer | null,
): ConditionMatcher | null {
  const versions = values.map(parse).filter((v) => v !== null);
  if (versions.length === 0) return null;
  const sorted = [...versions].sort(compareSemver);
  const lowest = sorted[0]!;
  const highest = sorted[sorted.length - 1]!;
  return (context) => {
    const version = parse(read(context));
    if (version === null) return false;
    switch (operator) {
      case 'semverEq':
        return versions.some((v) => compareSemver(version, v) === 0) === want;
      case 'semverLt':
        return compareSemver(version, highest) < 0 === want;
      case 'semverGt':
        return compareSemver(version, lowest) > 0 === want;
    }
  };
}

function segmentTest(
  values: readonly unknown[],
  read: AttributeReader,
  want: boolean,
  env: ConditionEnvironment,
): ConditionMatcher {
  const segments = values
    .filter((v): v is string => typeof v === 'string')
    .map((key) => env.segment(key))
    .filter((s): s is SegmentMatcher => s !== undefined);
  return (context) => {
    const value = read(context);
    const member = typeof value === 'string' ? value : null;
    for (let i = 0; i < segments.length; i++) if (segments[i]!(context, member)) return want;
    return !want;
  };
}
