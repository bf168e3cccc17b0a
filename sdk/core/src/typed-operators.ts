// Operators that judge one attribute value by its type: explicit type checks, string ordering, equality of whole
// JSON values and IP ranges. Nothing is coerced: a number is never compared as a string, a string never parsed
// as a number; a missing or null attribute fails closed (no match, negated or not) like every other operator.

import type { AttributeReader } from './attributes';
import { type IpRange, inRange, parseCidr, parseIp } from './ip-range';
import type { Operator } from './model';
import { TYPED_OPERATORS } from './operator-names';
import type { ConditionMatcher, OperatorOptions } from './operators';

type TypedOperator = (typeof TYPED_OPERATORS)[number];

const TYPED: ReadonlySet<Operator> = new Set(TYPED_OPERATORS);

export function isTypedOperator(operator: Operator): operator is TypedOperator {
  return TYPED.has(operator);
}

const TYPE_TESTS: Record<
  'isString' | 'isNumber' | 'isBoolean' | 'isList' | 'isObject',
  (v: unknown) => boolean
> = {
  isString: (v) => typeof v === 'string',
  isNumber: (v) => typeof v === 'number' && !Number.isNaN(v),
  isBoolean: (v) => typeof v === 'boolean',
  isList: (v) => Array.isArray(v),
  isObject: (v) => typeof v === 'object' && !Array.isArray(v),
};

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` compare equal; arrays keep their order. */
export function canonicalJson(value: unknown): string | undefined {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v) ?? 'null').join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    const parts: string[] = [];
    for (const key of keys) {
      const inner = canonicalJson((value as Record<string, unknown>)[key]);
      if (inner !== undefined) parts.push(`${JSON.stringify(key)}:${inner}`);
    }
    return `{${parts.join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  return JSON.stringify(value);
}

export function compileTypedOperator(
  operator: TypedOperator,
  values: readonly unknown[],
  read: AttributeReader,
  want: boolean,
  options: OperatorOptions,
): ConditionMatcher | null {
  switch (operator) {
    case 'isString':
    case 'isNumber':
    case 'isBoolean':
    case 'isList':
    case 'isObject': {
      const test = TYPE_TESTS[operator];
      return (context) => {
        const value = read(context);
        return value !== undefined && value !== null && test(value) === want;
      };
    }
    case 'deepEquals': {
      const wanted = new Set(values.map(canonicalJson).filter((v): v is string => v !== undefined));
      if (wanted.size === 0) return null;
      return (context) => {
        const value = read(context);
        if (value === undefined || value === null) return false;
        const text = canonicalJson(value);
        return text !== undefined && wanted.has(text) === want;
      };
    }
    case 'ipInRange': {
      const ranges = values.map(parseCidr).filter((r): r is IpRange => typeof r !== 'string');
      if (ranges.length === 0) return null;
      return (context) => {
        const address = parseIp(read(context));
        if (address === null) return false;
        for (let i = 0; i < ranges.length; i++) if (inRange(address, ranges[i]!)) return want;
        return !want;
      };
    }
    default:
      return stringOrder(operator, values, read, want, options);
  }
}

/** UTF-16 code-unit order (JavaScript's < on strings); "any value" makes gt/gte compare with the smallest. */
function stringOrder(
  operator: 'stringGt' | 'stringGte' | 'stringLt' | 'stringLte',
  values: readonly unknown[],
  read: AttributeReader,
  want: boolean,
  options: OperatorOptions,
): ConditionMatcher | null {
  const fold = options.caseInsensitive ? (s: string) => s.toLowerCase() : (s: string) => s;
  const strings = values.filter((v): v is string => typeof v === 'string').map(fold);
  if (strings.length === 0) return null;
  let min = strings[0]!;
  let max = strings[0]!;
  for (const s of strings) {
    if (s < min) min = s;
    if (s > max) max = s;
  }
  const test: (value: string) => boolean =
    operator === 'stringGt'
      ? (v) => v > min
      : operator === 'stringGte'
        ? (v) => v >= min
        : operator === 'stringLt'
          ? (v) => v < max
          : (v) => v <= max;
  return (context) => {
    const value = read(context);
    return typeof value === 'string' && test(fold(value)) === want;
  };
}
