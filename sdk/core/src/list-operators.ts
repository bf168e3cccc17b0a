// Operators on attributes that are lists (`roles: ["admin", "beta"]`): membership of values (anyOf, allOf,
// noneOf), the list's size, and one condition tried on each element (anyElement). An attribute that is not a list
// fails closed for all of them: a scalar `"admin"` is not a one-element list.

import type { AttributeReader } from './attributes';
import type { Condition, Operator } from './model';
import { LIST_OPERATORS } from './operator-names';
import {
  type ConditionEnvironment,
  type ConditionMatcher,
  type OperatorOptions,
  compileCondition,
  numericTest,
  stringFolder,
} from './operators';

type ListOperator = (typeof LIST_OPERATORS)[number];

const LIST: ReadonlySet<Operator> = new Set(LIST_OPERATORS);

export function isListOperator(operator: Operator): operator is ListOperator {
  return LIST.has(operator);
}

/** The attribute path an anyElement condition reads inside each element; empty for the element itself. */
export const ELEMENT_ATTRIBUTE = '';

/** Scalars as comparable keys: strings (folded), numbers and booleans never collide ("1" is not 1). */
function keyOf(value: unknown, fold: (s: string) => string): string | null {
  switch (typeof value) {
    case 'string':
      return `s${fold(value)}`;
    case 'number':
      return Number.isNaN(value) ? null : `n${value}`;
    case 'boolean':
      return value ? 'b1' : 'b0';
    default:
      return null;
  }
}

export function compileListOperator(
  operator: ListOperator,
  values: readonly unknown[],
  read: AttributeReader,
  want: boolean,
  env: ConditionEnvironment,
  options: OperatorOptions,
): ConditionMatcher | null {
  const readList = (context: Parameters<ConditionMatcher>[0]) => {
    const value = read(context);
    return Array.isArray(value) ? value : null;
  };
  switch (operator) {
    case 'anyOf':
    case 'noneOf':
    case 'allOf': {
      const fold = stringFolder(options);
      const wanted = new Set(values.map((v) => keyOf(v, fold)).filter((k): k is string => k !== null));
      if (wanted.size === 0) return null;
      const all = operator === 'allOf';
      return (context) => {
        const list = readList(context);
        if (list === null) return false;
        if (!all) {
          for (let i = 0; i < list.length; i++) {
            const key = keyOf(list[i], fold);
            if (key !== null && wanted.has(key)) return want;
          }
          return !want;
        }
        const present = new Set<string>();
        for (let i = 0; i < list.length; i++) {
          const key = keyOf(list[i], fold);
          if (key !== null && wanted.has(key)) present.add(key);
        }
        return (present.size === wanted.size) === want;
      };
    }
    case 'anyElement':
      return anyElement(values[0], readList, want, env);
    default: {
      const size = (context: Parameters<ConditionMatcher>[0]) => readList(context)?.length;
      if (operator === 'sizeEq') {
        const sizes = new Set(values.filter((v): v is number => typeof v === 'number'));
        if (sizes.size === 0) return null;
        return (context) => {
          const n = size(context);
          return n !== undefined && sizes.has(n) === want;
        };
      }
      const numeric = { sizeGt: 'gt', sizeGte: 'gte', sizeLt: 'lt', sizeLte: 'lte' } as const;
      return numericTest(numeric[operator], values, size, want);
    }
  }
}

/** Each element is offered to the inner condition as the attribute `value` of a context with the same key. */
function anyElement(
  inner: unknown,
  readList: (context: Parameters<ConditionMatcher>[0]) => unknown[] | null,
  want: boolean,
  env: ConditionEnvironment,
): ConditionMatcher | null {
  if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return null;
  const condition = inner as Condition;
  const path =
    typeof condition.attribute === 'string' && condition.attribute !== ELEMENT_ATTRIBUTE
      ? `value.${condition.attribute}`
      : 'value';
  // Nested list conditions are refused by validation; at run time they simply never match.
  if (isListOperator(condition.operator) || condition.operator === 'inSegment') return null;
  const test = compileCondition({ ...condition, attribute: path }, env);
  return (context) => {
    const list = readList(context);
    if (list === null) return false;
    for (let i = 0; i < list.length; i++) {
      if (test({ key: context.key, value: list[i] })) return want;
    }
    return !want;
  };
}
