// Validation of flag configuration, returning every problem with the path of the offending field
// (e.g. `rules[2].conditions[0].values[1]`) so the flags subgraph can answer with BAD_USER_INPUT.
// Evaluation itself never depends on validation: anything that slips through fails closed at run time.

import { toEpochMillis } from './dates';
import type {
  Condition,
  FlagConfig,
  FlagEnvironmentConfig,
  FlagType,
  Operator,
  Serve,
  Variation,
} from './model';
import { parseCidr } from './ip-range';
import { isListOperator } from './list-operators';
import { CASE_INSENSITIVE_OPERATORS, OPERATORS, VALUELESS_OPERATORS } from './operators';
import { validateRegex } from './safe-regex';
import { parseLooseVersion, parseSemver } from './semver';
import { canonicalJson } from './typed-operators';
import { FLAG_TYPES, valueMatchesType } from './value-types';

export interface ValidationProblem {
  path: string;
  message: string;
}

export type SegmentKeys = ReadonlySet<string> | readonly string[] | null | undefined;

export interface FlagValidationOptions {
  /** Other flags' variation keys by flag key; when given, prerequisites are checked against them. */
  knownFlags?: ReadonlyMap<string, readonly string[]> | null;
}

/** Most values one condition may list: every evaluation of the rule may compare with each of them. */
export const MAX_CONDITION_VALUES = 10_000;

/** Tolerance for split weights summing to 100. */
const WEIGHT_SUM_TOLERANCE = 1e-9;

function field(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function toSet(keys: SegmentKeys): ReadonlySet<string> | null {
  if (!keys) return null;
  return keys instanceof Set ? keys : new Set(keys as readonly string[]);
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

type ValueCheck = (value: unknown) => string | null;

const scalar: ValueCheck = (v) =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))
    ? null
    : Array.isArray(v) || isObject(v)
      ? 'must be a string, number or boolean: a list or object never equals one attribute value (use anyOf/allOf for list attributes, deepEquals for whole lists and objects)'
      : 'must be a string, number or boolean';
/** Values compared with each element of a list attribute: a nested list can never equal an element. */
const element: ValueCheck = (v) =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))
    ? null
    : Array.isArray(v)
      ? 'list operators compare each element of the attribute with each value: list the values themselves, not a list of them (deepEquals compares whole lists)'
      : 'must be a string, number or boolean (an element to look for in the list attribute)';
const size: ValueCheck = (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0
    ? null
    : 'must be a list size: a whole number of 0 or more';
const json: ValueCheck = (v) =>
  canonicalJson(v) !== undefined && v !== null
    ? null
    : 'must be a JSON value other than null (a list, object, string, number or boolean)';
const cidr: ValueCheck = (v) => {
  const range = parseCidr(v);
  return typeof range === 'string' ? `invalid CIDR range: ${range}` : null;
};
const looseVersion: ValueCheck = (v) =>
  parseLooseVersion(v) !== null ? null : 'must be a version like 1, 1.2, v1.2.3 or 1.4.0-rc.1';
const text: ValueCheck = (v) => (typeof v === 'string' ? null : 'must be a string');
const number: ValueCheck = (v) =>
  typeof v === 'number' && Number.isFinite(v) ? null : 'must be a number (numeric strings are not converted)';
const date: ValueCheck = (v) => {
  const t = toEpochMillis(v);
  return !Number.isNaN(t) ? null : 'must be an ISO-8601 timestamp or epoch milliseconds';
};
const semver: ValueCheck = (v) =>
  parseSemver(v) !== null ? null : 'must be a semantic version like 1.4.0-rc.1';

const VALUE_CHECKS: Record<string, ValueCheck> = {
  equals: scalar,
  notEquals: scalar,
  in: scalar,
  notIn: scalar,
  contains: text,
  startsWith: text,
  endsWith: text,
  gt: number,
  gte: number,
  lt: number,
  lte: number,
  before: date,
  after: date,
  semverEq: semver,
  semverLt: semver,
  semverGt: semver,
  inSegment: text,
  stringGt: text,
  stringGte: text,
  stringLt: text,
  stringLte: text,
  deepEquals: json,
  anyOf: element,
  allOf: element,
  noneOf: element,
  sizeEq: size,
  sizeGt: size,
  sizeGte: size,
  sizeLt: size,
  sizeLte: size,
  ipInRange: cidr,
  looseVersionEq: looseVersion,
  looseVersionLt: looseVersion,
  looseVersionGt: looseVersion,
};

export function validateCondition(
  condition: Condition,
  path: string,
  segmentKeys?: SegmentKeys,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (!isObject(condition)) return [{ path, message: 'condition must be an object' }];
  if (!isNonEmptyString(condition.attribute)) {
    problems.push({ path: field(path, 'attribute'), message: 'attribute must be a non-empty string' });
  }
  if (condition.negate !== undefined && condition.negate !== null && typeof condition.negate !== 'boolean') {
    problems.push({ path: field(path, 'negate'), message: 'negate must be a boolean' });
  }
  const operator = condition.operator;
  if (!OPERATORS.includes(operator)) {
    problems.push({
      path: field(path, 'operator'),
      message: `unknown operator ${describe(operator)}; expected one of ${OPERATORS.join(', ')}`,
    });
    return problems;
  }
  problems.push(...optionProblems(condition, path));
  const valuesPath = field(path, 'values');
  if (operator === 'anyElement')
    return [...problems, ...elementConditionProblems(condition.values, valuesPath, segmentKeys)];
  if (VALUELESS_OPERATORS.includes(operator)) {
    if (condition.values !== undefined && condition.values !== null && !Array.isArray(condition.values)) {
      problems.push({ path: valuesPath, message: 'values must be an array' });
    } else if (operator !== 'exists' && Array.isArray(condition.values) && condition.values.length > 0) {
      problems.push({ path: valuesPath, message: `operator ${operator} takes no values` });
    }
    return problems;
  }
  if (!Array.isArray(condition.values)) {
    problems.push({ path: valuesPath, message: 'values must be an array' });
    return problems;
  }
  if (condition.values.length === 0) {
    problems.push({ path: valuesPath, message: `operator ${operator} needs at least one value` });
    return problems;
  }
  if (condition.values.length > MAX_CONDITION_VALUES) {
    problems.push({
      path: valuesPath,
      message: `has ${condition.values.length} values; the limit is ${MAX_CONDITION_VALUES} (use a segment for long lists)`,
    });
    return problems;
  }
  const check =
    operator === 'matches'
      ? regexCheck(condition.regexFlags, condition.caseInsensitive === true)
      : VALUE_CHECKS[operator]!;
  const segments = operator === 'inSegment' ? toSet(segmentKeys) : null;
  if ((operator === 'sizeLt' || operator === 'sizeLte') && problems.length === 0) {
    const sizes = condition.values.filter((v): v is number => typeof v === 'number');
    if (
      sizes.length === condition.values.length &&
      Math.max(...sizes.slice(0, 1000)) < (operator === 'sizeLt' ? 1 : 0)
    )
      problems.push({ path: valuesPath, message: 'can never match: no list has fewer than 0 elements' });
  }
  condition.values.forEach((value, i) => {
    const message = check(value);
    if (message !== null) problems.push({ path: `${valuesPath}[${i}]`, message });
    else if (segments && !segments.has(value as string)) {
      problems.push({ path: `${valuesPath}[${i}]`, message: `unknown segment ${describe(value)}` });
    }
  });
  return problems;
}

function regexCheck(flags: unknown, caseInsensitive: boolean): ValueCheck {
  // Bad flags are reported on regexFlags; the patterns are then checked without them.
  const base = typeof flags === 'string' && validateRegex('', flags) === null ? flags : '';
  const all = caseInsensitive && !base.includes('i') ? `${base}i` : base;
  return (v) => {
    const problem = validateRegex(v, all);
    return problem === null ? null : `invalid pattern: ${problem}`;
  };
}

/** caseInsensitive and regexFlags: of the right type, and only on operators that read them. */
function optionProblems(condition: Condition, path: string): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const { caseInsensitive, regexFlags, operator } = condition;
  if (caseInsensitive !== undefined && caseInsensitive !== null) {
    if (typeof caseInsensitive !== 'boolean')
      problems.push({ path: field(path, 'caseInsensitive'), message: 'caseInsensitive must be a boolean' });
    else if (caseInsensitive && !CASE_INSENSITIVE_OPERATORS.includes(operator))
      problems.push({
        path: field(path, 'caseInsensitive'),
        message: `operator ${operator} does not compare strings; caseInsensitive applies to ${CASE_INSENSITIVE_OPERATORS.join(', ')}`,
      });
  }
  if (regexFlags !== undefined && regexFlags !== null && regexFlags !== '') {
    if (operator !== 'matches')
      problems.push({
        path: field(path, 'regexFlags'),
        message: 'regexFlags applies only to the matches operator',
      });
    else {
      const problem = validateRegex('', regexFlags);
      if (problem !== null) problems.push({ path: field(path, 'regexFlags'), message: problem });
    }
  }
  return problems;
}

/** anyElement takes exactly one value: the condition each element is tried with (its attribute is a path inside the element). */
function elementConditionProblems(
  values: unknown,
  valuesPath: string,
  segmentKeys: SegmentKeys,
): ValidationProblem[] {
  const inner = Array.isArray(values) && values.length === 1 ? values[0] : undefined;
  if (!isObject(inner)) {
    return [
      {
        path: valuesPath,
        message:
          'anyElement takes one value: the condition to try on each element, e.g. { "operator": "startsWith", "values": ["admin"] }',
      },
    ];
  }
  const innerPath = `${valuesPath}[0]`;
  const operator = inner.operator as Operator;
  if (isListOperator(operator) || operator === 'inSegment') {
    return [
      { path: field(innerPath, 'operator'), message: `operator ${operator} cannot be used on one element` },
    ];
  }
  const attribute = inner.attribute === undefined || inner.attribute === null ? '' : inner.attribute;
  if (typeof attribute !== 'string') {
    return [
      {
        path: field(innerPath, 'attribute'),
        message: 'attribute must be a path inside the element, or empty for the element itself',
      },
    ];
  }
  // The element itself has no name; validate the rest of the condition as if it had one.
  return validateCondition(
    { ...(inner as unknown as Condition), attribute: attribute || 'element' },
    innerPath,
    segmentKeys,
  );
}

function hasAtMostThreeDecimals(weight: number): boolean {
  return Math.abs(weight * 1000 - Math.round(weight * 1000)) < 1e-6;
}

export function validateServe(
  serve: Serve,
  variationKeys: ReadonlySet<string>,
  path: string,
): ValidationProblem[] {
  if (!isObject(serve)) return [{ path, message: 'must serve a variation or a rollout' }];
  const hasVariation = serve.variation !== undefined && serve.variation !== null;
  const hasRollout = serve.rollout !== undefined && serve.rollout !== null;
  if (hasVariation === hasRollout)
    return [{ path, message: 'must serve exactly one of variation or rollout' }];
  if (hasVariation) {
    return variationKeys.has(serve.variation as string)
      ? []
      : [{ path: field(path, 'variation'), message: `unknown variation ${describe(serve.variation)}` }];
  }
  const problems: ValidationProblem[] = [];
  const rolloutPath = field(path, 'rollout');
  const rollout = serve.rollout;
  if (!isObject(rollout)) return [{ path: rolloutPath, message: 'rollout must be an object' }];
  const splitPath = field(rolloutPath, 'variations');
  if (!Array.isArray(rollout.variations) || rollout.variations.length === 0) {
    problems.push({ path: splitPath, message: 'a rollout needs at least one weighted variation' });
  } else {
    let sum = 0;
    rollout.variations.forEach((entry, i) => {
      const entryPath = `${splitPath}[${i}]`;
      if (!isObject(entry)) {
        problems.push({ path: entryPath, message: 'must be { variation, weight }' });
        return;
      }
      if (!variationKeys.has(entry.variation)) {
        problems.push({
          path: field(entryPath, 'variation'),
          message: `unknown variation ${describe(entry.variation)}`,
        });
      }
      const weight = entry.weight;
      if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0 || weight > 100) {
        problems.push({
          path: field(entryPath, 'weight'),
          message: 'weight must be a percentage between 0 and 100',
        });
        return;
      }
      if (!hasAtMostThreeDecimals(weight)) {
        problems.push({
          path: field(entryPath, 'weight'),
          message: 'weight allows at most 3 decimals (0.001 % steps)',
        });
      }
      sum += weight;
    });
    if (Math.abs(sum - 100) > WEIGHT_SUM_TOLERANCE && problems.length === 0) {
      problems.push({ path: splitPath, message: `weights must sum to 100 (got ${sum})` });
    }
  }
  if (rollout.bucketBy !== undefined && rollout.bucketBy !== null && !isNonEmptyString(rollout.bucketBy)) {
    problems.push({
      path: field(rolloutPath, 'bucketBy'),
      message: 'bucketBy must be a non-empty attribute path',
    });
  }
  if (rollout.salt !== undefined && rollout.salt !== null && !isNonEmptyString(rollout.salt)) {
    problems.push({ path: field(rolloutPath, 'salt'), message: 'salt must be a non-empty string' });
  }
  const experiment = rollout.experiment;
  if (experiment !== undefined && experiment !== null) {
    const experimentPath = field(rolloutPath, 'experiment');
    if (!isObject(experiment))
      return [...problems, { path: experimentPath, message: 'experiment must be an object' }];
    if (!isNonEmptyString(experiment.key)) {
      problems.push({
        path: field(experimentPath, 'key'),
        message: 'experiment key must be a non-empty string',
      });
    }
    const coverage = experiment.coverage;
    if (typeof coverage !== 'number' || !(coverage >= 0 && coverage <= 1)) {
      problems.push({
        path: field(experimentPath, 'coverage'),
        message: 'coverage must be a number between 0 and 1',
      });
    }
    const layer = experiment.layer;
    if (layer !== undefined && layer !== null) {
      const layerPath = field(experimentPath, 'layer');
      if (!isObject(layer)) problems.push({ path: layerPath, message: 'layer must be an object' });
      else {
        if (!isNonEmptyString(layer.key)) {
          problems.push({ path: field(layerPath, 'key'), message: 'layer key must be a non-empty string' });
        }
        const percent = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 100;
        if (!percent(layer.rangeStart)) {
          problems.push({
            path: field(layerPath, 'rangeStart'),
            message: 'rangeStart must be between 0 and 100',
          });
        }
        if (!percent(layer.rangeEnd)) {
          problems.push({
            path: field(layerPath, 'rangeEnd'),
            message: 'rangeEnd must be between 0 and 100',
          });
        } else if (percent(layer.rangeStart) && layer.rangeStart >= layer.rangeEnd) {
          problems.push({
            path: field(layerPath, 'rangeEnd'),
            message: 'rangeEnd must be greater than rangeStart',
          });
        }
      }
    }
  }
  return problems;
}

/** Validates one environment's configuration of a flag (paths relative to `path`, e.g. `rules[0]`). */
export function validateEnvironmentConfig(
  config: FlagEnvironmentConfig,
  flag: { key: string; variations: readonly Variation[] },
  segmentKeys: SegmentKeys,
  path = '',
  options: FlagValidationOptions = {},
): ValidationProblem[] {
  if (!isObject(config)) return [{ path, message: 'environment configuration must be an object' }];
  const problems: ValidationProblem[] = [];
  const variationKeys = new Set(
    (Array.isArray(flag.variations) ? flag.variations : []).map((v) => v?.key).filter(isNonEmptyString),
  );
  const segments = toSet(segmentKeys);
  if (typeof config.enabled !== 'boolean') {
    problems.push({ path: field(path, 'enabled'), message: 'enabled must be a boolean' });
  }
  if (!variationKeys.has(config.offVariation)) {
    problems.push({
      path: field(path, 'offVariation'),
      message: `unknown variation ${describe(config.offVariation)}`,
    });
  }
  const targetsPath = field(path, 'targets');
  if (!Array.isArray(config.targets))
    problems.push({ path: targetsPath, message: 'targets must be an array' });
  else {
    config.targets.forEach((target, i) => {
      const targetPath = `${targetsPath}[${i}]`;
      if (!isObject(target)) {
        problems.push({ path: targetPath, message: 'target must be an object' });
        return;
      }
      if (!variationKeys.has(target.variation)) {
        problems.push({
          path: field(targetPath, 'variation'),
          message: `unknown variation ${describe(target.variation)}`,
        });
      }
      if (!Array.isArray(target.values) || !target.values.every((v) => typeof v === 'string')) {
        problems.push({
          path: field(targetPath, 'values'),
          message: 'values must be an array of context keys',
        });
      }
    });
  }
  const rulesPath = field(path, 'rules');
  if (!Array.isArray(config.rules)) problems.push({ path: rulesPath, message: 'rules must be an array' });
  else {
    const ids = new Set<string>();
    config.rules.forEach((rule, i) => {
      const rulePath = `${rulesPath}[${i}]`;
      if (!isObject(rule)) {
        problems.push({ path: rulePath, message: 'rule must be an object' });
        return;
      }
      if (!isNonEmptyString(rule.id))
        problems.push({ path: field(rulePath, 'id'), message: 'rule id is required' });
      else if (ids.has(rule.id))
        problems.push({ path: field(rulePath, 'id'), message: `duplicate rule id "${rule.id}"` });
      else ids.add(rule.id);
      const conditionsPath = field(rulePath, 'conditions');
      if (!Array.isArray(rule.conditions)) {
        problems.push({ path: conditionsPath, message: 'conditions must be an array' });
      } else {
        rule.conditions.forEach((c, j) => {
          problems.push(...validateCondition(c, `${conditionsPath}[${j}]`, segments));
        });
      }
      problems.push(...validateServe(rule.serve, variationKeys, field(rulePath, 'serve')));
    });
  }
  problems.push(...validateServe(config.fallthrough, variationKeys, field(path, 'fallthrough')));
  const window: Record<'startsAt' | 'endsAt', number> = { startsAt: Number.NaN, endsAt: Number.NaN };
  for (const name of ['startsAt', 'endsAt'] as const) {
    const value = config[name];
    if (value === undefined || value === null) continue;
    window[name] = typeof value === 'string' ? toEpochMillis(value) : Number.NaN;
    if (Number.isNaN(window[name])) {
      problems.push({ path: field(path, name), message: `${name} must be an ISO-8601 timestamp` });
    }
  }
  if (window.startsAt >= window.endsAt) {
    problems.push({ path: field(path, 'startsAt'), message: 'startsAt must be before endsAt' });
  }
  const prerequisitesPath = field(path, 'prerequisites');
  if (!Array.isArray(config.prerequisites)) {
    problems.push({ path: prerequisitesPath, message: 'prerequisites must be an array' });
  } else {
    config.prerequisites.forEach((p, i) => {
      const pPath = `${prerequisitesPath}[${i}]`;
      if (!isObject(p)) {
        problems.push({ path: pPath, message: 'prerequisite must be an object' });
        return;
      }
      if (!isNonEmptyString(p.flagKey)) {
        problems.push({ path: field(pPath, 'flagKey'), message: 'flagKey is required' });
      } else if (p.flagKey === flag.key) {
        problems.push({ path: field(pPath, 'flagKey'), message: 'a flag cannot be its own prerequisite' });
      } else if (options.knownFlags && !options.knownFlags.has(p.flagKey)) {
        problems.push({ path: field(pPath, 'flagKey'), message: `unknown flag ${describe(p.flagKey)}` });
      }
      const variations = isNonEmptyString(p.flagKey) ? options.knownFlags?.get(p.flagKey) : undefined;
      const forms = [
        p.variation !== undefined && p.variation !== null,
        p.variations !== undefined && p.variations !== null,
        p.off !== undefined && p.off !== null && p.off !== false,
      ].filter(Boolean).length;
      const known = (value: unknown, valuePath: string) => {
        if (!isNonEmptyString(value))
          problems.push({ path: valuePath, message: 'variation must be a non-empty string' });
        else if (variations && !variations.includes(value))
          problems.push({
            path: valuePath,
            message: `flag "${p.flagKey}" has no variation ${describe(value)}`,
          });
      };
      if (forms > 1) {
        problems.push({ path: pPath, message: 'give exactly one of variation, variations or off: true' });
      } else if (p.off !== undefined && p.off !== null && p.off !== false) {
        if (p.off !== true) problems.push({ path: field(pPath, 'off'), message: 'off must be a boolean' });
      } else if (p.variations !== undefined && p.variations !== null) {
        if (!Array.isArray(p.variations) || p.variations.length === 0)
          problems.push({
            path: field(pPath, 'variations'),
            message: 'variations must list at least one variation',
          });
        else for (const [j, v] of p.variations.entries()) known(v, `${field(pPath, 'variations')}[${j}]`);
      } else if (!isNonEmptyString(p.variation)) {
        problems.push({ path: field(pPath, 'variation'), message: 'variation is required' });
      } else known(p.variation, field(pPath, 'variation'));
    });
  }
  return problems;
}

/** Validates a whole flag; environment fields are reported under `environment.` (e.g. `environment.rules[2]`). */
export function validateFlagConfig(
  flag: FlagConfig,
  segmentKeys: SegmentKeys,
  path = '',
  options: FlagValidationOptions = {},
): ValidationProblem[] {
  if (!isObject(flag)) return [{ path, message: 'flag must be an object' }];
  const problems: ValidationProblem[] = [];
  if (!isNonEmptyString(flag.key))
    problems.push({ path: field(path, 'key'), message: 'key must be a non-empty string' });
  const typeOk = FLAG_TYPES.includes(flag.type);
  if (!typeOk) {
    problems.push({ path: field(path, 'type'), message: `type must be one of ${FLAG_TYPES.join(', ')}` });
  }
  const variationsPath = field(path, 'variations');
  if (!Array.isArray(flag.variations) || flag.variations.length === 0) {
    problems.push({ path: variationsPath, message: 'a flag needs at least one variation' });
  } else {
    const keys = new Set<string>();
    flag.variations.forEach((variation, i) => {
      const vPath = `${variationsPath}[${i}]`;
      if (!isObject(variation)) {
        problems.push({ path: vPath, message: 'variation must be an object' });
        return;
      }
      if (!isNonEmptyString(variation.key)) {
        problems.push({ path: field(vPath, 'key'), message: 'variation key must be a non-empty string' });
      } else if (keys.has(variation.key)) {
        problems.push({ path: field(vPath, 'key'), message: `duplicate variation key "${variation.key}"` });
      } else keys.add(variation.key);
      if (typeOk && !valueMatchesType(flag.type as FlagType, variation.value)) {
        problems.push({
          path: field(vPath, 'value'),
          message: `value must be ${typeDescription(flag.type)}`,
        });
      }
    });
  }
  problems.push(
    ...validateEnvironmentConfig(flag.environment, flag, segmentKeys, field(path, 'environment'), options),
  );
  return problems;
}

function typeDescription(type: FlagType): string {
  switch (type) {
    case 'BOOLEAN':
      return 'a boolean';
    case 'STRING':
      return 'a string';
    case 'NUMBER':
      return 'a finite number';
    case 'JSON':
      return 'JSON data (null, boolean, number, string, array or plain object)';
  }
}
