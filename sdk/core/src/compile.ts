// Compiles a flag set once into closures and lookup tables so that evaluating a flag is a Map lookup, a few
// closure calls and, for a split, one hash. Every result a flag can produce without an error is built at compile
// time and frozen, so the hot path allocates nothing.

import { bucketingString, compileAttributeReader } from './attributes';
import { bucketRanges, percentToBuckets, prefixedBucketer } from './bucketing';
import { toEpochMillis } from './dates';
import type {
  EvaluationContext,
  EvaluationReason,
  EvaluationResult,
  FlagConfig,
  FlagSet,
  FlagType,
  Prerequisite,
  Rollout,
  Serve,
} from './model';
import { type ConditionEnvironment, type ConditionMatcher, compileCondition } from './operators';
import { type PrerequisiteNode, prerequisiteComponents } from './prerequisites';
import * as reasons from './reasons';
import { compileSegments } from './segments';
import { FLAG_TYPES, frozenCopy, valueMatchesType } from './value-types';

export interface CompileOptions {
  /** Clock for schedule windows, in epoch milliseconds (default Date.now). */
  now?: () => number;
}

export interface CompiledFlagSet {
  readonly environment: string;
  readonly version: number;
  /**
   * Evaluates one flag. Never throws: problems come back as reason ERROR with `defaultValue` as the value.
   * Results are frozen and may be shared between calls.
   */
  evaluate<T = unknown>(flagKey: string, context: EvaluationContext, defaultValue?: T): EvaluationResult<T>;
  /** Every non-archived flag, in flag-set order. */
  evaluateAll(context: EvaluationContext): EvaluationResult[];
  /** Keys of the non-archived flags, in flag-set order. */
  keys(): string[];
}

type Result = EvaluationResult<unknown>;
/** Serves a value, or returns null when the user is not enrolled in the experiment running on a split. */
type Server = (context: EvaluationContext) => Result | null;

interface CompiledRule {
  conditions: ConditionMatcher[];
  serve: Server;
}

interface CompiledPrerequisite {
  /** Null when the prerequisite can never pass: unknown, archived or on a cycle. */
  flag: FlagEvaluator | null;
  /** Whether the parent's outcome satisfies the prerequisite. */
  passes: (outcome: Result) => boolean;
  failed: Result;
}

/** The parent did not serve: off, outside its schedule, or its own prerequisites failed. */
function isNotServingKind(reason: EvaluationReason): boolean {
  return reason.kind === 'OFF' || reason.kind === 'SCHEDULED_OFF' || reason.kind === 'PREREQUISITE_FAILED';
}

function prerequisiteTest(p: Prerequisite): (outcome: Result) => boolean {
  if (p?.off === true) return (outcome) => isNotServingKind(outcome.reason);
  if (Array.isArray(p?.variations)) {
    const wanted = new Set(p.variations.filter((v) => typeof v === 'string'));
    return (outcome) =>
      outcome.variation !== null && wanted.has(outcome.variation) && isServedKind(outcome.reason);
  }
  const variation = String(p?.variation);
  return (outcome) => outcome.variation === variation && isServedKind(outcome.reason);
}

function isServedKind(reason: EvaluationReason): boolean {
  return reason.kind === 'TARGET_MATCH' || reason.kind === 'RULE_MATCH' || reason.kind === 'FALLTHROUGH';
}

/** Whether a caller's default value can stand in for this flag's values. */
function acceptsDefault(type: FlagType, value: unknown): boolean {
  switch (type) {
    case 'BOOLEAN':
      return typeof value === 'boolean';
    case 'STRING':
      return typeof value === 'string';
    case 'NUMBER':
      return typeof value === 'number';
    default:
      // JSON flags may hold any JSON value, so any default fits; so does anything for a malformed type.
      return true;
  }
}

function errorResult(key: string, reason: EvaluationReason, value: unknown): Result {
  return { key, value: value === undefined ? null : value, variation: null, reason };
}

/** Thrown while compiling a flag whose shape makes every evaluation fail. */
class Malformed extends Error {}

/** One compiled flag. Error results carry `variation: null` and get the caller's default filled in at the end. */
class FlagEvaluator {
  readonly key: string;
  private readonly type: FlagType;
  private readonly malformed: Result | null = null;
  private readonly enabled: boolean = false;
  private readonly offResult!: Result;
  private readonly scheduledOffResult!: Result;
  private readonly hasSchedule: boolean = false;
  private readonly startsAt: number = Number.NEGATIVE_INFINITY;
  private readonly endsAt: number = Number.POSITIVE_INFINITY;
  private readonly targets: Map<string, Result> | null = null;
  private readonly rules: CompiledRule[] = [];
  private readonly fallthrough!: Server;
  private readonly notEnrolledResult!: Result;
  private readonly variationValues = new Map<string, unknown>();
  private readonly variationTypeOk = new Map<string, boolean>();
  private prerequisites: CompiledPrerequisite[] = [];

  constructor(
    private readonly flag: FlagConfig,
    env: ConditionEnvironment,
    private readonly now: () => number,
  ) {
    this.key = flag.key;
    this.type = flag.type;
    try {
      if (!FLAG_TYPES.includes(flag.type)) throw new Malformed(`unknown flag type ${String(flag.type)}`);
      const config = flag.environment;
      if (config === null || typeof config !== 'object')
        throw new Malformed('missing environment configuration');
      for (const variation of Array.isArray(flag.variations) ? flag.variations : []) {
        if (!variation || typeof variation.key !== 'string' || this.variationValues.has(variation.key))
          continue;
        const ok = valueMatchesType(flag.type, variation.value);
        this.variationTypeOk.set(variation.key, ok);
        this.variationValues.set(variation.key, ok ? frozenCopy(variation.value) : undefined);
      }
      this.enabled = config.enabled === true;
      this.offResult = this.result(config.offVariation, reasons.OFF);
      this.scheduledOffResult = this.result(config.offVariation, reasons.SCHEDULED_OFF);
      for (const [field, value] of [
        ['startsAt', config.startsAt],
        ['endsAt', config.endsAt],
      ] as const) {
        if (value === null || value === undefined) continue;
        const instant = toEpochMillis(value);
        if (Number.isNaN(instant)) throw new Malformed(`${field} is not an ISO-8601 timestamp`);
        this.hasSchedule = true;
        if (field === 'startsAt') this.startsAt = instant;
        else this.endsAt = instant;
      }
      const targets = Array.isArray(config.targets) ? config.targets : [];
      if (targets.length > 0) {
        this.targets = new Map();
        for (const target of targets) {
          const result = this.result(target?.variation, reasons.TARGET_MATCH);
          // The first target listing a key wins.
          for (const contextKey of Array.isArray(target?.values) ? target.values : []) {
            if (typeof contextKey === 'string' && !this.targets.has(contextKey))
              this.targets.set(contextKey, result);
          }
        }
      }
      const rules = Array.isArray(config.rules) ? config.rules : [];
      this.rules = rules.map((rule, ruleIndex) => ({
        conditions: (Array.isArray(rule?.conditions) ? rule.conditions : []).map((c) =>
          compileCondition(c, env),
        ),
        serve: this.server(rule?.serve, { ruleId: String(rule?.id), ruleIndex }),
      }));
      this.fallthrough = this.server(config.fallthrough, null);
      // A user left out of an experiment on the fallthrough has no later rule to go to: serve the off variation.
      this.notEnrolledResult = this.result(config.offVariation, reasons.FALLTHROUGH);
    } catch (error) {
      const message = error instanceof Malformed ? error.message : `cannot compile flag: ${String(error)}`;
      this.malformed = errorResult(flag.key, reasons.errorReason('MALFORMED_FLAG', message), undefined);
    }
  }

  /** The frozen result serving `variationKey`, or an error result when it is unknown or of the wrong type. */
  private result(variationKey: unknown, reason: EvaluationReason): Result {
    if (typeof variationKey !== 'string' || !this.variationValues.has(variationKey)) {
      const message = `variation ${JSON.stringify(variationKey) ?? 'undefined'} does not exist`;
      return Object.freeze(errorResult(this.key, reasons.errorReason('MALFORMED_FLAG', message), undefined));
    }
    if (!this.variationTypeOk.get(variationKey)) {
      const message = `variation "${variationKey}" does not hold a ${this.type} value`;
      return Object.freeze(errorResult(this.key, reasons.errorReason('TYPE_MISMATCH', message), undefined));
    }
    return Object.freeze({
      key: this.key,
      value: this.variationValues.get(variationKey),
      variation: variationKey,
      reason,
    });
  }

  private server(serve: Serve | undefined, point: reasons.ServePoint): Server {
    if (serve && typeof serve.variation === 'string') {
      const result = this.result(serve.variation, reasons.servedReason(point));
      return () => result;
    }
    if (serve?.rollout && typeof serve.rollout === 'object') return this.split(serve.rollout, point);
    const message = 'serve needs a variation or a rollout';
    const broken = Object.freeze(
      errorResult(this.key, reasons.errorReason('MALFORMED_FLAG', message), undefined),
    );
    return () => broken;
  }

  private split(rollout: Rollout, point: reasons.ServePoint): Server {
    const experiment = rollout.experiment ?? null;
    const variations = Array.isArray(rollout.variations) ? rollout.variations : [];
    const ranges = bucketRanges(variations, experiment ? experiment.coverage : 1);
    if (ranges === null || variations.length === 0) {
      const message = 'split weights must sum to 100';
      const broken = Object.freeze(
        errorResult(this.key, reasons.errorReason('MALFORMED_FLAG', message), undefined),
      );
      return () => broken;
    }
    const { starts, ends } = ranges;
    const experimentKey = experiment ? String(experiment.key) : undefined;
    const results = variations.map((v) =>
      this.result(v.variation, reasons.servedReason(point, { experimentKey })),
    );
    const missing = this.result(
      variations[0]!.variation,
      reasons.servedReason(point, { experimentKey, bucketingAttributeMissing: true }),
    );
    const bucketBy = rollout.bucketBy ?? 'key';
    const read = bucketBy === 'key' ? null : compileAttributeReader(bucketBy);
    const bucket = prefixedBucketer(rollout.salt ?? this.key);
    const layer = experiment?.layer ?? null;
    const layerBucket = layer ? prefixedBucketer(String(layer.key)) : null;
    const layerStart = layer ? percentToBuckets(layer.rangeStart) : 0;
    const layerEnd = layer ? percentToBuckets(layer.rangeEnd) : 0;
    const count = ends.length;
    return (context) => {
      let value: string | null;
      if (read === null) {
        value = context.key;
        if (value.length === 0) value = null;
      } else value = bucketingString(read(context));
      if (value === null) return missing;
      if (layerBucket !== null) {
        const b = layerBucket(value);
        if (b < layerStart || b >= layerEnd) return null;
      }
      const b = bucket(value);
      for (let i = 0; i < count; i++) if (b < ends[i]! && b >= starts[i]!) return results[i]!;
      return null;
    };
  }

  /** Whether the caller's default fits; unknown types accept anything so the MALFORMED error can surface. */
  acceptsDefault(value: unknown): boolean {
    return acceptsDefault(this.type, value);
  }

  /** The result before the caller's default is applied (errors have variation null). */
  resolve(context: EvaluationContext): Result {
    if (this.malformed !== null) return this.malformed;
    if (!this.enabled) return this.offResult;
    if (this.hasSchedule) {
      const now = this.now();
      if (!(now >= this.startsAt && now < this.endsAt)) return this.scheduledOffResult;
    }
    const prerequisites = this.prerequisites;
    for (let i = 0; i < prerequisites.length; i++) {
      const p = prerequisites[i]!;
      if (p.flag === null) return p.failed;
      if (!p.passes(p.flag.resolve(context))) return p.failed;
    }
    if (this.targets !== null) {
      const hit = this.targets.get(context.key);
      if (hit !== undefined) return hit;
    }
    const rules = this.rules;
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r]!;
      const conditions = rule.conditions;
      let matched = true;
      for (let c = 0; c < conditions.length; c++) {
        if (!conditions[c]!(context)) {
          matched = false;
          break;
        }
      }
      if (matched) {
        const served = rule.serve(context);
        if (served !== null) return served;
      }
    }
    return this.fallthrough(context) ?? this.notEnrolledResult;
  }

  private prerequisiteList(): Prerequisite[] {
    const list = this.flag.environment?.prerequisites;
    return Array.isArray(list) ? list : [];
  }

  prerequisiteNode(): PrerequisiteNode {
    return { key: this.key, prerequisites: this.prerequisiteList() };
  }

  /** Second compile pass, once every flag exists: prerequisites point at compiled flags, cyclic ones always fail. */
  linkPrerequisites(lookup: Map<string, FlagEvaluator>, components: Map<string, number>): void {
    this.prerequisites = this.prerequisiteList().map((p) => {
      const target = typeof p?.flagKey === 'string' ? lookup.get(p.flagKey) : undefined;
      const cyclic = target !== undefined && components.get(this.key) === components.get(target.key);
      const reason = reasons.prerequisiteFailed(String(p?.flagKey));
      const failed = this.result(this.flag.environment?.offVariation, reason);
      return { flag: target && !cyclic ? target : null, passes: prerequisiteTest(p), failed };
    });
  }
}

function isContext(context: unknown): context is EvaluationContext {
  return (
    context !== null && typeof context === 'object' && typeof (context as { key?: unknown }).key === 'string'
  );
}

class CompiledFlagSetImpl implements CompiledFlagSet {
  readonly environment: string;
  readonly version: number;
  private readonly byKey = new Map<string, FlagEvaluator>();
  private readonly ordered: FlagEvaluator[] = [];

  constructor(flagSet: FlagSet, options: CompileOptions) {
    this.environment = String(flagSet?.environment ?? '');
    this.version = typeof flagSet?.version === 'number' ? flagSet.version : 0;
    const now = options.now ?? Date.now;
    const env: ConditionEnvironment = { segment: compileSegments(flagSet?.segments ?? []) };
    const flags = (Array.isArray(flagSet?.flags) ? flagSet.flags : []).filter(
      (f) => f && typeof f.key === 'string' && f.archived !== true,
    );
    for (const flag of flags) {
      // The first definition of a key wins.
      if (this.byKey.has(flag.key)) continue;
      const evaluator = new FlagEvaluator(flag, env, now);
      this.byKey.set(flag.key, evaluator);
      this.ordered.push(evaluator);
    }
    const components = prerequisiteComponents(this.ordered.map((e) => e.prerequisiteNode()));
    for (const evaluator of this.ordered) evaluator.linkPrerequisites(this.byKey, components);
  }

  evaluate<T = unknown>(flagKey: string, context: EvaluationContext, defaultValue?: T): EvaluationResult<T> {
    const flag = this.byKey.get(flagKey);
    if (flag === undefined) {
      const reason = reasons.errorReason('FLAG_NOT_FOUND', `flag "${String(flagKey)}" does not exist`);
      return errorResult(String(flagKey), reason, defaultValue) as EvaluationResult<T>;
    }
    return this.evaluateFlag(flag, context, defaultValue) as EvaluationResult<T>;
  }

  private evaluateFlag(flag: FlagEvaluator, context: EvaluationContext, defaultValue: unknown): Result {
    if (defaultValue !== undefined && !flag.acceptsDefault(defaultValue)) {
      const reason = reasons.errorReason('TYPE_MISMATCH', `default value does not fit flag "${flag.key}"`);
      return errorResult(flag.key, reason, defaultValue);
    }
    try {
      // Inside the try: reading `key` may run a getter that throws.
      if (!isContext(context)) {
        const reason = reasons.errorReason(
          'INVALID_CONTEXT',
          'context must be an object with a string "key"',
        );
        return errorResult(flag.key, reason, defaultValue);
      }
      const result = flag.resolve(context);
      return result.variation === null ? errorResult(flag.key, result.reason, defaultValue) : result;
    } catch (error) {
      // Context getters that throw, or stack exhaustion on a pathological prerequisite chain: report, never throw.
      const reason = reasons.errorReason('GENERAL', error instanceof Error ? error.message : String(error));
      return errorResult(flag.key, reason, defaultValue);
    }
  }

  evaluateAll(context: EvaluationContext): EvaluationResult[] {
    const results: EvaluationResult[] = new Array(this.ordered.length);
    for (let i = 0; i < this.ordered.length; i++)
      results[i] = this.evaluateFlag(this.ordered[i]!, context, undefined);
    return results;
  }

  keys(): string[] {
    return this.ordered.map((e) => e.key);
  }
}

export function compileFlagSet(flagSet: FlagSet, options: CompileOptions = {}): CompiledFlagSet {
  return new CompiledFlagSetImpl(flagSet, options);
}
