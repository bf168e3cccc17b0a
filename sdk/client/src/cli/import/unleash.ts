// `switchyard import --from unleash`: an Unleash feature export (the export API's result: features,
// featureStrategies, featureEnvironments, segments, featureTags, dependencies) mapped into Switchyard's model.
//
// Semantics followed (Unleash's documentation and its Node SDK):
// - a feature is on in an environment when the environment is enabled and any of its (not disabled) strategies
//   matches: all of the strategy's constraints and segments, then its rollout; with no strategies it is on;
// - constraint operators on a context field that is missing are false (NOT_IN true), and `inverted` negates the
//   outcome, so an inverted constraint also matches a context without the field; Switchyard conditions never match
//   a missing attribute, so "missing" becomes an extra rule (`exists`, negated);
// - a feature with variants serves `getVariant`'s answer: `{ name, enabled, feature_enabled, payload }`, with
//   `{ name: "disabled", enabled: false }` when off. Without variants the flag is BOOLEAN (on/off).
// Unleash context fields are read as top-level attributes of the same name (userId, sessionId, remoteAddress,
// appName, currentTime and custom properties).

import type {
  ExportedFlag,
  ExportedSegment,
  ExportedServe,
  ExportedTargeting,
  SwitchyardExport,
} from '../export/format';
import { parseShape } from './import-file';
import {
  ALWAYS,
  type Alternatives,
  allOf,
  condition,
  environmentKeyProblems,
  keyFor,
  type MappedImport,
  variationKeyFor,
} from './mapping';
import { canonicalJson, type Problem } from './plan';
import {
  type Activation,
  clean,
  constraintAlternatives,
  stickinessAttribute,
  strategyActivation,
  Unmappable,
} from './unleash-conditions';
import {
  type UnleashExport,
  type UnleashStrategy,
  type UnleashVariant,
  unleashExportSchema,
} from './unleash-schema';

interface FlagShape {
  key: string;
  /** Variation key for each (name, payload) of a variant. */
  variantKeys: Map<string, string>;
  variations: ExportedFlag['variations'];
  hasVariants: boolean;
}

const variantId = (v: UnleashVariant) => canonicalJson({ name: v.name, payload: v.payload ?? null });

function flagShape(key: string, variants: UnleashVariant[]): FlagShape {
  if (variants.length === 0)
    return {
      key,
      variantKeys: new Map(),
      hasVariants: false,
      variations: [
        { key: 'on', value: true },
        { key: 'off', value: false },
      ],
    };
  const variantKeys = new Map<string, string>();
  const variations: ExportedFlag['variations'] = [];
  const used = new Set(['disabled', 'enabled-no-variant']);
  for (const v of variants) {
    const id = variantId(v);
    if (variantKeys.has(id)) continue;
    let vkey = variationKeyFor(v.name);
    for (let n = 2; used.has(vkey); n++) vkey = `${variationKeyFor(v.name).slice(0, 60)}-${n}`;
    used.add(vkey);
    variantKeys.set(id, vkey);
    const value: Record<string, string | boolean | Record<string, string>> = {
      name: v.name,
      enabled: true,
      feature_enabled: true,
    };
    if (v.payload) value.payload = { type: v.payload.type, value: v.payload.value };
    variations.push({ key: vkey, name: v.name, value });
  }
  variations.push({
    key: 'enabled-no-variant',
    name: 'On without a variant',
    value: { name: 'disabled', enabled: false, feature_enabled: true },
  });
  variations.push({
    key: 'disabled',
    name: 'Off',
    value: { name: 'disabled', enabled: false, feature_enabled: false },
  });
  return { key, variantKeys, variations, hasVariants: true };
}

export interface UnleashMapOptions {
  /** Environment of strategies that do not name one (an export is taken per environment). */
  environment?: string;
  current: SwitchyardExport;
}

export function mapUnleashExport(data: unknown, file: string, options: UnleashMapOptions): MappedImport {
  const source = parseShape(unleashExportSchema, data, file);
  const problems: Problem[] = [];
  const envNames = new Set(source.featureEnvironments?.map((e) => e.environment) ?? []);
  const defaultEnv = options.environment ?? (envNames.size === 1 ? [...envNames][0] : undefined);

  // Segments: rules from their constraints, or an existing Switchyard segment of the same key.
  const segments: ExportedSegment[] = [];
  const segmentKeys = new Map<number, string>();
  const badSegments = new Map<number, string>();
  for (const s of source.segments ?? []) {
    const { key } = keyFor(s.name);
    segmentKeys.set(s.id, key);
    const subject = `segment ${key}`;
    if (!s.constraints) {
      if (!options.current.segments.some((x) => x.key === key)) {
        const reason = `the export names segment "${s.name}" without its constraints, and Switchyard has no segment "${key}"`;
        problems.push({ severity: 'error', subject, construct: 'constraints', reason });
        badSegments.set(s.id, reason);
      }
      continue;
    }
    try {
      const alternatives = allOf(
        s.constraints.map((c, i) => {
          try {
            return constraintAlternatives(c, (reason) =>
              problems.push({ severity: 'warning', subject, construct: `constraints[${i}]`, reason }),
            );
          } catch (error) {
            if (error instanceof Unmappable)
              throw new Unmappable(`constraints[${i}] ${c.operator}: ${error.message}`);
            throw error;
          }
        }),
      );
      if (alternatives === null) throw new Unmappable('constraints: too many alternatives to write as rules');
      segments.push({
        key,
        name: s.name,
        description: s.description ?? null,
        included: [],
        excluded: [],
        rules: alternatives.map((conditions, i) => ({ id: `constraints-${i + 1}`, conditions })),
      });
    } catch (error) {
      if (!(error instanceof Unmappable)) throw error;
      problems.push({ severity: 'error', subject, construct: 'constraints', reason: error.message });
      badSegments.set(s.id, error.message);
      segments.push({ key, name: s.name, included: [], excluded: [], rules: [] });
    }
  }

  const strategiesOf = new Map<string, UnleashStrategy[]>();
  for (const s of source.featureStrategies) {
    const list = strategiesOf.get(s.featureName) ?? [];
    list.push(s);
    strategiesOf.set(s.featureName, list);
  }
  const envOf = (s: UnleashStrategy) => s.environment ?? defaultEnv;
  const keys = new Map(source.features.map((f) => [f.name, keyFor(f.name).key]));
  const shapes = new Map<string, FlagShape>();
  for (const f of source.features) {
    const variants = [
      ...(source.featureEnvironments ?? [])
        .filter((e) => e.featureName === f.name)
        .flatMap((e) => e.variants ?? []),
      ...(strategiesOf.get(f.name) ?? []).flatMap((s) => s.variants ?? []),
    ];
    shapes.set(f.name, flagShape(keys.get(f.name)!, variants));
  }

  const flags: ExportedFlag[] = [];
  const environments = new Set<string>();
  for (const f of source.features) {
    const shape = shapes.get(f.name)!;
    const subject = `flag ${shape.key}`;
    const problem = (severity: Problem['severity'], construct: string, reason: string) =>
      problems.push({ severity, subject, construct, reason });
    if (keyFor(f.name).changed)
      problem('warning', 'name', `"${f.name}" is not a Switchyard key; imported as "${shape.key}"`);
    const strategies = strategiesOf.get(f.name) ?? [];
    const envs = new Set([
      ...(source.featureEnvironments ?? []).filter((e) => e.featureName === f.name).map((e) => e.environment),
      ...strategies.map(envOf).filter((e): e is string => e !== undefined),
    ]);
    if (strategies.some((s) => envOf(s) === undefined))
      problem(
        'error',
        'featureStrategies',
        'a strategy names no environment and the export has several: pass --environment',
      );

    const prerequisites = dependencyPrerequisites(source, f.name, shapes, problem);
    const targeting: Record<string, ExportedTargeting> = {};
    for (const env of [...envs].sort()) {
      environments.add(env);
      const featureEnv = source.featureEnvironments?.find(
        (e) => e.featureName === f.name && e.environment === env,
      );
      const envStrategies = strategies
        .filter((s) => envOf(s) === env)
        .map((s, i) => ({ s, i }))
        .sort((a, b) => (a.s.sortOrder ?? 0) - (b.s.sortOrder ?? 0) || a.i - b.i);
      targeting[env] = environmentTargeting(
        f.name,
        env,
        shape,
        featureEnv?.enabled ?? false,
        featureEnv?.variants ?? [],
        envStrategies.map(({ s, i }) => ({
          s,
          construct: `environments.${env}.strategies[${i}] ${s.name}${s.id ? ` (${s.id})` : ''}`,
        })),
        { segmentKeys, badSegments },
        problem,
      );
      targeting[env].prerequisites = prerequisites;
    }
    const tags = (source.featureTags ?? [])
      .filter((t) => t.featureName === f.name)
      .map((t) => (t.tagType && t.tagType !== 'simple' ? `${t.tagType}:${t.tagValue}` : t.tagValue));
    flags.push({
      key: shape.key,
      name: f.name,
      description: f.description || null,
      type: shape.hasVariants ? 'JSON' : 'BOOLEAN',
      tags: [...new Set(tags)],
      archived: f.archived === true,
      variations: shape.variations,
      environments: targeting,
    });
  }
  const config: SwitchyardExport = {
    formatVersion: 1,
    environments: [...environments].sort().map((key) => ({ key, name: key })),
    segments,
    flags,
  };
  problems.push(...environmentKeyProblems(environments));
  return { config, problems };
}

type Report = (severity: Problem['severity'], construct: string, reason: string) => void;

function dependencyPrerequisites(
  source: UnleashExport,
  featureName: string,
  shapes: Map<string, FlagShape>,
  problem: Report,
): ExportedTargeting['prerequisites'] {
  const prerequisites: ExportedTargeting['prerequisites'] = [];
  const entry = source.dependencies?.find((d) => d.feature === featureName);
  for (const [i, d] of (entry?.dependencies ?? []).entries()) {
    const construct = `dependencies[${i}] on ${d.feature}`;
    const parent = shapes.get(d.feature);
    if (!parent) {
      problem('error', construct, `the parent feature "${d.feature}" is not in the export`);
      continue;
    }
    if (d.enabled === false) {
      // Unleash: the parent is not enabled for the context. Switchyard's off form: the parent does not serve.
      prerequisites.push({ flagKey: parent.key, off: true });
      problem(
        'warning',
        construct,
        'the parent must be disabled: mapped onto the "parent is off" prerequisite, which holds while the parent is switched off or its own prerequisites fail; Unleash also counts a parent that is on but matches none of its strategies',
      );
      continue;
    }
    const wanted = d.variants ?? [];
    if (!parent.hasVariants && wanted.length === 0) {
      prerequisites.push({ flagKey: parent.key, variation: 'on' });
      continue;
    }
    // Enabled with any variant (none named), or with one of the variants named.
    const keys = [
      ...new Set(
        [...parent.variantKeys.entries()]
          .filter(([id]) => wanted.length === 0 || wanted.includes(JSON.parse(id).name))
          .map(([, k]) => k),
      ),
    ];
    const missingName = wanted.find(
      (name) => ![...parent.variantKeys.keys()].some((id) => JSON.parse(id).name === name),
    );
    if (missingName !== undefined || keys.length === 0)
      problem('error', construct, `the parent has no variant named "${missingName ?? wanted[0]}"`);
    else if (keys.length === 1) prerequisites.push({ flagKey: parent.key, variation: keys[0]! });
    else prerequisites.push({ flagKey: parent.key, variations: keys });
  }
  return prerequisites;
}

/** Variant weights (per 1,000) as percentages of `share` percent. */
function variantSplit(
  variants: UnleashVariant[],
  shape: FlagShape,
  share: number,
): { variation: string; weight: number }[] {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  if (total !== 1000) throw new Unmappable(`variant weights sum to ${total}, not 1000`);
  return variants
    .filter((v) => v.weight > 0)
    .map((v) => ({ variation: shape.variantKeys.get(variantId(v))!, weight: (v.weight * share) / 1000 }));
}

function serveFor(
  activation: Activation,
  shape: FlagShape,
  variants: UnleashVariant[],
  warn: (r: string) => void,
): ExportedServe {
  const off = shape.hasVariants ? 'disabled' : 'off';
  const split: { variation: string; weight: number }[] = [];
  if (activation.rollout < 100) split.push({ variation: off, weight: 100 - activation.rollout });
  let bucketBy = activation.bucketBy;
  let salt = activation.salt;
  if (!shape.hasVariants) split.push({ variation: 'on', weight: activation.rollout });
  else if (variants.length === 0) split.push({ variation: 'enabled-no-variant', weight: activation.rollout });
  else {
    split.push(...variantSplit(variants, shape, activation.rollout));
    if (activation.rollout === 100) {
      bucketBy = stickinessAttribute(variants[0]!.stickiness, variants.length > 1, warn).attribute;
      salt = activation.salt;
    } else if (
      (variants[0]!.stickiness || 'default') !== 'default' &&
      variants[0]!.stickiness !== activation.bucketBy
    )
      warn("the variants are bucketed by the rollout's stickiness, not their own");
  }
  const served = split.filter((v) => v.weight > 0);
  if (served.length === 1) return { variation: served[0]!.variation };
  warn(
    "percentage split: the same shares of users as Unleash, but Switchyard's hash (murmur3 of salt:value, 100,000 buckets) picks which users",
  );
  return { rollout: { variations: served, bucketBy, salt } };
}

function environmentTargeting(
  featureName: string,
  env: string,
  shape: FlagShape,
  enabled: boolean,
  envVariants: UnleashVariant[],
  strategies: { s: UnleashStrategy; construct: string }[],
  segmentInfo: { segmentKeys: Map<number, string>; badSegments: Map<number, string> },
  problem: Report,
): ExportedTargeting {
  const off = shape.hasVariants ? 'disabled' : 'off';
  const rules: ExportedTargeting['rules'] = [];
  const active = strategies.filter(({ s, construct }) => {
    if (s.disabled) problem('warning', construct, 'disabled strategy: not imported');
    return !s.disabled;
  });
  const mapped: { activation: Activation; s: UnleashStrategy; construct: string }[] = [];
  for (const { s, construct } of active) {
    const warn = (reason: string) => problem('warning', construct, reason);
    try {
      const activation = strategyActivation(s, featureName, warn);
      const parts: Alternatives[] = [activation.alternatives];
      for (const [i, c] of (s.constraints ?? []).entries()) {
        try {
          parts.push(
            constraintAlternatives(c, (reason) =>
              problem('warning', `${construct} constraints[${i}]`, reason),
            ),
          );
        } catch (error) {
          if (error instanceof Unmappable)
            throw new Unmappable(`constraints[${i}] ${c.operator} on ${c.contextName}: ${error.message}`);
          throw error;
        }
      }
      for (const id of s.segments ?? []) {
        const key = segmentInfo.segmentKeys.get(id);
        if (!key) throw new Unmappable(`segment ${id} is not in the export`);
        if (segmentInfo.badSegments.has(id))
          throw new Unmappable(`segment ${key}: ${segmentInfo.badSegments.get(id)}`);
        parts.push([[condition('key', 'inSegment', [key])]]);
      }
      const alternatives = allOf(parts);
      if (alternatives === null) throw new Unmappable('constraints: too many alternatives to write as rules');
      if (alternatives.length === 0 || activation.rollout === 0) continue; // can never match
      mapped.push({ activation: { ...activation, alternatives }, s, construct });
    } catch (error) {
      if (!(error instanceof Unmappable)) throw error;
      problem('error', construct, error.message);
    }
  }
  // Strategies are ORed: when which one matched does not change what is served, those with a partial rollout go
  // last (a user outside a split is not tried against later rules in Switchyard).
  const ownVariants = mapped.some(({ s }) => (s.variants ?? []).length > 0);
  const ordered = ownVariants
    ? mapped
    : [
        ...mapped.filter((m) => m.activation.rollout === 100),
        ...mapped.filter((m) => m.activation.rollout < 100),
      ];
  ordered.forEach(({ activation, s, construct }, index) => {
    if (activation.rollout < 100 && index < ordered.length - 1)
      problem(
        'error',
        construct,
        'a partial rollout followed by other strategies: users outside it would not be tried against the later ones',
      );
    const warn = (reason: string) => problem('warning', construct, reason);
    const variants = (s.variants ?? []).length > 0 ? s.variants! : envVariants;
    const base = s.id ? `unleash-${s.id}` : `strategy-${index + 1}`;
    const many = activation.alternatives.length > 1;
    // Overrides of the environment's variants win over the split, for users the strategy enables.
    if (variants === envVariants)
      for (const v of variants)
        for (const [o, override] of (v.overrides ?? []).entries()) {
          if (activation.rollout < 100) {
            problem(
              'error',
              `${construct} variants.${v.name}.overrides[${o}]`,
              'an override under a partial rollout cannot be expressed: it would bypass the rollout',
            );
            continue;
          }
          for (const [a, conditions] of activation.alternatives.entries())
            rules.push({
              id: `${base}-override-${variationKeyFor(v.name)}-${o + 1}${many ? `-${a + 1}` : ''}`,
              description: `${s.title || s.name}: variant override ${override.contextName}`,
              conditions: [...conditions, condition(override.contextName, 'in', clean(override.values))],
              serve: { variation: shape.variantKeys.get(variantId(v))! },
            });
        }
    let serve: ExportedServe;
    try {
      serve = serveFor(activation, shape, variants, warn);
    } catch (error) {
      if (!(error instanceof Unmappable)) throw error;
      problem('error', construct, error.message);
      return;
    }
    for (const [a, conditions] of activation.alternatives.entries())
      rules.push({
        id: `${base}${many ? `-${a + 1}` : ''}`,
        description: s.title || s.name,
        conditions,
        serve,
      });
  });
  // Unleash serves a feature with no strategies to everyone while the environment is enabled.
  const noStrategies = strategies.length === 0;
  const onServe: ExportedServe = !shape.hasVariants
    ? { variation: 'on' }
    : envVariants.length === 0
      ? { variation: 'enabled-no-variant' }
      : (() => {
          try {
            return serveFor(
              { alternatives: ALWAYS, rollout: 100, bucketBy: 'userId', salt: featureName },
              shape,
              envVariants,
              (r) => problem('warning', `environments.${env}.variants`, r),
            );
          } catch (error) {
            if (!(error instanceof Unmappable)) throw error;
            problem('error', `environments.${env}.variants`, error.message);
            return { variation: 'disabled' };
          }
        })();
  return {
    enabled,
    offVariation: off,
    targets: [],
    rules: noStrategies ? [] : rules,
    fallthrough: noStrategies ? onServe : { variation: off },
    prerequisites: [],
  };
}
