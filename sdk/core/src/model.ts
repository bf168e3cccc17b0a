// The evaluation data model shared by the flags subgraph, the experiments subgraph and the SDKs.
// Plain data only: everything here can be serialised to JSON and shipped to a client.

import type { OperatorName } from './operator-names';

export type FlagType = 'BOOLEAN' | 'STRING' | 'NUMBER' | 'JSON';

export interface Variation {
  key: string;
  value: unknown;
  name?: string | null;
  description?: string | null;
}

/** Every operator's name; see sdk/core/README.md for each one's exact meaning. */
export type Operator = OperatorName;

export interface Condition {
  attribute: string;
  operator: Operator;
  values: unknown[];
  negate?: boolean;
  /**
   * Compare strings ignoring case (String.prototype.toLowerCase on both sides): equals, notEquals, in, notIn,
   * contains, startsWith, endsWith, stringGt/Gte/Lt/Lte, anyOf, allOf, noneOf; for `matches` it is the `i` flag.
   */
  caseInsensitive?: boolean | null;
  /** `matches` only: distinct letters of "ims" (JavaScript's meaning; `i` is the same as caseInsensitive). */
  regexFlags?: string | null;
}

/** `weight` is a percentage (0..100) with at most 3 decimals, i.e. 0.001 % steps. */
export interface WeightedVariation {
  variation: string;
  weight: number;
}

export interface Rollout {
  /** Weights sum to 100. */
  variations: WeightedVariation[];
  /** Attribute path to bucket by; defaults to the context key. */
  bucketBy?: string | null;
  /** Hash salt; defaults to the flag key. */
  salt?: string | null;
  /**
   * When an experiment runs on this rollout only `coverage` (0..1) of users are enrolled: variation i's bucket
   * range is [cumStart_i, cumStart_i + weight_i * coverage). A user outside every range is not enrolled and
   * evaluation continues with the next rule / fallthrough. With a layer, a user is only eligible when
   * bucket(`${layer.key}:${bucketingValue}`) falls in [layer.rangeStart, layer.rangeEnd) (percent 0..100).
   */
  experiment?: {
    key: string;
    coverage: number;
    layer?: { key: string; rangeStart: number; rangeEnd: number } | null;
  } | null;
}

export type Serve = { variation: string; rollout?: undefined } | { rollout: Rollout; variation?: undefined };

export interface Rule {
  id: string;
  description?: string | null;
  conditions: Condition[];
  serve: Serve;
}

/**
 * The parent flag, evaluated with the same context, must serve `variation`, or any of `variations`, or (with
 * `off: true`) not serve at all: switched off, outside its schedule, or its own prerequisites failed. Exactly one
 * of the three forms per prerequisite.
 */
export interface Prerequisite {
  flagKey: string;
  variation?: string | null;
  variations?: string[] | null;
  off?: boolean | null;
}

export interface Target {
  variation: string;
  values: string[];
}

export interface FlagEnvironmentConfig {
  enabled: boolean;
  offVariation: string;
  targets: Target[];
  rules: Rule[];
  fallthrough: Serve;
  /** ISO timestamps; outside the window the flag serves offVariation. */
  startsAt?: string | null;
  endsAt?: string | null;
  prerequisites: Prerequisite[];
}

export interface FlagConfig {
  key: string;
  type: FlagType;
  variations: Variation[];
  archived: boolean;
  version: number;
  environment: FlagEnvironmentConfig;
}

export interface SegmentRule {
  id: string;
  conditions: Condition[];
}

export interface Segment {
  key: string;
  included: string[];
  excluded: string[];
  rules: SegmentRule[];
}

export interface FlagSet {
  environment: string;
  /** The project whose flags these are (issue 19); absent from sets served before projects. */
  project?: string;
  version: number;
  flags: FlagConfig[];
  segments: Segment[];
}

export type EvaluationContext = { key: string; [attribute: string]: unknown };

export type ReasonKind =
  | 'OFF'
  | 'SCHEDULED_OFF'
  | 'PREREQUISITE_FAILED'
  | 'TARGET_MATCH'
  | 'RULE_MATCH'
  | 'FALLTHROUGH'
  | 'ERROR';

export type ErrorCode = 'FLAG_NOT_FOUND' | 'TYPE_MISMATCH' | 'MALFORMED_FLAG' | 'INVALID_CONTEXT' | 'GENERAL';

export interface EvaluationReason {
  kind: ReasonKind;
  ruleId?: string;
  ruleIndex?: number;
  prerequisiteKey?: string;
  errorCode?: ErrorCode;
  errorMessage?: string;
  inExperiment?: boolean;
  experimentKey?: string;
  bucketingAttributeMissing?: boolean;
}

export interface EvaluationResult<T = unknown> {
  key: string;
  value: T;
  variation: string | null;
  reason: EvaluationReason;
}
