// Every condition operator by name, grouped by the module that evaluates it. The Operator type is derived from
// these lists, so a name added here is known to the type checker, to validation and to evaluation alike.

/** The operators of the first release; the regression fixture's answers for them never change. */
export const FIRST_RELEASE_OPERATORS = [
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
] as const;

/** Judged by the attribute's own type (typed-operators.ts). */
export const TYPED_OPERATORS = [
  'stringGt',
  'stringGte',
  'stringLt',
  'stringLte',
  'deepEquals',
  'isString',
  'isNumber',
  'isBoolean',
  'isList',
  'isObject',
  'ipInRange',
] as const;

/** On list attributes (list-operators.ts). */
export const LIST_OPERATORS = [
  'anyOf',
  'allOf',
  'noneOf',
  'sizeEq',
  'sizeGt',
  'sizeGte',
  'sizeLt',
  'sizeLte',
  'anyElement',
] as const;

export const LOOSE_VERSION_OPERATORS = ['looseVersionEq', 'looseVersionLt', 'looseVersionGt'] as const;

export const OPERATORS = [
  ...FIRST_RELEASE_OPERATORS,
  ...TYPED_OPERATORS,
  ...LIST_OPERATORS,
  ...LOOSE_VERSION_OPERATORS,
] as const;

export type OperatorName = (typeof OPERATORS)[number];

/** Operators that read `caseInsensitive`. */
export const CASE_INSENSITIVE_OPERATORS: readonly OperatorName[] = [
  // equals, notEquals, in, notIn, contains, startsWith, endsWith, matches
  ...FIRST_RELEASE_OPERATORS.slice(0, 8),
  'stringGt',
  'stringGte',
  'stringLt',
  'stringLte',
  'anyOf',
  'allOf',
  'noneOf',
];

/** Operators that take no values: they test the attribute alone. */
export const VALUELESS_OPERATORS: readonly OperatorName[] = [
  'exists',
  'isString',
  'isNumber',
  'isBoolean',
  'isList',
  'isObject',
];
