import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { SubgraphContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  DateTime: { input: Date | string; output: Date | string; }
  JSON: { input: unknown; output: unknown; }
  _FieldSet: { input: unknown; output: unknown; }
};

/**
 * OK; NO_VARIANTS / SINGLE_VARIANT: nothing to compare; INSUFFICIENT_DATA: the control has fewer
 * than 2 users; INVALID_INPUT: inconsistent data (see notes).
 */
export type AnalysisStatus =
  | 'INSUFFICIENT_DATA'
  | 'INVALID_INPUT'
  | 'NO_VARIANTS'
  | 'OK'
  | 'SINGLE_VARIANT';

/** The capping a result was computed with. */
export type AppliedCapping = {
  __typename?: 'AppliedCapping';
  /** Users whose value was above the cap. */
  cappedUsers: Scalars['Int']['output'];
  /** The cap in metric units actually applied (for PERCENTILE, computed from this experiment's pooled users); null when nothing could be capped. */
  threshold?: Maybe<Scalars['Float']['output']>;
  type: CapType;
  value: Scalars['Float']['output'];
};

/** One metric's results split by the values of one exposure attribute. */
export type Breakdown = {
  __typename?: 'Breakdown';
  alpha: Scalars['Float']['output'];
  /** Size of the corrected family (`slices { method }`): every variant × slice comparison of this breakdown. */
  comparisons: Scalars['Int']['output'];
  dimension: Scalars['String']['output'];
  metricKey: Scalars['String']['output'];
  /** Includes the warning that slices are exploratory. */
  notes: Array<Scalars['String']['output']>;
  /** Most users first; at most 20, the rest together as `(other)`; users without the attribute as `(not recorded)`. */
  slices: Array<BreakdownSlice>;
};

/** The users of one attribute value, analysed like a metric of their own. */
export type BreakdownSlice = {
  __typename?: 'BreakdownSlice';
  confidenceLevel: Scalars['Float']['output'];
  controlVariant?: Maybe<Scalars['String']['output']>;
  kind: MetricKind;
  /** Test, sides, correction and interval level behind every verdict of this slice (the main results' sides and correction). */
  method: ComparisonMethod;
  notes: Array<Scalars['String']['output']>;
  sampleRatio: SampleRatioCheck;
  status: AnalysisStatus;
  test: TestMethod;
  users: Scalars['Int']['output'];
  value: Scalars['String']['output'];
  variants: Array<VariantResult>;
};

export type CapType =
  /** Every per-user value above `value` (metric units) counts as `value`. */
  | 'FIXED'
  /** Winsorized at the `value` quantile (e.g. 0.99) of the pooled per-user values of all variants. */
  | 'PERCENTILE';

/**
 * How every verdict of a metric's results is reached: one test, one correction, one interval level.
 * An interval at `intervalLevel` excludes 0 exactly when its comparison is significant.
 */
export type ComparisonMethod = {
  __typename?: 'ComparisonMethod';
  /** Size of the corrected family. */
  comparisons: Scalars['Int']['output'];
  correction: MultipleTestingCorrection;
  /** Level of `absoluteUplift` and `relativeUplift`: what the correction leaves for one comparison (two-sided 1 − α′; one-sided 1 − 2α′, whose good-side bound is the one-sided bound). */
  intervalLevel: Scalars['Float']['output'];
  sides: TestSides;
  test: TestMethod;
};

export type CreateMetricInput = {
  /** MEAN and COUNT only; null removes capping. */
  capping?: InputMaybe<MetricCappingInput>;
  conversionWindowHours?: Scalars['Int']['input'];
  /** RATIO only (required there). */
  denominatorEventName?: InputMaybe<Scalars['String']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  eventName: Scalars['String']['input'];
  guardrailThreshold?: InputMaybe<Scalars['Float']['input']>;
  higherIsBetter?: Scalars['Boolean']['input'];
  key: Scalars['String']['input'];
  kind: MetricKind;
  name: Scalars['String']['input'];
  oneSided?: InputMaybe<Scalars['Boolean']['input']>;
  /** null makes the prior flat again. */
  prior?: InputMaybe<EffectPriorInput>;
  /** The project to create the metric in; default when omitted. */
  project?: InputMaybe<Scalars['String']['input']>;
  /** QUANTILE only (required there): 0.5, 0.95, 0.99 or any 0 < q < 1. */
  quantile?: InputMaybe<Scalars['Float']['input']>;
};

/**
 * CUPED (Deng et al. 2013): each user's value y is adjusted by their value x of the same metric in
 * the pre-period (the metric's window length just before their first exposure): y − θ(x − x̄).
 */
export type CupedComparison = {
  __typename?: 'CupedComparison';
  /** Adjusted variant − control, Welch interval at the level the correction leaves (as the unadjusted `method.intervalLevel`): it excludes 0 exactly when `significant`. */
  absoluteUplift?: Maybe<EstimateInterval>;
  /** ȳ − θ(x̄ of the variant − x̄ of all users). */
  adjustedMean?: Maybe<Scalars['Float']['output']>;
  /** Adjusted by the experiment's `multipleTestingCorrection` over its CUPED comparisons (every variant × metric, as unadjusted). */
  adjustedPValue?: Maybe<Scalars['Float']['output']>;
  /** The verdict of the adjusted comparison, decided as the unadjusted `decision` is. */
  decision: Decision;
  notes: Array<Scalars['String']['output']>;
  /** Welch p-value of the adjusted difference: two-sided, or one-sided in the good direction for a one-sided metric. */
  pValue?: Maybe<Scalars['Float']['output']>;
  /** Adjusted variant / adjusted control − 1, Fieller interval at the same level. */
  relativeUplift?: Maybe<EstimateInterval>;
  /** adjustedPValue ≤ alpha. */
  significant: Scalars['Boolean']['output'];
  standardError?: Maybe<Scalars['Float']['output']>;
  /** Sample variance of the adjusted per-user values. */
  variance?: Maybe<Scalars['Float']['output']>;
  /** 1 − adjusted / unadjusted variance of this variant's per-user values. */
  varianceReduction?: Maybe<Scalars['Float']['output']>;
};

/** How CUPED applied to a metric. */
export type CupedStatus =
  /** The control has fewer than 2 users. */
  | 'INSUFFICIENT_DATA'
  /** CUPED adjusts per-user means: a RATIO or QUANTILE metric is analysed without it (the unadjusted results stand). */
  | 'NOT_APPLICABLE'
  /** No user's pre-exposure value varies: nothing to adjust by. */
  | 'NO_PRE_DATA'
  | 'OK';

/** How CUPED adjusted this metric. */
export type CupedSummary = {
  __typename?: 'CupedSummary';
  /** Pooled within-variant correlation of pre- and post-exposure values. */
  correlation?: Maybe<Scalars['Float']['output']>;
  notes: Array<Scalars['String']['output']>;
  /** The pre-period: this many hours (the metric's window) before each user's first exposure. */
  preWindowHours: Scalars['Int']['output'];
  status: CupedStatus;
  /** Regression coefficient Cov(x, y) / Var(x), pooled within variants. */
  theta?: Maybe<Scalars['Float']['output']>;
  /** correlation²: the share of the variance the adjustment removes; intervals narrow by √(1 − this). */
  varianceReduction?: Maybe<Scalars['Float']['output']>;
};

export type DailyPoint = {
  __typename?: 'DailyPoint';
  /** UTC date, YYYY-MM-DD. */
  date: Scalars['String']['output'];
  variants: Array<DailyVariantPoint>;
};

/** One variant on one day: cumulative over users first exposed up to that day. */
export type DailyVariantPoint = {
  __typename?: 'DailyVariantPoint';
  /** Rate (CONVERSION) or mean. */
  estimate?: Maybe<Scalars['Float']['output']>;
  interval?: Maybe<Interval>;
  newUsers?: Maybe<Scalars['Int']['output']>;
  notes: Array<Scalars['String']['output']>;
  users: Scalars['Int']['output'];
  variant: Scalars['String']['output'];
};

/** The verdict of one comparison, as its intervals show it. */
export type Decision =
  /** Significant, in the metric's good direction. */
  | 'BETTER'
  /** Tested, not significant. */
  | 'INCONCLUSIVE'
  /** No test: the control, missing data or zero variance. */
  | 'NOT_TESTED'
  /** Significant, in the metric's bad direction (two-sided tests only). */
  | 'WORSE';

/** Normal prior on the relative effect (0.05 = +5 %) for the Bayesian view. */
export type EffectPrior = {
  __typename?: 'EffectPrior';
  mean: Scalars['Float']['output'];
  standardDeviation: Scalars['Float']['output'];
};

export type EffectPriorInput = {
  mean: Scalars['Float']['input'];
  /** Positive, e.g. 0.1 for ±10 %. */
  standardDeviation: Scalars['Float']['input'];
};

/** A point estimate with its interval. */
export type EstimateInterval = {
  __typename?: 'EstimateInterval';
  estimate: Scalars['Float']['output'];
  lower: Scalars['Float']['output'];
  upper: Scalars['Float']['output'];
};

/**
 * One analytics event. EXPOSURE needs `experimentKey` and `variant`; CONVERSION needs `eventName`;
 * EVALUATION (flag usage, usually aggregated) carries the flag key in `eventName`, the variation key
 * in `variant`, the number of evaluations in `value` (default 1) and `properties.environment`.
 * `properties.project` names the event's project (see `trackEvents`).
 */
export type EventInput = {
  /** Idempotency key: an event whose id was already stored is accepted and ignored. */
  eventId: Scalars['String']['input'];
  /** The metric event name, e.g. `purchase`. */
  eventName?: InputMaybe<Scalars['String']['input']>;
  /** Must name an existing experiment; `variant` must then be one of its variants. */
  experimentKey?: InputMaybe<Scalars['String']['input']>;
  /** At most 8 KB of JSON. */
  properties?: InputMaybe<Scalars['JSON']['input']>;
  /** Defaults to the time the event is received; at most 5 minutes ahead and 30 days back. */
  timestamp?: InputMaybe<Scalars['DateTime']['input']>;
  type: EventType;
  userKey: Scalars['String']['input'];
  /** Must be finite, e.g. the revenue of a purchase. */
  value?: InputMaybe<Scalars['Float']['input']>;
  variant?: InputMaybe<Scalars['String']['input']>;
};

export type EventResult = {
  __typename?: 'EventResult';
  accepted: Scalars['Boolean']['output'];
  duplicate: Scalars['Boolean']['output'];
  eventId: Scalars['String']['output'];
  /** Why the event was rejected; null when accepted. */
  reason?: Maybe<Scalars['String']['output']>;
};

/**
 * Raw event retention: events older than `rawEventDays` are deleted in batches by a scheduled job; the
 * rollups computed from them (results, usage) remain.
 */
export type EventRetention = {
  __typename?: 'EventRetention';
  /** The last run deleted events older than this. */
  lastCutoff?: Maybe<Scalars['DateTime']['output']>;
  lastDeleted: Scalars['Int']['output'];
  lastRunAt?: Maybe<Scalars['DateTime']['output']>;
  nextRunAt: Scalars['DateTime']['output'];
  oldestEventAt?: Maybe<Scalars['DateTime']['output']>;
  /** RAW_EVENT_RETENTION_DAYS (default 400). */
  rawEventDays: Scalars['Float']['output'];
  totalDeleted: Scalars['Int']['output'];
};

export type EventType =
  | 'CONVERSION'
  | 'CUSTOM'
  | 'EVALUATION'
  | 'EXPOSURE';

/** An experiment of the experiments subgraph, named by its project and key (keys are unique within a project). */
export type Experiment = {
  __typename?: 'Experiment';
  alpha: Scalars['Float']['output'];
  /** Results of every metric of the experiment, corrected together (one family). */
  analysis: ExperimentAnalysis;
  analysisPeriod: Scalars['Int']['output'];
  analysisStartedAt?: Maybe<Scalars['DateTime']['output']>;
  /**
   * Results of one metric split by one context attribute recorded with exposures (`exposureAttributes`),
   * e.g. country. Exploratory: p-values are corrected across every variant × slice by the experiment's
   * `multipleTestingCorrection`; each slice is tested with the metric's sides and prior, as its main results.
   */
  breakdown: Breakdown;
  /** Unique users exposed to the experiment. */
  exposures: Scalars['Int']['output'];
  guardrailMetrics: Array<Scalars['String']['output']>;
  key: Scalars['String']['output'];
  minSampleSize?: Maybe<Scalars['Int']['output']>;
  multipleTestingCorrection: MultipleTestingCorrection;
  primaryMetric?: Maybe<Scalars['String']['output']>;
  project: Scalars['String']['output'];
  /**
   * Results of one metric. `significant` is corrected (the experiment's `multipleTestingCorrection`)
   * across every variant of every metric of the experiment (primary, secondary, guardrail, and this
   * one), at the experiment's alpha. `sequential: true` adds always-valid p-values and intervals,
   * safe to peek at while their assumptions hold (`assumptionsMet`).
   */
  results: MetricResults;
  secondaryMetrics: Array<Scalars['String']['output']>;
  variants: Array<ExperimentVariant>;
};


/** An experiment of the experiments subgraph, named by its project and key (keys are unique within a project). */
export type ExperimentAnalysisArgs = {
  sequential?: InputMaybe<Scalars['Boolean']['input']>;
};


/** An experiment of the experiments subgraph, named by its project and key (keys are unique within a project). */
export type ExperimentBreakdownArgs = {
  dimension: Scalars['String']['input'];
  metricKey: Scalars['String']['input'];
};


/** An experiment of the experiments subgraph, named by its project and key (keys are unique within a project). */
export type ExperimentResultsArgs = {
  metricKey: Scalars['String']['input'];
  sequential?: InputMaybe<Scalars['Boolean']['input']>;
};

export type ExperimentAnalysis = {
  __typename?: 'ExperimentAnalysis';
  alpha: Scalars['Float']['output'];
  comparisons: Scalars['Int']['output'];
  metrics: Array<MetricResults>;
  notes: Array<Scalars['String']['output']>;
};

export type ExperimentVariant = {
  __typename?: 'ExperimentVariant';
  key: Scalars['String']['output'];
  weight: Scalars['Float']['output'];
};

export type Flag = {
  __typename?: 'Flag';
  key: Scalars['String']['output'];
  project: Scalars['String']['output'];
  /**
   * Evaluations reported by SDKs and server-side evaluate over the last `days` days (UTC), of this flag in its
   * own project (a flag of the same key in another project is counted apart).
   */
  usage: FlagUsage;
};


export type FlagUsageArgs = {
  days?: InputMaybe<Scalars['Int']['input']>;
  environment?: InputMaybe<Scalars['String']['input']>;
};

export type FlagActivity = {
  __typename?: 'FlagActivity';
  /** Evaluations in the last `days` days. */
  evaluations: Scalars['Float']['output'];
  flagKey: Scalars['String']['output'];
  lastEvaluatedAt: Scalars['DateTime']['output'];
  /** Variations served in the last `days` days. */
  variations: Array<Scalars['String']['output']>;
};

export type FlagUsage = {
  __typename?: 'FlagUsage';
  /** Evaluations per variation per day, oldest first; days without evaluations are left out. */
  daily: Array<FlagUsageDay>;
  days: Scalars['Int']['output'];
  /** Evaluations in the period. */
  evaluations: Scalars['Float']['output'];
  flagKey: Scalars['String']['output'];
  /** The most recent evaluation ever recorded, or null if none. */
  lastEvaluatedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Evaluations per variation in the period, most first. */
  variations: Array<VariationUsage>;
};

export type FlagUsageDay = {
  __typename?: 'FlagUsageDay';
  /** UTC date, YYYY-MM-DD. */
  date: Scalars['String']['output'];
  evaluations: Scalars['Float']['output'];
  variation: Scalars['String']['output'];
};

/** One variation against every other variation pooled (the users not yet released to). */
export type FlagVariationComparison = {
  __typename?: 'FlagVariationComparison';
  /** Both sides have at least 30 valued events (the normal approximation's minimum). */
  assumptionsMet: Scalars['Boolean']['output'];
  /** Variation − others, in metric units. */
  difference?: Maybe<Scalars['Float']['output']>;
  notes: Array<Scalars['String']['output']>;
  others: Array<Scalars['String']['output']>;
  /** Fixed-horizon two-sided p-value (z-test). */
  pValue?: Maybe<Scalars['Float']['output']>;
  /** Always-valid interval of `difference` at 1 − alpha. */
  sequentialLower?: Maybe<Scalars['Float']['output']>;
  /** Always-valid (mSPRT) p-value: may be checked every minute without inflating false alarms. */
  sequentialPValue?: Maybe<Scalars['Float']['output']>;
  sequentialUpper?: Maybe<Scalars['Float']['output']>;
  /** sequentialPValue ≤ alpha. */
  significant: Scalars['Boolean']['output'];
  standardError?: Maybe<Scalars['Float']['output']>;
  /** MEAN (of values) or QUANTILE. */
  statistic: Scalars['String']['output'];
  variation: Scalars['String']['output'];
  /** significant, and the difference is in the metric's bad direction (higherIsBetter). */
  worse: Scalars['Boolean']['output'];
};

export type FlagVariationMetric = {
  __typename?: 'FlagVariationMetric';
  /** With `variation`: that variation against all others. */
  comparison?: Maybe<FlagVariationComparison>;
  environment: Scalars['String']['output'];
  flagKey: Scalars['String']['output'];
  higherIsBetter: Scalars['Boolean']['output'];
  kind: MetricKind;
  metricKey: Scalars['String']['output'];
  notes: Array<Scalars['String']['output']>;
  since: Scalars['DateTime']['output'];
  variations: Array<FlagVariationValues>;
};

/**
 * One variation's events of a metric since a time, for release guards: the metric's events whose
 * `properties.flags` map the flag to this variation and whose `properties.environment` is the
 * environment. Event-level: each event is one observation.
 */
export type FlagVariationValues = {
  __typename?: 'FlagVariationValues';
  /** Evaluations of the flag serving this variation (EVALUATION events' counts) since `since`. */
  evaluations: Scalars['Float']['output'];
  /** The metric's events attributed to this variation. */
  events: Scalars['Int']['output'];
  /** events / evaluations (e.g. errors per evaluation); null without evaluations. */
  eventsPerEvaluation?: Maybe<Scalars['Float']['output']>;
  /** Mean `value` of the valued events (e.g. an error rate when each request sends 0 or 1). */
  mean?: Maybe<Scalars['Float']['output']>;
  /** The requested quantile of the values with its 95 % order-statistic interval (null bounds: too few values for that tail). */
  quantile?: Maybe<QuantileEstimate>;
  /** Distinct users among `events`. */
  users: Scalars['Int']['output'];
  /** Events with a `value`: the observations of `mean` and `quantile`. */
  valuedEvents: Scalars['Int']['output'];
  /** Sample variance of the values (divisor n − 1). */
  variance?: Maybe<Scalars['Float']['output']>;
  variation: Scalars['String']['output'];
};

/** A two-sided interval at the analysis' confidence level (1 − alpha). */
export type Interval = {
  __typename?: 'Interval';
  lower: Scalars['Float']['output'];
  upper: Scalars['Float']['output'];
};

/**
 * Metrics live in projects (issue 19). The graph never enters this subgraph by `key` alone (`resolvable: false`):
 * it would name the default project's metric of that key, whatever project the metric is in.
 */
export type Metric = {
  __typename?: 'Metric';
  /** Capping of per-user values before analysis (null: none). */
  capping?: Maybe<MetricCapping>;
  /** Events count when they happen within this many hours after the user's first exposure. */
  conversionWindowHours: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** RATIO: the `eventName` of the denominator's events (e.g. `session`); null otherwise. */
  denominatorEventName?: Maybe<Scalars['String']['output']>;
  description?: Maybe<Scalars['String']['output']>;
  /** The `eventName` of the CONVERSION or CUSTOM events this metric counts (RATIO: the numerator's). */
  eventName: Scalars['String']['output'];
  /**
   * Largest acceptable relative degradation when used as a guardrail (0.02 = 2 %): the guardrail
   * is violated when the whole confidence interval of the relative uplift is worse than this.
   */
  guardrailThreshold?: Maybe<Scalars['Float']['output']>;
  higherIsBetter: Scalars['Boolean']['output'];
  /** Immutable identifier, `^[a-z0-9][a-z0-9._-]{0,127}$`, unique within the project. */
  key: Scalars['String']['output'];
  kind: MetricKind;
  name: Scalars['String']['output'];
  /** Test only for an effect in the good direction (higherIsBetter). */
  oneSided: Scalars['Boolean']['output'];
  /** Informative prior on the relative effect for the Bayesian view (null: flat). */
  prior?: Maybe<EffectPrior>;
  /** The project the metric belongs to; its experiments are that project's. */
  project: Scalars['String']['output'];
  /** QUANTILE: the quantile reported, 0 < q < 1 (0.95 = p95); null otherwise. */
  quantile?: Maybe<Scalars['Float']['output']>;
  /** The latest rebuild of this metric's rollups from raw events (queued on creation and on a change of kind, event or window). */
  rebuild?: Maybe<MetricRebuild>;
  updatedAt: Scalars['DateTime']['output'];
  /** Incremented on every change; send it back as `expectedVersion`. */
  version: Scalars['Int']['output'];
};

/** Capping of per-user values before analysis (MEAN and COUNT metrics), against heavy tails. */
export type MetricCapping = {
  __typename?: 'MetricCapping';
  type: CapType;
  value: Scalars['Float']['output'];
};

export type MetricCappingInput = {
  type: CapType;
  /** FIXED: a positive cap in metric units; PERCENTILE: a quantile between 0 and 1. */
  value: Scalars['Float']['input'];
};

/** How a metric turns a user's events into one number per user. */
export type MetricKind =
  /** 1 when the user fired the event within the window after first exposure, else 0. */
  | 'CONVERSION'
  /** The number of events within the window. */
  | 'COUNT'
  /** The sum of the events' `value` within the window (e.g. revenue per user). */
  | 'MEAN'
  /**
   * The `quantile` (0.5, 0.95, 0.99) of the per-user values, each user's mean `value` of `eventName`
   * in the window, among users with such an event (e.g. p95 latency), with an order-statistic interval.
   */
  | 'QUANTILE'
  /**
   * Σ numerator / Σ denominator over the variant's users: each user's total of `eventName` over their
   * total of `denominatorEventName` in the window (an event's `value`, or 1 without one; e.g. revenue
   * per session), with the delta-method variance (users are the randomised units).
   */
  | 'RATIO';

/**
 * Power / minimum-detectable-effect plan for an experiment on one metric, from the metric's recent
 * history (fixed-horizon, two-sided, equal split; each comparison with control at alpha / (variants − 1)).
 */
export type MetricPower = {
  __typename?: 'MetricPower';
  alpha: Scalars['Float']['output'];
  /** Per-user mean of the metric in the period (the rate for CONVERSION). */
  baselineMean?: Maybe<Scalars['Float']['output']>;
  /** Users with an exposure, conversion or custom event in the period: the baseline's denominator. */
  baselineUsers: Scalars['Int']['output'];
  /** Per-user variance (p(1 − p) for CONVERSION). */
  baselineVariance?: Maybe<Scalars['Float']['output']>;
  /** The level each comparison with control is planned at: alpha / (variants − 1). */
  comparisonAlpha: Scalars['Float']['output'];
  /** The history read: events of the last `days` days. */
  days: Scalars['Int']['output'];
  /** Days to collect totalSampleSize if every active user of the period entered the experiment. */
  estimatedDays?: Maybe<Scalars['Float']['output']>;
  kind: MetricKind;
  metricKey: Scalars['String']['output'];
  /** With `sampleSizePerVariant` given: the smallest relative effect detectable with it. */
  minimumDetectableEffect?: Maybe<Scalars['Float']['output']>;
  notes: Array<Scalars['String']['output']>;
  power: Scalars['Float']['output'];
  relativeEffect: Scalars['Float']['output'];
  /** Users per variant to detect `relativeEffect` with `power`: the suggested minSampleSize. */
  sampleSizePerVariant?: Maybe<Scalars['Int']['output']>;
  status: PowerStatus;
  totalSampleSize?: Maybe<Scalars['Int']['output']>;
  variants: Scalars['Int']['output'];
};

/**
 * A rebuild of one metric's rollups. It runs in the background, never inside the mutation that
 * changed the metric, and survives restarts: a replica that dies mid-rebuild hands it over.
 */
export type MetricRebuild = {
  __typename?: 'MetricRebuild';
  attempts: Scalars['Int']['output'];
  /** Why the last attempt failed. */
  error?: Maybe<Scalars['String']['output']>;
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The metric version the rebuild applies (a later change while it waits folds into it). */
  metricVersion: Scalars['Int']['output'];
  requestedAt: Scalars['DateTime']['output'];
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  status: MetricRebuildStatus;
};

export type MetricRebuildStatus =
  /** The rollups follow the metric's definition of `metricVersion`. */
  | 'DONE'
  /** Gave up after repeated failures; `error` says why. The next change of the metric queues a new one. */
  | 'FAILED'
  /** Queued; a background worker on some replica will take it. */
  | 'PENDING'
  | 'RUNNING';

export type MetricResults = {
  __typename?: 'MetricResults';
  alpha: Scalars['Float']['output'];
  /**
   * The analysis period counted: 1, plus one per restart. Each period counts the users exposed in
   * it (returning users again) and their conversions after that exposure.
   */
  analysisPeriod: Scalars['Int']['output'];
  /** Users first exposed before this time are left out (day granularity). */
  analysisStartedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The capping these numbers were computed with (null: uncapped). */
  capping?: Maybe<AppliedCapping>;
  /** Size of the corrected family. */
  comparisons: Scalars['Int']['output'];
  confidenceLevel: Scalars['Float']['output'];
  controlVariant?: Maybe<Scalars['String']['output']>;
  /** CUPED for this metric; each variant's adjusted numbers are in `variants { cuped }`. */
  cuped: CupedSummary;
  /** Per day, per variant, for charts. */
  daily: Array<DailyPoint>;
  higherIsBetter: Scalars['Boolean']['output'];
  kind: MetricKind;
  /** Test, sides, correction and interval level behind every verdict of this metric. */
  method: ComparisonMethod;
  metric: Metric;
  metricKey: Scalars['String']['output'];
  minSampleSize?: Maybe<Scalars['Int']['output']>;
  notes: Array<Scalars['String']['output']>;
  /** The Bayesian view's prior on the relative effect (null: flat). */
  prior?: Maybe<EffectPrior>;
  /** Share of the planned sample collected, 0–1. */
  progress?: Maybe<Scalars['Float']['output']>;
  role: MetricRole;
  sampleRatio: SampleRatioCheck;
  sequential?: Maybe<SequentialSettings>;
  /**
   * True while a rebuild of the metric's rollups is queued or running (after a change of its kind,
   * event or window): until it finishes the numbers may still follow the previous definition.
   * Progress: `metric { rebuild { status } }`.
   */
  stale: Scalars['Boolean']['output'];
  status: AnalysisStatus;
  test: TestMethod;
  variants: Array<VariantResult>;
  /** Reasons to read these results with care (low counts, skew, control near 0, sample ratio). */
  warnings: Array<ResultWarning>;
};

/** The role a metric plays in an experiment. */
export type MetricRole =
  | 'GUARDRAIL'
  /** Asked for, but not one of the experiment's metrics. */
  | 'OTHER'
  | 'PRIMARY'
  | 'SECONDARY';

/** Correction across every variant × metric comparison of an analysis. */
export type MultipleTestingCorrection =
  /** Benjamini–Hochberg: false discovery rate ≤ alpha (more findings among many comparisons). */
  | 'BENJAMINI_HOCHBERG'
  /** Holm–Bonferroni: family-wise error rate ≤ alpha. */
  | 'HOLM';

export type Mutation = {
  __typename?: 'Mutation';
  createMetric: Metric;
  /** Refused (CONFLICT, naming them) while any experiment of its project, archived ones included, uses the metric. */
  deleteMetric: Scalars['Boolean']['output'];
  /** Rebuilds the experiment's exposures and rollups from raw events. */
  recomputeRollups: RecomputeRollupsPayload;
  /**
   * Up to 1,000 events per call; each event gets its own result. The events belong to `project`: exposures count
   * for its experiment of `experimentKey`, evaluations for its flag, conversions and custom events are its
   * project's. Without `project`, an SDK key's events are its own project's; a person's events are the project
   * each one names in `properties.project`, else `default`. An event naming another project than the call's
   * (or the key's), a project that does not exist, or one the caller may not write events in is rejected with
   * its reason. NOT_FOUND naming `project` when unknown; FORBIDDEN without `events:write` there.
   */
  trackEvents: TrackEventsPayload;
  updateMetric: Metric;
};


export type MutationCreateMetricArgs = {
  input: CreateMetricInput;
};


export type MutationDeleteMetricArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type MutationRecomputeRollupsArgs = {
  experimentKey: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type MutationTrackEventsArgs = {
  events: Array<EventInput>;
  project?: InputMaybe<Scalars['String']['input']>;
};


export type MutationUpdateMetricArgs = {
  expectedVersion: Scalars['Int']['input'];
  input: UpdateMetricInput;
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};

/** OK, or INSUFFICIENT_DATA: no baseline to plan from (see notes). */
export type PowerStatus =
  | 'INSUFFICIENT_DATA'
  | 'OK';

export type QuantileEstimate = {
  __typename?: 'QuantileEstimate';
  estimate: Scalars['Float']['output'];
  lower?: Maybe<Scalars['Float']['output']>;
  q: Scalars['Float']['output'];
  upper?: Maybe<Scalars['Float']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** The audit:read permission (every role; not SDK keys). */
  eventRetention: EventRetention;
  /** Context attributes recorded with exposures (EXPOSURE_ATTRIBUTES): the dimensions of `Experiment.breakdown`. */
  exposureAttributes: Array<Scalars['String']['output']>;
  /**
   * Every flag of `project` (`default` when omitted) evaluated at least once (in `environment`, or any): when
   * last, and what it served in the last `days` days. The flags subgraph derives each flag's lifecycle from it.
   */
  flagActivity: Array<FlagActivity>;
  /**
   * Per-variation values of a metric for one flag and environment since a time, for release guards
   * (p95 latency, error rate) and the release timeline; `variation` adds its sequential comparison
   * with the other variations. Reads raw events since `since` (at most 31 days back).
   */
  flagVariationMetric: FlagVariationMetric;
  /** A metric of the project (default when omitted; NOT_FOUND naming `project` when unknown). */
  metric?: Maybe<Metric>;
  /**
   * Power calculator for the experiment wizard: users per variant needed to detect a relative
   * effect on the metric (its suggested minSampleSize), and, given a sample size, the minimum
   * detectable effect. The baseline comes from the metric's events of the last `days` days.
   */
  metricPower: MetricPower;
  /** The project's metrics (default when omitted). */
  metrics: Array<Metric>;
  /**
   * The project's unarchived flags (`default` when omitted; NOT_FOUND naming `project` when unknown), older than
   * `days`, that no one evaluated in that project or that served one variation to everyone for `days` days.
   * `Flag.lifecycle` derives its STALE state the same way.
   */
  staleFlags: Array<StaleFlag>;
};


export type QueryFlagActivityArgs = {
  days?: InputMaybe<Scalars['Int']['input']>;
  environment?: InputMaybe<Scalars['String']['input']>;
  project?: InputMaybe<Scalars['String']['input']>;
};


export type QueryFlagVariationMetricArgs = {
  alpha?: Scalars['Float']['input'];
  environment: Scalars['String']['input'];
  flagKey: Scalars['String']['input'];
  metricKey: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
  quantile?: InputMaybe<Scalars['Float']['input']>;
  since: Scalars['DateTime']['input'];
  variation?: InputMaybe<Scalars['String']['input']>;
};


export type QueryMetricArgs = {
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type QueryMetricPowerArgs = {
  alpha?: Scalars['Float']['input'];
  days?: Scalars['Int']['input'];
  metricKey: Scalars['String']['input'];
  power?: Scalars['Float']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
  relativeEffect?: Scalars['Float']['input'];
  sampleSizePerVariant?: InputMaybe<Scalars['Int']['input']>;
  variants?: Scalars['Int']['input'];
};


export type QueryMetricsArgs = {
  project?: InputMaybe<Scalars['String']['input']>;
};


export type QueryStaleFlagsArgs = {
  days?: InputMaybe<Scalars['Int']['input']>;
  environment?: InputMaybe<Scalars['String']['input']>;
  project?: InputMaybe<Scalars['String']['input']>;
};

export type RecomputeRollupsPayload = {
  __typename?: 'RecomputeRollupsPayload';
  experimentKey: Scalars['String']['output'];
  /** Users with a non-zero value of some metric. */
  userMetricValues: Scalars['Int']['output'];
  /** Unique exposed users after the rebuild. */
  users: Scalars['Int']['output'];
};

/** Why a row has (or lacks) numbers; `notes` explain it in words. */
export type ResultStatus =
  | 'INSUFFICIENT_DATA'
  | 'INVALID_INPUT'
  | 'OK'
  | 'ZERO_VARIANCE';

/** A reason to read a result with care. */
export type ResultWarning = {
  __typename?: 'ResultWarning';
  code: ResultWarningCode;
  message: Scalars['String']['output'];
  /** The variant concerned, or null for the whole metric. */
  variant?: Maybe<Scalars['String']['output']>;
};

export type ResultWarningCode =
  /** Fewer than 10 conversions or non-conversions in a variant, or fewer than 30 users for a mean. */
  | 'LOW_COUNTS'
  /** The control mean is within noise of 0: no relative uplift. */
  | 'NEAR_ZERO_CONTROL'
  /** The control mean is 0 or negative: no relative uplift. */
  | 'NON_POSITIVE_CONTROL'
  | 'SAMPLE_RATIO_MISMATCH'
  /** The sequential result's peeking guarantee does not hold (low counts or skew). */
  | 'SEQUENTIAL_ASSUMPTIONS'
  /** Fewer users than 355 × skewness² (the normal approximation does not hold yet); cap the metric. */
  | 'SKEWED';

/** Chi-square test of the observed users against the configured weights. */
export type SampleRatioCheck = {
  __typename?: 'SampleRatioCheck';
  degreesOfFreedom?: Maybe<Scalars['Int']['output']>;
  expected: Array<Scalars['Float']['output']>;
  notes: Array<Scalars['String']['output']>;
  observed: Array<Scalars['Int']['output']>;
  pValue?: Maybe<Scalars['Float']['output']>;
  statistic?: Maybe<Scalars['Float']['output']>;
  threshold: Scalars['Float']['output'];
  /** pValue < threshold (0.001): the split does not match the weights; distrust the results. */
  warning: Scalars['Boolean']['output'];
};

/** Always-valid (mSPRT) inference: may be checked after every update without inflating errors, while its normal approximation holds (`assumptionsMet`). */
export type SequentialComparison = {
  __typename?: 'SequentialComparison';
  /** Confidence sequence at the level the correction leaves. */
  absoluteUplift: EstimateInterval;
  adjustedPValue?: Maybe<Scalars['Float']['output']>;
  /** No LOW_COUNTS or SKEWED warning for this comparison: the peeking guarantee applies. */
  assumptionsMet: Scalars['Boolean']['output'];
  mixingVariance: Scalars['Float']['output'];
  pValue: Scalars['Float']['output'];
  /**
   * adjustedPValue ≤ alpha. Valid however often it is checked only while `assumptionsMet`; otherwise
   * it is no safer than the fixed-horizon verdict.
   */
  significant: Scalars['Boolean']['output'];
};

export type SequentialSettings = {
  __typename?: 'SequentialSettings';
  method: Scalars['String']['output'];
  /** Users per variant at which the always-valid interval is tightest. */
  tuningSampleSize: Scalars['Int']['output'];
  tuningSource: Scalars['String']['output'];
};

export type StaleFlag = {
  __typename?: 'StaleFlag';
  flag: Flag;
  lastEvaluatedAt?: Maybe<Scalars['DateTime']['output']>;
  reason: StaleReason;
  /** For SINGLE_VARIATION: the variation everyone got. */
  variation?: Maybe<Scalars['String']['output']>;
};

export type StaleReason =
  /** Not evaluated in the last N days (and older than N days). */
  | 'NOT_EVALUATED'
  /** Every evaluation in the last N days served the same variation. */
  | 'SINGLE_VARIATION';

/** Served by the gateway over WebSocket (graphql-ws). */
export type Subscription = {
  __typename?: 'Subscription';
  /** The experiment of the project (`default` when omitted), whenever its results change; at most one event per second. */
  experimentResultsUpdated: Experiment;
};


/** Served by the gateway over WebSocket (graphql-ws). */
export type SubscriptionExperimentResultsUpdatedArgs = {
  experimentKey: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};

/** The test behind a comparison's p-value and intervals. */
export type TestMethod =
  /** RATIO metrics: z-test of the difference of ratios, each with its delta-method standard error. */
  | 'DELTA_METHOD_Z_TEST'
  /** QUANTILE metrics: z-test of the difference of quantiles, each standard error read off its order-statistic interval. */
  | 'QUANTILE_Z_TEST'
  /** z-test of the difference of rates with the unpooled (Wald) standard error the interval uses. */
  | 'TWO_PROPORTION_Z_TEST'
  /** Welch's unequal-variance t-test with Welch–Satterthwaite degrees of freedom. */
  | 'WELCH_T_TEST';

export type TestSides =
  /** Only an effect in the metric's good direction (higherIsBetter) is tested; harm is not. */
  | 'ONE_SIDED'
  | 'TWO_SIDED';

export type TrackEventsPayload = {
  __typename?: 'TrackEventsPayload';
  accepted: Scalars['Int']['output'];
  duplicates: Scalars['Int']['output'];
  rejected: Scalars['Int']['output'];
  results: Array<EventResult>;
};

/** Only the fields given change. Changing kind, event or window queues a background rebuild of the metric's rollups (`Metric.rebuild`). */
export type UpdateMetricInput = {
  /** MEAN and COUNT only; null removes capping. */
  capping?: InputMaybe<MetricCappingInput>;
  conversionWindowHours?: InputMaybe<Scalars['Int']['input']>;
  denominatorEventName?: InputMaybe<Scalars['String']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  eventName?: InputMaybe<Scalars['String']['input']>;
  guardrailThreshold?: InputMaybe<Scalars['Float']['input']>;
  higherIsBetter?: InputMaybe<Scalars['Boolean']['input']>;
  kind?: InputMaybe<MetricKind>;
  name?: InputMaybe<Scalars['String']['input']>;
  oneSided?: InputMaybe<Scalars['Boolean']['input']>;
  /** null makes the prior flat again. */
  prior?: InputMaybe<EffectPriorInput>;
  quantile?: InputMaybe<Scalars['Float']['input']>;
};

/** One variant's numbers and, except for the control, its comparison with the control. */
export type VariantResult = {
  __typename?: 'VariantResult';
  /** Variant − control, interval at `method.intervalLevel` (agrees with `significant`). */
  absoluteUplift?: Maybe<EstimateInterval>;
  /** Adjusted by `method.correction` across the family (`comparisons`). */
  adjustedPValue?: Maybe<Scalars['Float']['output']>;
  /** Posterior probability the variant beats control (direction from higherIsBetter). */
  chanceToBeatControl?: Maybe<Scalars['Float']['output']>;
  /** Converted users (CONVERSION metrics only). */
  conversions?: Maybe<Scalars['Int']['output']>;
  /** The same comparison adjusted by each user's pre-exposure value of the metric (CUPED); the fields above are unadjusted. Null in breakdown slices. */
  cuped?: Maybe<CupedComparison>;
  /** The verdict: what `significant` and the intervals say, with its direction. */
  decision: Decision;
  degreesOfFreedom?: Maybe<Scalars['Float']['output']>;
  /** Posterior expected loss of shipping this variant, in metric units. */
  expectedLoss?: Maybe<Scalars['Float']['output']>;
  /**
   * For a guardrail metric with a threshold: the whole relative-uplift interval is worse than
   * −threshold; without a relative uplift (control mean ≤ 0 or near 0), the whole absolute interval
   * is worse than threshold × |control mean| in the metric's bad direction.
   */
  guardrailViolated?: Maybe<Scalars['Boolean']['output']>;
  /** Wilson interval of the rate, or Student t interval of the mean. */
  interval?: Maybe<Interval>;
  isControl: Scalars['Boolean']['output'];
  /** Per-user mean (equals `rate` for CONVERSION). */
  mean?: Maybe<Scalars['Float']['output']>;
  notes: Array<Scalars['String']['output']>;
  /** Fixed-horizon p-value against control (one-sided when `method.sides` is ONE_SIDED). */
  pValue?: Maybe<Scalars['Float']['output']>;
  /** users / minSampleSize, capped at 1. */
  progress?: Maybe<Scalars['Float']['output']>;
  /** conversions / users (CONVERSION only). */
  rate?: Maybe<Scalars['Float']['output']>;
  /**
   * Variant / control − 1 (0.05 = +5 %), Fieller interval from the same test and level. Null when
   * the control mean is ≤ 0 or within noise of 0 (a warning says which); read `absoluteUplift`.
   */
  relativeUplift?: Maybe<EstimateInterval>;
  sequential?: Maybe<SequentialComparison>;
  /** adjustedPValue ≤ alpha. */
  significant: Scalars['Boolean']['output'];
  standardError?: Maybe<Scalars['Float']['output']>;
  /** z (CONVERSION) or Welch t (MEAN, COUNT). */
  statistic?: Maybe<Scalars['Float']['output']>;
  status: ResultStatus;
  /** Unique exposed users. */
  users: Scalars['Int']['output'];
  /** Sample variance of the per-user values (divisor n − 1). */
  variance?: Maybe<Scalars['Float']['output']>;
  variant: Scalars['String']['output'];
  weight: Scalars['Float']['output'];
};

export type VariationUsage = {
  __typename?: 'VariationUsage';
  evaluations: Scalars['Float']['output'];
  variation: Scalars['String']['output'];
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Experiment: Experiment;
  Flag: Flag;
  Metric: Metric;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Experiment:
    ( { __typename: 'Experiment' }
    & GraphQLRecursivePick<FederationTypes['Experiment'], {"project":true,"key":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Experiment'], {"variants":{"key":true,"weight":true},"minSampleSize":true,"alpha":true,"multipleTestingCorrection":true,"primaryMetric":true,"secondaryMetrics":true,"guardrailMetrics":true,"analysisStartedAt":true,"analysisPeriod":true}>
        | GraphQLRecursivePick<FederationTypes['Experiment'], {"variants":{"key":true,"weight":true},"minSampleSize":true,"alpha":true,"multipleTestingCorrection":true,"primaryMetric":true,"secondaryMetrics":true,"guardrailMetrics":true,"analysisStartedAt":true,"analysisPeriod":true}>
        | GraphQLRecursivePick<FederationTypes['Experiment'], {"variants":{"key":true,"weight":true},"minSampleSize":true,"alpha":true,"multipleTestingCorrection":true,"primaryMetric":true,"secondaryMetrics":true,"guardrailMetrics":true,"analysisStartedAt":true,"analysisPeriod":true}>
        | GraphQLRecursivePick<FederationTypes['Experiment'], {"variants":{"key":true,"weight":true},"minSampleSize":true,"alpha":true,"multipleTestingCorrection":true,"primaryMetric":true,"secondaryMetrics":true,"guardrailMetrics":true,"analysisStartedAt":true,"analysisPeriod":true}>
        | GraphQLRecursivePick<FederationTypes['Experiment'], {"variants":{"key":true,"weight":true},"minSampleSize":true,"alpha":true,"multipleTestingCorrection":true,"primaryMetric":true,"secondaryMetrics":true,"guardrailMetrics":true,"analysisStartedAt":true,"analysisPeriod":true}>
        | GraphQLRecursivePick<FederationTypes['Experiment'], {"variants":{"key":true,"weight":true},"minSampleSize":true,"alpha":true,"multipleTestingCorrection":true,"primaryMetric":true,"secondaryMetrics":true,"guardrailMetrics":true,"analysisStartedAt":true,"analysisPeriod":true}>
        | GraphQLRecursivePick<FederationTypes['Experiment'], {"variants":{"key":true,"weight":true},"minSampleSize":true,"alpha":true,"multipleTestingCorrection":true,"primaryMetric":true,"secondaryMetrics":true,"guardrailMetrics":true,"analysisStartedAt":true,"analysisPeriod":true}> ) );
  Flag:
    ( { __typename: 'Flag' }
    & GraphQLRecursivePick<FederationTypes['Flag'], {"project":true,"key":true}> );
  Metric:
    ( { __typename: 'Metric' }
    & GraphQLRecursivePick<FederationTypes['Metric'], {"project":true,"key":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AnalysisStatus: ResolverTypeWrapper<Partial<AnalysisStatus>>;
  AppliedCapping: ResolverTypeWrapper<Partial<AppliedCapping>>;
  Int: ResolverTypeWrapper<Partial<Scalars['Int']['output']>>;
  Float: ResolverTypeWrapper<Partial<Scalars['Float']['output']>>;
  Breakdown: ResolverTypeWrapper<Partial<Breakdown>>;
  String: ResolverTypeWrapper<Partial<Scalars['String']['output']>>;
  BreakdownSlice: ResolverTypeWrapper<Partial<BreakdownSlice>>;
  CapType: ResolverTypeWrapper<Partial<CapType>>;
  ComparisonMethod: ResolverTypeWrapper<Partial<ComparisonMethod>>;
  CreateMetricInput: ResolverTypeWrapper<Partial<CreateMetricInput>>;
  Boolean: ResolverTypeWrapper<Partial<Scalars['Boolean']['output']>>;
  CupedComparison: ResolverTypeWrapper<Partial<CupedComparison>>;
  CupedStatus: ResolverTypeWrapper<Partial<CupedStatus>>;
  CupedSummary: ResolverTypeWrapper<Partial<CupedSummary>>;
  DailyPoint: ResolverTypeWrapper<Partial<DailyPoint>>;
  DailyVariantPoint: ResolverTypeWrapper<Partial<DailyVariantPoint>>;
  DateTime: ResolverTypeWrapper<Partial<Scalars['DateTime']['output']>>;
  Decision: ResolverTypeWrapper<Partial<Decision>>;
  EffectPrior: ResolverTypeWrapper<Partial<EffectPrior>>;
  EffectPriorInput: ResolverTypeWrapper<Partial<EffectPriorInput>>;
  EstimateInterval: ResolverTypeWrapper<Partial<EstimateInterval>>;
  EventInput: ResolverTypeWrapper<Partial<EventInput>>;
  EventResult: ResolverTypeWrapper<Partial<EventResult>>;
  EventRetention: ResolverTypeWrapper<Partial<EventRetention>>;
  EventType: ResolverTypeWrapper<Partial<EventType>>;
  Experiment: ResolverTypeWrapper<Partial<Experiment>>;
  ExperimentAnalysis: ResolverTypeWrapper<Partial<ExperimentAnalysis>>;
  ExperimentVariant: ResolverTypeWrapper<Partial<ExperimentVariant>>;
  Flag: ResolverTypeWrapper<Partial<Flag>>;
  FlagActivity: ResolverTypeWrapper<Partial<FlagActivity>>;
  FlagUsage: ResolverTypeWrapper<Partial<FlagUsage>>;
  FlagUsageDay: ResolverTypeWrapper<Partial<FlagUsageDay>>;
  FlagVariationComparison: ResolverTypeWrapper<Partial<FlagVariationComparison>>;
  FlagVariationMetric: ResolverTypeWrapper<Partial<FlagVariationMetric>>;
  FlagVariationValues: ResolverTypeWrapper<Partial<FlagVariationValues>>;
  Interval: ResolverTypeWrapper<Partial<Interval>>;
  JSON: ResolverTypeWrapper<Partial<Scalars['JSON']['output']>>;
  Metric: ResolverTypeWrapper<Partial<Metric>>;
  MetricCapping: ResolverTypeWrapper<Partial<MetricCapping>>;
  MetricCappingInput: ResolverTypeWrapper<Partial<MetricCappingInput>>;
  MetricKind: ResolverTypeWrapper<Partial<MetricKind>>;
  MetricPower: ResolverTypeWrapper<Partial<MetricPower>>;
  MetricRebuild: ResolverTypeWrapper<Partial<MetricRebuild>>;
  MetricRebuildStatus: ResolverTypeWrapper<Partial<MetricRebuildStatus>>;
  MetricResults: ResolverTypeWrapper<Partial<MetricResults>>;
  MetricRole: ResolverTypeWrapper<Partial<MetricRole>>;
  MultipleTestingCorrection: ResolverTypeWrapper<Partial<MultipleTestingCorrection>>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PowerStatus: ResolverTypeWrapper<Partial<PowerStatus>>;
  QuantileEstimate: ResolverTypeWrapper<Partial<QuantileEstimate>>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RecomputeRollupsPayload: ResolverTypeWrapper<Partial<RecomputeRollupsPayload>>;
  ResultStatus: ResolverTypeWrapper<Partial<ResultStatus>>;
  ResultWarning: ResolverTypeWrapper<Partial<ResultWarning>>;
  ResultWarningCode: ResolverTypeWrapper<Partial<ResultWarningCode>>;
  SampleRatioCheck: ResolverTypeWrapper<Partial<SampleRatioCheck>>;
  SequentialComparison: ResolverTypeWrapper<Partial<SequentialComparison>>;
  SequentialSettings: ResolverTypeWrapper<Partial<SequentialSettings>>;
  StaleFlag: ResolverTypeWrapper<Partial<StaleFlag>>;
  StaleReason: ResolverTypeWrapper<Partial<StaleReason>>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TestMethod: ResolverTypeWrapper<Partial<TestMethod>>;
  TestSides: ResolverTypeWrapper<Partial<TestSides>>;
  TrackEventsPayload: ResolverTypeWrapper<Partial<TrackEventsPayload>>;
  UpdateMetricInput: ResolverTypeWrapper<Partial<UpdateMetricInput>>;
  VariantResult: ResolverTypeWrapper<Partial<VariantResult>>;
  VariationUsage: ResolverTypeWrapper<Partial<VariationUsage>>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AppliedCapping: Partial<AppliedCapping>;
  Int: Partial<Scalars['Int']['output']>;
  Float: Partial<Scalars['Float']['output']>;
  Breakdown: Partial<Breakdown>;
  String: Partial<Scalars['String']['output']>;
  BreakdownSlice: Partial<BreakdownSlice>;
  ComparisonMethod: Partial<ComparisonMethod>;
  CreateMetricInput: Partial<CreateMetricInput>;
  Boolean: Partial<Scalars['Boolean']['output']>;
  CupedComparison: Partial<CupedComparison>;
  CupedSummary: Partial<CupedSummary>;
  DailyPoint: Partial<DailyPoint>;
  DailyVariantPoint: Partial<DailyVariantPoint>;
  DateTime: Partial<Scalars['DateTime']['output']>;
  EffectPrior: Partial<EffectPrior>;
  EffectPriorInput: Partial<EffectPriorInput>;
  EstimateInterval: Partial<EstimateInterval>;
  EventInput: Partial<EventInput>;
  EventResult: Partial<EventResult>;
  EventRetention: Partial<EventRetention>;
  Experiment: Partial<Experiment | FederationReferenceTypes['Experiment']>;
  ExperimentAnalysis: Partial<ExperimentAnalysis>;
  ExperimentVariant: Partial<ExperimentVariant>;
  Flag: Partial<Flag | FederationReferenceTypes['Flag']>;
  FlagActivity: Partial<FlagActivity>;
  FlagUsage: Partial<FlagUsage>;
  FlagUsageDay: Partial<FlagUsageDay>;
  FlagVariationComparison: Partial<FlagVariationComparison>;
  FlagVariationMetric: Partial<FlagVariationMetric>;
  FlagVariationValues: Partial<FlagVariationValues>;
  Interval: Partial<Interval>;
  JSON: Partial<Scalars['JSON']['output']>;
  Metric: Partial<Metric | FederationReferenceTypes['Metric']>;
  MetricCapping: Partial<MetricCapping>;
  MetricCappingInput: Partial<MetricCappingInput>;
  MetricPower: Partial<MetricPower>;
  MetricRebuild: Partial<MetricRebuild>;
  MetricResults: Partial<MetricResults>;
  Mutation: Record<PropertyKey, never>;
  QuantileEstimate: Partial<QuantileEstimate>;
  Query: Record<PropertyKey, never>;
  RecomputeRollupsPayload: Partial<RecomputeRollupsPayload>;
  ResultWarning: Partial<ResultWarning>;
  SampleRatioCheck: Partial<SampleRatioCheck>;
  SequentialComparison: Partial<SequentialComparison>;
  SequentialSettings: Partial<SequentialSettings>;
  StaleFlag: Partial<StaleFlag>;
  Subscription: Record<PropertyKey, never>;
  TrackEventsPayload: Partial<TrackEventsPayload>;
  UpdateMetricInput: Partial<UpdateMetricInput>;
  VariantResult: Partial<VariantResult>;
  VariationUsage: Partial<VariationUsage>;
}>;

export type AppliedCappingResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['AppliedCapping'] = ResolversParentTypes['AppliedCapping']> = ResolversObject<{
  cappedUsers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  threshold?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['CapType'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type BreakdownResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Breakdown'] = ResolversParentTypes['Breakdown']> = ResolversObject<{
  alpha?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  comparisons?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  dimension?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  metricKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  slices?: Resolver<Array<ResolversTypes['BreakdownSlice']>, ParentType, ContextType>;
}>;

export type BreakdownSliceResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['BreakdownSlice'] = ResolversParentTypes['BreakdownSlice']> = ResolversObject<{
  confidenceLevel?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  controlVariant?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['MetricKind'], ParentType, ContextType>;
  method?: Resolver<ResolversTypes['ComparisonMethod'], ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  sampleRatio?: Resolver<ResolversTypes['SampleRatioCheck'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['AnalysisStatus'], ParentType, ContextType>;
  test?: Resolver<ResolversTypes['TestMethod'], ParentType, ContextType>;
  users?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  variants?: Resolver<Array<ResolversTypes['VariantResult']>, ParentType, ContextType>;
}>;

export type ComparisonMethodResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ComparisonMethod'] = ResolversParentTypes['ComparisonMethod']> = ResolversObject<{
  comparisons?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  correction?: Resolver<ResolversTypes['MultipleTestingCorrection'], ParentType, ContextType>;
  intervalLevel?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  sides?: Resolver<ResolversTypes['TestSides'], ParentType, ContextType>;
  test?: Resolver<ResolversTypes['TestMethod'], ParentType, ContextType>;
}>;

export type CupedComparisonResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['CupedComparison'] = ResolversParentTypes['CupedComparison']> = ResolversObject<{
  absoluteUplift?: Resolver<Maybe<ResolversTypes['EstimateInterval']>, ParentType, ContextType>;
  adjustedMean?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  adjustedPValue?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  decision?: Resolver<ResolversTypes['Decision'], ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  pValue?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  relativeUplift?: Resolver<Maybe<ResolversTypes['EstimateInterval']>, ParentType, ContextType>;
  significant?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  standardError?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  variance?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  varianceReduction?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
}>;

export type CupedSummaryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['CupedSummary'] = ResolversParentTypes['CupedSummary']> = ResolversObject<{
  correlation?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  preWindowHours?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['CupedStatus'], ParentType, ContextType>;
  theta?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  varianceReduction?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
}>;

export type DailyPointResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['DailyPoint'] = ResolversParentTypes['DailyPoint']> = ResolversObject<{
  date?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  variants?: Resolver<Array<ResolversTypes['DailyVariantPoint']>, ParentType, ContextType>;
}>;

export type DailyVariantPointResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['DailyVariantPoint'] = ResolversParentTypes['DailyVariantPoint']> = ResolversObject<{
  estimate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  interval?: Resolver<Maybe<ResolversTypes['Interval']>, ParentType, ContextType>;
  newUsers?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  users?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  variant?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type EffectPriorResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['EffectPrior'] = ResolversParentTypes['EffectPrior']> = ResolversObject<{
  mean?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  standardDeviation?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type EstimateIntervalResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['EstimateInterval'] = ResolversParentTypes['EstimateInterval']> = ResolversObject<{
  estimate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  lower?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  upper?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type EventResultResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['EventResult'] = ResolversParentTypes['EventResult']> = ResolversObject<{
  accepted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  duplicate?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type EventRetentionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['EventRetention'] = ResolversParentTypes['EventRetention']> = ResolversObject<{
  lastCutoff?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastDeleted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lastRunAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  nextRunAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  oldestEventAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  rawEventDays?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  totalDeleted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ExperimentResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Experiment'] = ResolversParentTypes['Experiment'], FederationReferenceType extends FederationReferenceTypes['Experiment'] = FederationReferenceTypes['Experiment']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Experiment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  analysis?: Resolver<ResolversTypes['ExperimentAnalysis'], ParentType, ContextType, RequireFields<ExperimentAnalysisArgs, 'sequential'>>;
  breakdown?: Resolver<ResolversTypes['Breakdown'], ParentType, ContextType, RequireFields<ExperimentBreakdownArgs, 'dimension' | 'metricKey'>>;
  exposures?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  results?: Resolver<ResolversTypes['MetricResults'], ParentType, ContextType, RequireFields<ExperimentResultsArgs, 'metricKey' | 'sequential'>>;
}>;

export type ExperimentAnalysisResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ExperimentAnalysis'] = ResolversParentTypes['ExperimentAnalysis']> = ResolversObject<{
  alpha?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  comparisons?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  metrics?: Resolver<Array<ResolversTypes['MetricResults']>, ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type FlagResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Flag'] = ResolversParentTypes['Flag'], FederationReferenceType extends FederationReferenceTypes['Flag'] = FederationReferenceTypes['Flag']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Flag']> | FederationReferenceType, FederationReferenceType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  usage?: Resolver<ResolversTypes['FlagUsage'], ParentType, ContextType, RequireFields<FlagUsageArgs, 'days'>>;
}>;

export type FlagActivityResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['FlagActivity'] = ResolversParentTypes['FlagActivity']> = ResolversObject<{
  evaluations?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  flagKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastEvaluatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  variations?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type FlagUsageResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['FlagUsage'] = ResolversParentTypes['FlagUsage']> = ResolversObject<{
  daily?: Resolver<Array<ResolversTypes['FlagUsageDay']>, ParentType, ContextType>;
  days?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  evaluations?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  flagKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastEvaluatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  variations?: Resolver<Array<ResolversTypes['VariationUsage']>, ParentType, ContextType>;
}>;

export type FlagUsageDayResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['FlagUsageDay'] = ResolversParentTypes['FlagUsageDay']> = ResolversObject<{
  date?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  evaluations?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  variation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type FlagVariationComparisonResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['FlagVariationComparison'] = ResolversParentTypes['FlagVariationComparison']> = ResolversObject<{
  assumptionsMet?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  difference?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  others?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  pValue?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  sequentialLower?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  sequentialPValue?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  sequentialUpper?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  significant?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  standardError?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  statistic?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  variation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  worse?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type FlagVariationMetricResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['FlagVariationMetric'] = ResolversParentTypes['FlagVariationMetric']> = ResolversObject<{
  comparison?: Resolver<Maybe<ResolversTypes['FlagVariationComparison']>, ParentType, ContextType>;
  environment?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  flagKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  higherIsBetter?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['MetricKind'], ParentType, ContextType>;
  metricKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  since?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  variations?: Resolver<Array<ResolversTypes['FlagVariationValues']>, ParentType, ContextType>;
}>;

export type FlagVariationValuesResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['FlagVariationValues'] = ResolversParentTypes['FlagVariationValues']> = ResolversObject<{
  evaluations?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  events?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  eventsPerEvaluation?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  mean?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  quantile?: Resolver<Maybe<ResolversTypes['QuantileEstimate']>, ParentType, ContextType>;
  users?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  valuedEvents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  variance?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  variation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type IntervalResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Interval'] = ResolversParentTypes['Interval']> = ResolversObject<{
  lower?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  upper?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type MetricResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Metric'] = ResolversParentTypes['Metric'], FederationReferenceType extends FederationReferenceTypes['Metric'] = FederationReferenceTypes['Metric']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Metric']> | FederationReferenceType, FederationReferenceType, ContextType>;
  capping?: Resolver<Maybe<ResolversTypes['MetricCapping']>, ParentType, ContextType>;
  conversionWindowHours?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  denominatorEventName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  eventName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  guardrailThreshold?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  higherIsBetter?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['MetricKind'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  oneSided?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  prior?: Resolver<Maybe<ResolversTypes['EffectPrior']>, ParentType, ContextType>;
  project?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quantile?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  rebuild?: Resolver<Maybe<ResolversTypes['MetricRebuild']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type MetricCappingResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['MetricCapping'] = ResolversParentTypes['MetricCapping']> = ResolversObject<{
  type?: Resolver<ResolversTypes['CapType'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type MetricPowerResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['MetricPower'] = ResolversParentTypes['MetricPower']> = ResolversObject<{
  alpha?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  baselineMean?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  baselineUsers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  baselineVariance?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  comparisonAlpha?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  days?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  estimatedDays?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['MetricKind'], ParentType, ContextType>;
  metricKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  minimumDetectableEffect?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  power?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  relativeEffect?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  sampleSizePerVariant?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PowerStatus'], ParentType, ContextType>;
  totalSampleSize?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  variants?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type MetricRebuildResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['MetricRebuild'] = ResolversParentTypes['MetricRebuild']> = ResolversObject<{
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  metricVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  requestedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['MetricRebuildStatus'], ParentType, ContextType>;
}>;

export type MetricResultsResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['MetricResults'] = ResolversParentTypes['MetricResults']> = ResolversObject<{
  alpha?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  analysisPeriod?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  analysisStartedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  capping?: Resolver<Maybe<ResolversTypes['AppliedCapping']>, ParentType, ContextType>;
  comparisons?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  confidenceLevel?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  controlVariant?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  cuped?: Resolver<ResolversTypes['CupedSummary'], ParentType, ContextType>;
  daily?: Resolver<Array<ResolversTypes['DailyPoint']>, ParentType, ContextType>;
  higherIsBetter?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['MetricKind'], ParentType, ContextType>;
  method?: Resolver<ResolversTypes['ComparisonMethod'], ParentType, ContextType>;
  metric?: Resolver<ResolversTypes['Metric'], ParentType, ContextType>;
  metricKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  minSampleSize?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  prior?: Resolver<Maybe<ResolversTypes['EffectPrior']>, ParentType, ContextType>;
  progress?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  role?: Resolver<ResolversTypes['MetricRole'], ParentType, ContextType>;
  sampleRatio?: Resolver<ResolversTypes['SampleRatioCheck'], ParentType, ContextType>;
  sequential?: Resolver<Maybe<ResolversTypes['SequentialSettings']>, ParentType, ContextType>;
  stale?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['AnalysisStatus'], ParentType, ContextType>;
  test?: Resolver<ResolversTypes['TestMethod'], ParentType, ContextType>;
  variants?: Resolver<Array<ResolversTypes['VariantResult']>, ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['ResultWarning']>, ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  createMetric?: Resolver<ResolversTypes['Metric'], ParentType, ContextType, RequireFields<MutationCreateMetricArgs, 'input'>>;
  deleteMetric?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDeleteMetricArgs, 'key'>>;
  recomputeRollups?: Resolver<ResolversTypes['RecomputeRollupsPayload'], ParentType, ContextType, RequireFields<MutationRecomputeRollupsArgs, 'experimentKey'>>;
  trackEvents?: Resolver<ResolversTypes['TrackEventsPayload'], ParentType, ContextType, RequireFields<MutationTrackEventsArgs, 'events'>>;
  updateMetric?: Resolver<ResolversTypes['Metric'], ParentType, ContextType, RequireFields<MutationUpdateMetricArgs, 'expectedVersion' | 'input' | 'key'>>;
}>;

export type QuantileEstimateResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['QuantileEstimate'] = ResolversParentTypes['QuantileEstimate']> = ResolversObject<{
  estimate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  lower?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  q?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  upper?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  eventRetention?: Resolver<ResolversTypes['EventRetention'], ParentType, ContextType>;
  exposureAttributes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  flagActivity?: Resolver<Array<ResolversTypes['FlagActivity']>, ParentType, ContextType, RequireFields<QueryFlagActivityArgs, 'days'>>;
  flagVariationMetric?: Resolver<ResolversTypes['FlagVariationMetric'], ParentType, ContextType, RequireFields<QueryFlagVariationMetricArgs, 'alpha' | 'environment' | 'flagKey' | 'metricKey' | 'since'>>;
  metric?: Resolver<Maybe<ResolversTypes['Metric']>, ParentType, ContextType, RequireFields<QueryMetricArgs, 'key'>>;
  metricPower?: Resolver<ResolversTypes['MetricPower'], ParentType, ContextType, RequireFields<QueryMetricPowerArgs, 'alpha' | 'days' | 'metricKey' | 'power' | 'relativeEffect' | 'variants'>>;
  metrics?: Resolver<Array<ResolversTypes['Metric']>, ParentType, ContextType, Partial<QueryMetricsArgs>>;
  staleFlags?: Resolver<Array<ResolversTypes['StaleFlag']>, ParentType, ContextType, RequireFields<QueryStaleFlagsArgs, 'days'>>;
}>;

export type RecomputeRollupsPayloadResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['RecomputeRollupsPayload'] = ResolversParentTypes['RecomputeRollupsPayload']> = ResolversObject<{
  experimentKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  userMetricValues?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  users?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ResultWarningResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ResultWarning'] = ResolversParentTypes['ResultWarning']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ResultWarningCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  variant?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type SampleRatioCheckResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['SampleRatioCheck'] = ResolversParentTypes['SampleRatioCheck']> = ResolversObject<{
  degreesOfFreedom?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  expected?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  observed?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  pValue?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  statistic?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  threshold?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  warning?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type SequentialComparisonResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['SequentialComparison'] = ResolversParentTypes['SequentialComparison']> = ResolversObject<{
  absoluteUplift?: Resolver<ResolversTypes['EstimateInterval'], ParentType, ContextType>;
  adjustedPValue?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  assumptionsMet?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  mixingVariance?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  pValue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  significant?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type SequentialSettingsResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['SequentialSettings'] = ResolversParentTypes['SequentialSettings']> = ResolversObject<{
  method?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tuningSampleSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tuningSource?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type StaleFlagResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['StaleFlag'] = ResolversParentTypes['StaleFlag']> = ResolversObject<{
  flag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType>;
  lastEvaluatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['StaleReason'], ParentType, ContextType>;
  variation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  experimentResultsUpdated?: SubscriptionResolver<ResolversTypes['Experiment'], "experimentResultsUpdated", ParentType, ContextType, RequireFields<SubscriptionExperimentResultsUpdatedArgs, 'experimentKey'>>;
}>;

export type TrackEventsPayloadResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['TrackEventsPayload'] = ResolversParentTypes['TrackEventsPayload']> = ResolversObject<{
  accepted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  duplicates?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rejected?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  results?: Resolver<Array<ResolversTypes['EventResult']>, ParentType, ContextType>;
}>;

export type VariantResultResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['VariantResult'] = ResolversParentTypes['VariantResult']> = ResolversObject<{
  absoluteUplift?: Resolver<Maybe<ResolversTypes['EstimateInterval']>, ParentType, ContextType>;
  adjustedPValue?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  chanceToBeatControl?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  conversions?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  cuped?: Resolver<Maybe<ResolversTypes['CupedComparison']>, ParentType, ContextType>;
  decision?: Resolver<ResolversTypes['Decision'], ParentType, ContextType>;
  degreesOfFreedom?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  expectedLoss?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  guardrailViolated?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  interval?: Resolver<Maybe<ResolversTypes['Interval']>, ParentType, ContextType>;
  isControl?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  mean?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  pValue?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  progress?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  rate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  relativeUplift?: Resolver<Maybe<ResolversTypes['EstimateInterval']>, ParentType, ContextType>;
  sequential?: Resolver<Maybe<ResolversTypes['SequentialComparison']>, ParentType, ContextType>;
  significant?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  standardError?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  statistic?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ResultStatus'], ParentType, ContextType>;
  users?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  variance?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  variant?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  weight?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type VariationUsageResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['VariationUsage'] = ResolversParentTypes['VariationUsage']> = ResolversObject<{
  evaluations?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  variation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  AppliedCapping?: AppliedCappingResolvers<ContextType>;
  Breakdown?: BreakdownResolvers<ContextType>;
  BreakdownSlice?: BreakdownSliceResolvers<ContextType>;
  ComparisonMethod?: ComparisonMethodResolvers<ContextType>;
  CupedComparison?: CupedComparisonResolvers<ContextType>;
  CupedSummary?: CupedSummaryResolvers<ContextType>;
  DailyPoint?: DailyPointResolvers<ContextType>;
  DailyVariantPoint?: DailyVariantPointResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  EffectPrior?: EffectPriorResolvers<ContextType>;
  EstimateInterval?: EstimateIntervalResolvers<ContextType>;
  EventResult?: EventResultResolvers<ContextType>;
  EventRetention?: EventRetentionResolvers<ContextType>;
  Experiment?: ExperimentResolvers<ContextType>;
  ExperimentAnalysis?: ExperimentAnalysisResolvers<ContextType>;
  Flag?: FlagResolvers<ContextType>;
  FlagActivity?: FlagActivityResolvers<ContextType>;
  FlagUsage?: FlagUsageResolvers<ContextType>;
  FlagUsageDay?: FlagUsageDayResolvers<ContextType>;
  FlagVariationComparison?: FlagVariationComparisonResolvers<ContextType>;
  FlagVariationMetric?: FlagVariationMetricResolvers<ContextType>;
  FlagVariationValues?: FlagVariationValuesResolvers<ContextType>;
  Interval?: IntervalResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Metric?: MetricResolvers<ContextType>;
  MetricCapping?: MetricCappingResolvers<ContextType>;
  MetricPower?: MetricPowerResolvers<ContextType>;
  MetricRebuild?: MetricRebuildResolvers<ContextType>;
  MetricResults?: MetricResultsResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  QuantileEstimate?: QuantileEstimateResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RecomputeRollupsPayload?: RecomputeRollupsPayloadResolvers<ContextType>;
  ResultWarning?: ResultWarningResolvers<ContextType>;
  SampleRatioCheck?: SampleRatioCheckResolvers<ContextType>;
  SequentialComparison?: SequentialComparisonResolvers<ContextType>;
  SequentialSettings?: SequentialSettingsResolvers<ContextType>;
  StaleFlag?: StaleFlagResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  TrackEventsPayload?: TrackEventsPayloadResolvers<ContextType>;
  VariantResult?: VariantResultResolvers<ContextType>;
  VariationUsage?: VariationUsageResolvers<ContextType>;
}>;

