// `switchyard import --from launchdarkly`: flags as LaunchDarkly's REST API returns them, mapped into Switchyard's
// model. LaunchDarkly's order (off -> prerequisites -> individual targets -> rules -> fallthrough) is Switchyard's.
// Contexts: the user context is the top level (`key` and its attributes); another context kind is a nested object
// named after the kind (`{ key: "u-1", organization: { key: "o-1", tier: "gold" } }`), so `organization.tier`.
// Like LaunchDarkly, a clause on a missing attribute is false even when negated, and a rollout's context without
// the bucketing attribute gets the first weighted variation.

import { validateRegex } from '@switchyard/core';
import type { ExportedFlag, ExportedServe, ExportedTargeting, SwitchyardExport } from '../export/format';
import { parseShape } from './import-file';
import {
  type LdClause,
  type LdEnvironment,
  type LdFlag,
  type LdVariationOrRollout,
  launchDarklyExportSchema,
} from './launchdarkly-schema';
import { condition, environmentKeyProblems, keyFor, type MappedImport, variationKeyFor } from './mapping';
import type { Problem } from './plan';

class Unmappable extends Error {}

const OPERATORS: Record<string, string> = {
  in: 'in',
  endsWith: 'endsWith',
  startsWith: 'startsWith',
  contains: 'contains',
  matches: 'matches',
  lessThan: 'lt',
  lessThanOrEqual: 'lte',
  greaterThan: 'gt',
  greaterThanOrEqual: 'gte',
  before: 'before',
  after: 'after',
  // LaunchDarkly reads `2` and `2.1` as 2.0.0 and 2.1.0: Switchyard's loose versions, not its strict semver.
  semVerEqual: 'looseVersionEq',
  semVerLessThan: 'looseVersionLt',
  semVerGreaterThan: 'looseVersionGt',
  segmentMatch: 'inSegment',
};

/** Switchyard variation keys for a flag's variations: their names when usable and unique, else `v<index>`. */
export function variationKeys(flag: Pick<LdFlag, 'variations'>): string[] {
  const names = flag.variations.map((v) => (v.name ? variationKeyFor(v.name) : null));
  return names.map((name, i) =>
    name && names.indexOf(name) === i && names.lastIndexOf(name) === i && !/^v\d+$/.test(name)
      ? name
      : `v${i}`,
  );
}

function flagType(values: unknown[]): ExportedFlag['type'] {
  if (values.every((v) => typeof v === 'boolean')) return 'BOOLEAN';
  if (values.every((v) => typeof v === 'string')) return 'STRING';
  if (values.every((v) => typeof v === 'number')) return 'NUMBER';
  return 'JSON';
}

/** An attribute reference (`/address/city`, or a plain name) of a context kind as a Switchyard attribute path. */
function attributePath(attribute: string, kind: string | null | undefined): string {
  const path = attribute.startsWith('/')
    ? attribute
        .slice(1)
        .split('/')
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
        .join('.')
    : attribute;
  if (path === 'kind') throw new Unmappable('clauses on the context kind have no Switchyard equivalent');
  return !kind || kind === 'user' ? path : `${kind}.${path}`;
}

function clauseCondition(clause: LdClause) {
  const operator = OPERATORS[clause.op];
  if (!operator) throw new Unmappable(`unknown operator ${clause.op}`);
  if (operator === 'inSegment') return condition('key', 'inSegment', clause.values, clause.negate === true);
  const attribute = attributePath(clause.attribute, clause.contextKind);
  const values = clause.values;
  if (values.some((v) => v !== null && typeof v === 'object'))
    throw new Unmappable('values that are objects or arrays cannot be compared');
  if (operator === 'matches')
    for (const v of values) {
      const problem = validateRegex(v);
      if (problem)
        throw new Unmappable(`pattern ${JSON.stringify(v)} is refused by the safe regex engine: ${problem}`);
    }
  return condition(attribute, operator, values, clause.negate === true);
}

function serveOf(
  what: LdVariationOrRollout | null | undefined,
  keys: string[],
  warn: (reason: string) => void,
): ExportedServe {
  if (!what) throw new Unmappable('serves neither a variation nor a rollout');
  const key = (index: number) => {
    const k = keys[index];
    if (k === undefined) throw new Unmappable(`variation ${index} does not exist`);
    return k;
  };
  if (what.rollout) {
    const { variations, bucketBy, contextKind } = what.rollout;
    const total = variations.reduce((sum, v) => sum + v.weight, 0);
    if (total !== 100_000) throw new Unmappable(`rollout weights sum to ${total}, not 100,000`);
    const split = variations
      .filter((v) => v.weight > 0)
      .map((v) => ({ variation: key(v.variation), weight: v.weight / 1000 }));
    if (split.length === 1) return { variation: split[0]!.variation };
    if (what.rollout.kind === 'experiment')
      warn('an experiment rollout is imported as a plain percentage split');
    warn(
      "percentage split: the same shares as LaunchDarkly, but Switchyard's hash (murmur3 of salt:value, 100,000 buckets) picks which users",
    );
    const by =
      bucketBy && bucketBy !== 'key'
        ? attributePath(bucketBy, contextKind)
        : contextKind && contextKind !== 'user'
          ? `${contextKind}.key`
          : null;
    return { rollout: { variations: split, ...(by ? { bucketBy: by } : {}) } };
  }
  if (what.variation === null || what.variation === undefined)
    throw new Unmappable('serves neither a variation nor a rollout');
  return { variation: key(what.variation) };
}

function environmentTargeting(
  env: string,
  e: LdEnvironment,
  keys: string[],
  prerequisiteKeys: (flagKey: string) => string[] | undefined,
  problem: (severity: Problem['severity'], construct: string, reason: string) => void,
): ExportedTargeting | null {
  let failed = false;
  const attempt = <T>(construct: string, fn: (warn: (reason: string) => void) => T): T | null => {
    try {
      return fn((reason) => problem('warning', construct, reason));
    } catch (error) {
      if (!(error instanceof Unmappable)) throw error;
      problem('error', construct, error.message);
      failed = true;
      return null;
    }
  };
  const at = `environments.${env}`;
  if (e.offVariation === null || e.offVariation === undefined) {
    problem(
      'error',
      `${at}.offVariation`,
      "not set: LaunchDarkly then serves the application's default when off; Switchyard always serves an off variation",
    );
    return null;
  }
  const offVariation = attempt(
    `${at}.offVariation`,
    () => serveOf({ variation: e.offVariation }, keys, () => {}).variation!,
  );
  const targets = (e.targets ?? []).filter((t) => !t.contextKind || t.contextKind === 'user');
  const rules: ExportedTargeting['rules'] = [];
  // Targets of other context kinds are checked before the rules in LaunchDarkly too.
  for (const [i, t] of (e.contextTargets ?? []).entries()) {
    if (!t.contextKind || t.contextKind === 'user' || t.values.length === 0) continue;
    const serve = attempt(`${at}.contextTargets[${i}]`, (warn) =>
      serveOf({ variation: t.variation }, keys, warn),
    );
    if (serve)
      rules.push({
        id: `target-${t.contextKind}-${i + 1}`,
        description: `${t.contextKind} targets`,
        conditions: [condition(`${t.contextKind}.key`, 'in', t.values)],
        serve,
      });
  }
  for (const [i, r] of (e.rules ?? []).entries()) {
    const construct = `${at}.rules[${i}]`;
    const conditions = r.clauses.map((c, j) =>
      attempt(`${construct}.clauses[${j}] ${c.op}`, () => clauseCondition(c)),
    );
    const serve = attempt(construct, (warn) => serveOf(r, keys, warn));
    if (serve && conditions.every((c) => c !== null))
      rules.push({
        id: r._id || `rule-${i + 1}`,
        ...(r.description ? { description: r.description } : {}),
        conditions: conditions as NonNullable<(typeof conditions)[0]>[],
        serve,
      });
  }
  const fallthrough = attempt(`${at}.fallthrough`, (warn) => serveOf(e.fallthrough, keys, warn));
  const prerequisites: ExportedTargeting['prerequisites'] = [];
  for (const [i, p] of (e.prerequisites ?? []).entries()) {
    const parentKeys = prerequisiteKeys(p.key);
    const variation = parentKeys?.[p.variation];
    if (variation) prerequisites.push({ flagKey: keyFor(p.key).key, variation });
    else
      problem(
        'error',
        `${at}.prerequisites[${i}]`,
        parentKeys
          ? `flag ${p.key} has no variation ${p.variation}`
          : `flag ${p.key} is neither in the file nor in Switchyard`,
      );
  }
  if (failed || offVariation === null || fallthrough === null) return null;
  return {
    enabled: e.on,
    offVariation,
    targets: targets.map((t) => ({ variation: keys[t.variation] ?? String(t.variation), values: t.values })),
    rules,
    fallthrough,
    prerequisites,
  };
}

export function mapLaunchDarklyExport(
  data: unknown,
  file: string,
  options: { current: SwitchyardExport },
): MappedImport {
  const parsed: unknown = parseShape(launchDarklyExportSchema(data), data, file);
  const source = (
    Array.isArray(parsed)
      ? parsed
      : 'items' in (parsed as object)
        ? (parsed as { items: LdFlag[] }).items
        : [parsed]
  ) as LdFlag[];
  const problems: Problem[] = [];
  const keysByFlag = new Map(source.map((f) => [f.key, variationKeys(f)]));
  const existing = new Map(options.current.flags.map((f) => [f.key, f.variations.map((v) => v.key)]));
  const flags: ExportedFlag[] = [];
  const environments = new Set<string>();
  for (const f of source) {
    const key = keyFor(f.key);
    const subject = `flag ${key.key}`;
    const problem = (severity: Problem['severity'], construct: string, reason: string) =>
      problems.push({ severity, subject, construct, reason });
    if (key.changed)
      problem('warning', 'key', `"${f.key}" is not a Switchyard key; imported as "${key.key}"`);
    const keys = keysByFlag.get(f.key)!;
    const targeting: Record<string, ExportedTargeting> = {};
    for (const [env, e] of Object.entries(f.environments)) {
      environments.add(env);
      const t = environmentTargeting(env, e, keys, (k) => keysByFlag.get(k) ?? existing.get(k), problem);
      if (t) targeting[env] = t;
    }
    flags.push({
      key: key.key,
      name: f.name || f.key,
      description: f.description || null,
      type: flagType(f.variations.map((v) => v.value)),
      tags: f.tags ?? [],
      archived: f.archived === true,
      variations: f.variations.map((v, i) => ({
        key: keys[i]!,
        ...(v.name ? { name: v.name } : {}),
        ...(v.description ? { description: v.description } : {}),
        value: v.value,
      })),
      environments: targeting,
    });
  }
  problems.push(...environmentKeyProblems(environments));
  return {
    config: {
      formatVersion: 1,
      environments: [...environments].sort().map((k) => ({ key: k, name: k })),
      segments: [],
      flags,
    },
    problems,
  };
}
