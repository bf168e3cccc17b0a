// Public types of the statistics engine. These are the contract the GraphQL layer maps from,
// so every field is documented here; docs/statistics.md gives the formulas behind them.
//
// Conventions
// - A value that is undefined for a row is `null`, never NaN or Infinity (for example the
//   uplift of the control against itself, or a rate with zero users).
// - Whenever something is null or degenerate, `notes` on the same object says why in a sentence.
// - Rates, means, uplifts and losses are in the metric's own units (a rate is a fraction
//   0..1, not a percentage); relative uplift is a fraction (0.05 = +5 %).

/** How a metric is analysed. CONVERSION uses proportions; MEAN and COUNT use Welch's t-test. */
export type MetricKind = 'CONVERSION' | 'MEAN' | 'COUNT';

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

/** The frequentist test behind `pValue`. */
export type TestMethod = 'TWO_PROPORTION_Z_TEST' | 'WELCH_T_TEST';

/** Always-valid (sequential) inference for one variant against control. */
export interface SequentialComparison {
  /** Always-valid p-value: P(ever ≤ α under H0) ≤ α, so it may be checked after every update. */
  pValue: number;
  /** `pValue` after Holm–Bonferroni across the same family as the fixed-horizon p-values. */
  adjustedPValue: number | null;
  /** adjustedPValue ≤ alpha. Safe to act on at any time, unlike the fixed-horizon `significant`. */
  significant: boolean;
  /** Difference (variant − control) with its always-valid confidence interval. */
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
  /** Variant − control, with a confidence interval (null for the control). */
  absoluteUplift: Estimate | null;
  /** Variant / control − 1, delta-method interval; null for the control or a zero control mean. */
  relativeUplift: Estimate | null;
  /** z (CONVERSION) or t (MEAN/COUNT) statistic of the test against control. */
  statistic: number | null;
  /** Welch–Satterthwaite degrees of freedom (MEAN/COUNT only). */
  degreesOfFreedom: number | null;
  /** Two-sided fixed-horizon p-value against control. */
  pValue: number | null;
  /** Holm–Bonferroni adjusted p-value across every variant × metric comparison analysed together. */
  adjustedPValue: number | null;
  /** adjustedPValue ≤ alpha (fixed-horizon: valid only when read once, at the planned sample size). */
  significant: boolean;
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
  /** Size of the Holm–Bonferroni family these p-values were corrected over. */
  comparisons: number;
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
}

export interface ExperimentInput extends AnalysisOptions {
  kind: MetricKind;
  higherIsBetter: boolean;
  variants: VariantSummary[];
  /** Optional metric key echoed in the result. */
  metric?: string;
}

export interface MetricInput {
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
  /** Size of the Holm–Bonferroni family (all variant × metric comparisons with a p-value). */
  comparisons: number;
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
