// Public types of the statistics engine. These are the contract the GraphQL layer maps from,
// so every field is documented here; docs/statistics.md gives the formulas behind them.
//
// Conventions
// - A value that is undefined for a row is `null`, never NaN or Infinity (for example the
//   uplift of the control against itself, or a rate with zero users).
// - Whenever something is null or degenerate, `notes` on the same object says why in a sentence.
// - Rates, means, uplifts and losses are in the metric's own units (a rate is a fraction
//   0..1, not a percentage); relative uplift is a fraction (0.05 = +5 %).

/**
 * How a metric is analysed. CONVERSION uses proportions; MEAN and COUNT use Welch's t-test; RATIO
 * (delta method) and QUANTILE (order-statistic intervals) come with each variant's estimate and
 * standard error (`VariantSummary.estimated`) and use a z-test of the difference.
 */
export type MetricKind = 'CONVERSION' | 'MEAN' | 'COUNT' | 'RATIO' | 'QUANTILE';

/** A variant's estimate computed outside the sums (RATIO, QUANTILE): value, standard error, interval. */
export interface EstimatedValue {
  value: number | null;
  standardError: number | null;
  interval: Interval | null;
  /** Why something is null. */
  notes: string[];
}

/** Sufficient statistics of one variant, as kept by the analytics rollups. */
export interface VariantSummary {
  /** Variant key, unique within the experiment. */
  variant: string;
  /** Configured traffic weight in percent (any non-negative scale works; only ratios matter). */
  weight: number;
  /** Exposed unique users. */
  users: number;
  /** Users who converted (CONVERSION metrics; ignored otherwise). */
  conversions: number;
  /** Sum over users of the per-user metric value (equals `conversions` for CONVERSION). */
  sum: number;
  /** Sum over users of the squared per-user metric value. */
  sumSquares: number;
  /** Sum over users of the cubed per-user value: optional, enables the skewness check (MEAN/COUNT). */
  sumCubes?: number;
  /** RATIO and QUANTILE: the variant's estimate (sum and sumSquares are then ignored). */
  estimated?: EstimatedValue;
}

/** A point estimate with a two-sided interval at the analysis' confidence level. */
export interface Estimate {
  estimate: number;
  lower: number;
  upper: number;
}

/** A two-sided interval at the analysis' confidence level. */
export interface Interval {
  lower: number;
  upper: number;
}

/**
 * Why a row has (or lacks) results.
 * - OK: everything computed.
 * - INSUFFICIENT_DATA: too few users for a variance (fewer than 2) or none at all.
 * - ZERO_VARIANCE: no variation in either group, so the test statistic is undefined.
 * - INVALID_INPUT: the summary is inconsistent (negative counts, conversions > users, …).
 */
export type ResultStatus = 'OK' | 'INSUFFICIENT_DATA' | 'ZERO_VARIANCE' | 'INVALID_INPUT';

/**
 * Overall state of an analysis.
 * - NO_VARIANTS / SINGLE_VARIANT: nothing to compare.
 * - INSUFFICIENT_DATA: the control cannot be analysed (no users, or a single user).
 * - INVALID_INPUT: the control's summary is invalid, or `controlVariant` names no variant.
 */
export type AnalysisStatus = 'OK' | 'NO_VARIANTS' | 'SINGLE_VARIANT' | 'INSUFFICIENT_DATA' | 'INVALID_INPUT';

/**
 * The frequentist test behind `pValue`: for CONVERSION the z-test of the difference of rates with
 * the unpooled (Wald) standard error, the same one the interval uses; Welch's t-test otherwise.
 */
export type TestMethod = 'TWO_PROPORTION_Z_TEST' | 'WELCH_T_TEST' | 'DELTA_METHOD_Z_TEST' | 'QUANTILE_Z_TEST';

/** TWO_SIDED: any difference; ONE_SIDED: only an effect in the metric's good direction is tested. */
export type TestSides = 'TWO_SIDED' | 'ONE_SIDED';

/** Correction across every variant × metric comparison analysed together. */
export type MultipleTestingCorrection = 'HOLM' | 'BENJAMINI_HOCHBERG';

/**
 * How the verdict of each comparison is reached: one test, one interval, one level. The uplift
 * intervals of every row are at `intervalLevel`, the level the correction leaves for a single
 * comparison, so an interval excludes "no effect" exactly when `significant` is true.
 */
export interface ComparisonMethod {
  test: TestMethod;
  sides: TestSides;
  correction: MultipleTestingCorrection;
  /** Size of the family the correction ran over. */
  comparisons: number;
  /**
   * Confidence level of `absoluteUplift` and `relativeUplift`: 1 − α′ (two-sided) or 1 − 2α′
   * (one-sided, so its bound on the good side is the one-sided bound), where α′ is α/(m − R) for
   * Holm (R rejections of m) and max(R, 1)·α/m for Benjamini–Hochberg.
   */
  intervalLevel: number;
}

/**
 * BETTER / WORSE: significant, in the metric's good / bad direction. INCONCLUSIVE: tested, not
 * significant. NOT_TESTED: no test (control, missing data, zero variance). A one-sided test
 * never says WORSE: it does not test for harm.
 */
export type Decision = 'BETTER' | 'WORSE' | 'INCONCLUSIVE' | 'NOT_TESTED';

/** Machine-readable reasons to read a result with care; `message` says it in a sentence. */
export type WarningCode =
  | 'LOW_COUNTS'
  | 'SKEWED'
  | 'NEAR_ZERO_CONTROL'
  | 'NON_POSITIVE_CONTROL'
  | 'SAMPLE_RATIO_MISMATCH'
  | 'SEQUENTIAL_ASSUMPTIONS';

export interface AnalysisWarning {
  code: WarningCode;
  /** The variant concerned, or null for the whole metric. */
  variant: string | null;
  message: string;
}

/**
 * Informative normal prior on the relative effect (treatment / control − 1) for the Bayesian
 * view; it is scaled to metric units by the control mean. Without it the prior is flat
 * (conversions: uniform Beta(1, 1) per variant).
 */
export interface EffectPrior {
  mean: number;
  standardDeviation: number;
}

/** Always-valid (sequential) inference for one variant against control. */
export interface SequentialComparison {
  /** Always-valid p-value: P(ever ≤ α under H0) ≤ α, so it may be checked after every update. */
  pValue: number;
  /** `pValue` after Holm–Bonferroni across the same family as the fixed-horizon p-values. */
  adjustedPValue: number | null;
  /**
   * adjustedPValue ≤ alpha. Valid at any time only while `assumptionsMet` (enough data for the
   * normal approximation); otherwise it is no safer than the fixed-horizon verdict.
   */
  significant: boolean;
  /** No LOW_COUNTS or SKEWED warning for this comparison: the peeking guarantee applies. */
  assumptionsMet: boolean;
  /** Difference (variant − control) with its always-valid confidence sequence, at the level the correction leaves (as the fixed-horizon intervals). */
  absoluteUplift: Estimate;
  /** Variance τ² of the normal mixing distribution actually used (metric units squared). */
  mixingVariance: number;
}

/** Per-variant statistics and, for non-control variants, the comparison with control. */
export interface VariantResult {
  variant: string;
  isControl: boolean;
  /** Configured weight, echoed from the input. */
  weight: number;
  users: number;
  /** Converted users (CONVERSION only, else null). */
  conversions: number | null;
  /** conversions / users (CONVERSION only, else null). */
  rate: number | null;
  /** Per-user mean (for CONVERSION this equals `rate`). */
  mean: number | null;
  /** Sample variance of the per-user values, divisor n − 1. */
  variance: number | null;
  /**
   * Standard error of `mean`: √(variance / n) for MEAN/COUNT; for CONVERSION the binomial
   * √(p(1−p)/n) that the z-test's confidence interval uses.
   */
  standardError: number | null;
  /** Confidence interval of the rate (Wilson score) or mean (Student t). */
  interval: Interval | null;
  /** users / minSampleSize capped at 1; null without a minimum sample size. */
  progress: number | null;
  /** Variant − control, with its interval at `method.intervalLevel` (null for the control). */
  absoluteUplift: Estimate | null;
  /**
   * Variant / control − 1 with Fieller's interval from the same test statistic and level as the
   * absolute interval, so both agree with `significant`. Null for the control, and when the
   * control mean is ≤ 0 or not distinguishable from 0 (the ratio then has no bounded interval).
   */
  relativeUplift: Estimate | null;
  /** z (CONVERSION) or t (MEAN/COUNT) statistic of the test against control. */
  statistic: number | null;
  /** Welch–Satterthwaite degrees of freedom (MEAN/COUNT only). */
  degreesOfFreedom: number | null;
  /** Fixed-horizon p-value against control (one-sided in the good direction when `method.sides` is ONE_SIDED). */
  pValue: number | null;
  /** p-value adjusted by `method.correction` across every variant × metric comparison analysed together. */
  adjustedPValue: number | null;
  /** adjustedPValue ≤ alpha (fixed-horizon: valid only when read once, at the planned sample size). */
  significant: boolean;
  /** The verdict `significant` and the intervals stand for. */
  decision: Decision;
  /** Posterior probability that the variant is better than control (direction from higherIsBetter). */
  chanceToBeatControl: number | null;
  /** Posterior expected loss of shipping the variant instead of control, in metric units. */
  expectedLoss: number | null;
  /** Always-valid results when the analysis was run with `sequential: true`. */
  sequential: SequentialComparison | null;
  status: ResultStatus;
  notes: string[];
}

/** Sample-ratio mismatch check: chi-square goodness of fit of users against weights. */
export interface SrmResult {
  pValue: number | null;
  statistic: number | null;
  degreesOfFreedom: number | null;
  /** pValue < threshold: the split of users does not match the configured weights. */
  warning: boolean;
  threshold: number;
  /** Expected users per variant (same order as `variants`). */
  expected: number[];
  /** Observed users per variant (same order as `variants`). */
  observed: number[];
  notes: string[];
}

/** How the sequential mixture was tuned. */
export interface SequentialSettings {
  method: 'NORMAL_MIXTURE_MSPRT';
  /** Users per variant at which the confidence sequence is tightest. */
  tuningSampleSize: number;
  /** Where tuningSampleSize came from. */
  tuningSource: 'INPUT' | 'MIN_SAMPLE_SIZE' | 'DEFAULT';
}

/** Results of one metric of one experiment. */
export interface ExperimentAnalysis {
  /** Metric key when analysed through analyzeMetrics, else the input's `metric` or null. */
  metric: string | null;
  kind: MetricKind;
  test: TestMethod;
  higherIsBetter: boolean;
  alpha: number;
  /** 1 − alpha: the level of every interval in this result. */
  confidenceLevel: number;
  controlVariant: string | null;
  variants: VariantResult[];
  srm: SrmResult;
  minSampleSize: number | null;
  /** Share of the required sample collected: Σ min(users, N) / (variants × N); null without N. */
  progress: number | null;
  sequential: SequentialSettings | null;
  /** Size of the family these p-values were corrected over. */
  comparisons: number;
  /** Test, sides, correction and interval level behind every row's verdict. */
  method: ComparisonMethod;
  /** The Bayesian view's prior on the relative effect, or null for a flat prior. */
  prior: EffectPrior | null;
  warnings: AnalysisWarning[];
  status: AnalysisStatus;
  notes: string[];
}

/** Options shared by single- and multi-metric analysis. */
export interface AnalysisOptions {
  /** Family-wise error rate (default 0.05); intervals use confidence level 1 − alpha. */
  alpha?: number;
  /** Users per variant the experiment was planned for. */
  minSampleSize?: number;
  /** Also compute always-valid p-values and confidence sequences. */
  sequential?: boolean;
  /** Users per variant at which the sequential interval should be tightest (default minSampleSize, else 5000). */
  sequentialTuningSampleSize?: number;
  /** Control variant key (default: a variant named `control`, else the first). */
  controlVariant?: string;
  /** Correction across comparisons (default HOLM). */
  correction?: MultipleTestingCorrection;
}

/** Per-metric analysis settings. */
export interface MetricSettings {
  /** Test only for an effect in the good direction (default false: two-sided). */
  oneSided?: boolean;
  /** Informative prior on the relative effect for the Bayesian view (default flat). */
  prior?: EffectPrior | null;
}

export interface ExperimentInput extends AnalysisOptions, MetricSettings {
  kind: MetricKind;
  higherIsBetter: boolean;
  variants: VariantSummary[];
  /** Optional metric key echoed in the result. */
  metric?: string;
}

export interface MetricInput extends MetricSettings {
  metric: string;
  kind: MetricKind;
  higherIsBetter: boolean;
  variants: VariantSummary[];
}

export interface MultiMetricInput extends AnalysisOptions {
  metrics: MetricInput[];
}

export interface MultiMetricAnalysis {
  alpha: number;
  /** Size of the correction's family (all variant × metric comparisons with a p-value). */
  comparisons: number;
  correction: MultipleTestingCorrection;
  metrics: ExperimentAnalysis[];
  notes: string[];
}

/** One day of cumulative summaries, for the daily time series. */
export interface DailySummaries {
  /** Day label, passed through (e.g. ISO date). */
  date: string;
  variants: VariantSummary[];
}

export interface DailyVariantPoint {
  variant: string;
  /** Cumulative users up to and including this day. */
  users: number;
  /** Users added since the previous day (null on the first day or if the total went down). */
  newUsers: number | null;
  /** Cumulative rate (CONVERSION) or mean (MEAN/COUNT). */
  estimate: number | null;
  /** Interval of `estimate` at the confidence level (Wilson for rates, t for means). */
  interval: Interval | null;
  notes: string[];
}

export interface DailyPoint {
  date: string;
  variants: DailyVariantPoint[];
}

export interface DailySeriesInput {
  kind: MetricKind;
  /** Intervals use 1 − alpha (default 0.05 → 95 %). */
  alpha?: number;
  days: DailySummaries[];
}
