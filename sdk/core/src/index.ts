// @switchyard/core: the pure, dependency-free flag evaluation core shared by the flags subgraph, the experiments
// subgraph and the client SDK.

export * from './model';
export { murmur3_32 } from './murmur3';
export {
  BUCKET_COUNT,
  type AssignVariantInput,
  type Assignment,
  assignVariant,
  bucketOf,
  bucketRanges,
  chooseVariation,
  percentToBuckets,
} from './bucketing';
export { CASE_INSENSITIVE_OPERATORS, OPERATORS, VALUELESS_OPERATORS } from './operators';
export { type IpRange, parseCidr, parseIp } from './ip-range';
export { compareSemver, parseLooseVersion, parseSemver, type SemVer } from './semver';
export { MAX_PATTERN_LENGTH, MAX_REGEX_STATES, validateRegex } from './safe-regex';
export {
  MAX_CONTEXT_DEPTH,
  MAX_CONTEXT_SIZE,
  MAX_CONTEXT_STRING_LENGTH,
  contextProblem,
  contextSizeProblem,
} from './context-limits';
export { detectPrerequisiteCycle } from './prerequisites';
export { type CompileOptions, type CompiledFlagSet, compileFlagSet } from './compile';
export { type EvaluateFlagOptions, evaluateFlag } from './evaluate';
export {
  MAX_CONDITION_VALUES,
  type FlagValidationOptions,
  type SegmentKeys,
  type ValidationProblem,
  validateCondition,
  validateEnvironmentConfig,
  validateFlagConfig,
  validateServe,
} from './validate';
export { FLAG_TYPES, valueMatchesType } from './value-types';
export {
  FLAG_VALUE_TYPENAMES,
  GRAPH_FLAG_VALUE_FIELDS,
  type GraphFlagValue,
  toGraphFlagValue,
} from './flag-value';
export {
  type OpenFeatureErrorCode,
  type OpenFeatureReason,
  openFeatureErrorCode,
  openFeatureReason,
} from './openfeature-terms';
