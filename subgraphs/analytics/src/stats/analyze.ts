// Entry points: analyse one metric (analyzeExperiment) or several (analyzeMetrics) of one
// experiment from per-variant sufficient statistics. Each step is a function of its own module;
// this file picks the control, runs the tests (phase one), applies the correction across every
// variant × metric comparison, and then sets each comparison's intervals at the level the
// correction leaves (phase two), so the verdict, its p-value and its intervals come from one test.
import {
  compareConversionPosteriors,
  compareNormalPosteriors,
  compareWithEffectPrior,
  conversionPosterior,
} from './bayesian';
import { normalQuantile, normalSf, studentTQuantile } from './distributions';
import { benjaminiHochberg, holmBonferroni, perComparisonAlpha } from './multiple-testing';
import { DEFAULT_SEQUENTIAL_TUNING_SAMPLE_SIZE, resolveAlpha, resolveMinSampleSize } from './options';
import { overallProgress, variantProgress } from './progress';
import { twoProportionTest } from './proportions';
import { mixingVariance, normalMixtureTest } from './sequential';
import { sampleRatioMismatch } from './srm';
import type {
  AnalysisOptions,
  AnalysisStatus,
  AnalysisWarning,
  Decision,
  EffectPrior,
  ExperimentAnalysis,
  ExperimentInput,
  MetricInput,
  MetricKind,
  MetricSettings,
  MultipleTestingCorrection,
  MultiMetricAnalysis,
  MultiMetricInput,
  SequentialSettings,
  TestMethod,
  VariantResult,
  VariantSummary,
} from './types';
import { relativeUplift } from './uplift';
import { describeVariant, isEstimatedKind, type VariantDescription } from './variant-statistics';
import { variantWarnings } from './warnings';
import { welchTTest } from './welch';

const KINDS: readonly MetricKind[] = ['CONVERSION', 'MEAN', 'COUNT', 'RATIO', 'QUANTILE'];

/** The test behind each kind's p-values and intervals. */
const TESTS: Record<MetricKind, TestMethod> = {
  CONVERSION: 'TWO_PROPORTION_Z_TEST',
  MEAN: 'WELCH_T_TEST',
  COUNT: 'WELCH_T_TEST',
  RATIO: 'DELTA_METHOD_Z_TEST',
  QUANTILE: 'QUANTILE_Z_TEST',
};

interface ResolvedOptions {
  alpha: number;
  confidenceLevel: number;
  minSampleSize: number | null;
  sequential: SequentialSettings | null;
  controlVariant: string | undefined;
  correction: MultipleTestingCorrection;
  notes: string[];
}

function resolveOptions(options: AnalysisOptions): ResolvedOptions {
  const alpha = resolveAlpha(options.alpha);
  const minSampleSize = resolveMinSampleSize(options.minSampleSize);
  const notes = [...alpha.notes, ...minSampleSize.notes];
  let sequential: SequentialSettings | null = null;
  if (options.sequential) {
    const requested = options.sequentialTuningSampleSize;
    if (requested !== undefined && Number.isFinite(requested) && requested > 0) {
      sequential = { method: 'NORMAL_MIXTURE_MSPRT', tuningSampleSize: requested, tuningSource: 'INPUT' };
    } else {
      if (requested !== undefined) {
        notes.push(
          `sequentialTuningSampleSize must be a positive number (got ${requested}); used the default.`,
        );
      }
      sequential =
        minSampleSize.value !== null
          ? {
              method: 'NORMAL_MIXTURE_MSPRT',
              tuningSampleSize: minSampleSize.value,
              tuningSource: 'MIN_SAMPLE_SIZE',
            }
          : {
              method: 'NORMAL_MIXTURE_MSPRT',
              tuningSampleSize: DEFAULT_SEQUENTIAL_TUNING_SAMPLE_SIZE,
              tuningSource: 'DEFAULT',
            };
    }
  }
  return {
    alpha: alpha.alpha,
    confidenceLevel: 1 - alpha.alpha,
    minSampleSize: minSampleSize.value,
    sequential,
    controlVariant: options.controlVariant,
    correction: options.correction === 'BENJAMINI_HOCHBERG' ? 'BENJAMINI_HOCHBERG' : 'HOLM',
    notes,
  };
}

/** A usable prior (finite mean, positive spread) or null with a note. */
function resolvePrior(prior: EffectPrior | null | undefined, notes: string[]): EffectPrior | null {
  if (!prior) return null;
  if (
    Number.isFinite(prior.mean) &&
    Number.isFinite(prior.standardDeviation) &&
    prior.standardDeviation > 0
  ) {
    return { mean: prior.mean, standardDeviation: prior.standardDeviation };
  }
  notes.push('The prior needs a finite mean and a positive standard deviation; a flat prior was used.');
  return null;
}

/** The control: the named variant, else one called "control", else the first. */
function findControl(
  variants: VariantSummary[],
  requested: string | undefined,
): { index: number | null; note?: string } {
  if (requested !== undefined) {
    const index = variants.findIndex((variant) => variant.variant === requested);
    return index >= 0
      ? { index }
      : { index: null, note: `controlVariant "${requested}" is not one of the variants.` };
  }
  const named = variants.findIndex((variant) => variant.variant === 'control');
  return { index: Math.max(named, 0) };
}

function baseRow(
  summary: VariantSummary,
  description: VariantDescription,
  isControl: boolean,
  minSampleSize: number | null,
): VariantResult {
  return {
    variant: summary.variant,
    isControl,
    weight: Number.isFinite(summary.weight) ? summary.weight : 0,
    users: description.users,
    conversions: description.conversions,
    rate: description.rate,
    mean: description.mean,
    variance: description.variance,
    standardError: description.standardError,
    interval: description.interval,
    progress: variantProgress(description.users, minSampleSize),
    absoluteUplift: null,
    relativeUplift: null,
    statistic: null,
    degreesOfFreedom: null,
    pValue: null,
    adjustedPValue: null,
    significant: false,
    decision: 'NOT_TESTED',
    chanceToBeatControl: null,
    expectedLoss: null,
    sequential: null,
    status: description.status,
    notes: [...description.notes],
  };
}

interface ComparisonContext {
  kind: MetricKind;
  higherIsBetter: boolean;
  oneSided: boolean;
  prior: EffectPrior | null;
  options: ResolvedOptions;
  control: VariantDescription;
}

/** What the intervals need once the correction has fixed their level (phase two). */
interface Comparison {
  difference: number;
  standardError: number;
  /** Welch ν, or null for the normal (z) critical value. */
  degreesOfFreedom: number | null;
  controlMean: number;
  controlStandardError: number;
  treatmentMean: number;
  treatmentStandardError: number;
  /** +1 when higher is better, −1 when lower is. */
  goodSign: 1 | -1;
  oneSided: boolean;
  /** τ² of the sequential mixture, when the sequential test ran. */
  mixing: number | null;
}

// Phase one (per metric) leaves each tested row's ingredients here for phase two (across the
// family); keyed by the row object, so nothing outlives the analysis.
const comparisons = new WeakMap<VariantResult, Comparison>();

/** The flat-prior Bayesian view of two normal estimates (means, ratios, quantiles). */
function flatNormalBayes(
  row: VariantResult,
  control: VariantDescription,
  treatment: VariantDescription,
  higherIsBetter: boolean,
): void {
  const bayes = compareNormalPosteriors(
    { mean: control.mean!, standardError: control.standardError! },
    { mean: treatment.mean!, standardError: treatment.standardError! },
    higherIsBetter,
  );
  row.chanceToBeatControl = bayes.chanceToBeatControl;
  row.expectedLoss = bayes.expectedLoss;
}

/** Fills the test and Bayesian fields of `row` (a non-control variant whose own statistics are OK). */
function compareWithControl(
  row: VariantResult,
  treatment: VariantDescription,
  context: ComparisonContext,
): void {
  const { kind, higherIsBetter, options, control, oneSided } = context;
  const goodSign: 1 | -1 = higherIsBetter ? 1 : -1;
  const sided = oneSided ? goodSign : null;
  let difference: number;
  let standardError: number;
  let degreesOfFreedom: number | null = null;
  let controlUserVariance: number;
  let treatmentUserVariance: number;

  if (kind === 'CONVERSION') {
    const controlCounts = { conversions: control.conversions!, users: control.users };
    const treatmentCounts = { conversions: treatment.conversions!, users: treatment.users };
    const test = twoProportionTest(controlCounts, treatmentCounts, options.confidenceLevel, sided);
    difference = test.difference;
    standardError = test.standardError;
    row.statistic = test.statistic;
    row.pValue = test.pValue;
    if (test.pValue === null) {
      row.status = 'ZERO_VARIANCE';
      row.notes.push('Both variants have the same all-or-nothing rate (0 or 1), so the z-test is undefined.');
    } else if (test.standardError === 0) {
      row.notes.push('Both rates are 0 or 1, so the interval of the difference has zero width.');
    }
    if (!context.prior) {
      const bayes = compareConversionPosteriors(
        conversionPosterior(controlCounts.conversions, controlCounts.users),
        conversionPosterior(treatmentCounts.conversions, treatmentCounts.users),
        higherIsBetter,
      );
      row.chanceToBeatControl = bayes.chanceToBeatControl;
      row.expectedLoss = bayes.expectedLoss;
    }
    // Per-user Bernoulli variances for tuning the sequential mixture.
    controlUserVariance = control.rate! * (1 - control.rate!);
    treatmentUserVariance = treatment.rate! * (1 - treatment.rate!);
  } else if (isEstimatedKind(kind)) {
    // Independent variants: the difference's variance is the sum of the estimates' variances.
    difference = treatment.mean! - control.mean!;
    standardError = Math.hypot(control.standardError!, treatment.standardError!);
    const statistic =
      standardError > 0
        ? difference / standardError
        : difference !== 0
          ? Math.sign(difference) * Infinity
          : null;
    row.statistic = statistic !== null && Number.isFinite(statistic) ? statistic : null;
    row.pValue =
      statistic === null
        ? null
        : sided === null
          ? 2 * normalSf(Math.abs(statistic))
          : normalSf(sided * statistic);
    if (statistic === null) {
      row.status = 'ZERO_VARIANCE';
      row.notes.push('Both estimates have zero standard error and are equal, so the z-test is undefined.');
    }
    if (!context.prior) flatNormalBayes(row, control, treatment, higherIsBetter);
    controlUserVariance = control.variance!;
    treatmentUserVariance = treatment.variance!;
  } else {
    const controlMean = { mean: control.mean!, variance: control.variance!, n: control.users };
    const treatmentMean = { mean: treatment.mean!, variance: treatment.variance!, n: treatment.users };
    const test = welchTTest(controlMean, treatmentMean, options.confidenceLevel, sided);
    difference = test.difference;
    standardError = test.standardError;
    degreesOfFreedom = test.degreesOfFreedom;
    row.statistic = test.statistic;
    row.degreesOfFreedom = test.degreesOfFreedom;
    row.pValue = test.pValue;
    if (test.pValue === null) {
      row.status = 'ZERO_VARIANCE';
      row.notes.push(
        'Both variants have zero variance, so the t-test is undefined and the interval has zero width.',
      );
    }
    if (!context.prior) flatNormalBayes(row, control, treatment, higherIsBetter);
    if (test.standardError === 0) {
      row.notes.push('With zero variance the posterior is a point mass; chance and loss are its limits.');
    }
    controlUserVariance = control.variance!;
    treatmentUserVariance = treatment.variance!;
  }

  if (context.prior) {
    const spread = Math.sqrt(control.standardError! ** 2 + treatment.standardError! ** 2);
    if (control.mean! > 0) {
      const bayes = compareWithEffectPrior(difference, spread, control.mean!, context.prior, higherIsBetter);
      row.chanceToBeatControl = bayes.chanceToBeatControl;
      row.expectedLoss = bayes.expectedLoss;
    } else {
      const flat = compareNormalPosteriors(
        { mean: control.mean!, standardError: control.standardError! },
        { mean: treatment.mean!, standardError: treatment.standardError! },
        higherIsBetter,
      );
      row.chanceToBeatControl = flat.chanceToBeatControl;
      row.expectedLoss = flat.expectedLoss;
      row.notes.push(
        'The prior is on the relative effect, which a control mean ≤ 0 cannot scale; the Bayesian view uses a flat prior.',
      );
    }
  }

  let mixing: number | null = null;
  if (options.sequential) {
    const tau2 = mixingVariance(
      controlUserVariance,
      treatmentUserVariance,
      options.sequential.tuningSampleSize,
      options.alpha,
    );
    const differenceVariance = standardError * standardError;
    if (differenceVariance > 0 && tau2 > 0) {
      mixing = tau2;
      const result = normalMixtureTest(difference, differenceVariance, tau2, options.alpha);
      row.sequential = {
        pValue: result.pValue,
        adjustedPValue: null,
        significant: false,
        assumptionsMet: true,
        absoluteUplift: { estimate: difference, lower: result.lower, upper: result.upper },
        mixingVariance: tau2,
      };
    } else {
      row.notes.push('The difference has zero estimated variance, so the sequential test is undefined.');
    }
  }
  comparisons.set(row, {
    difference,
    standardError,
    degreesOfFreedom,
    controlMean: control.mean!,
    controlStandardError: control.standardError!,
    treatmentMean: treatment.mean!,
    treatmentStandardError: treatment.standardError!,
    goodSign,
    oneSided,
    mixing,
  });
}

/** Critical value of the comparison at per-comparison level α′ (one- or two-sided). */
function criticalValue(comparison: Comparison, alphaPrime: number): number {
  const tail = comparison.oneSided ? alphaPrime : alphaPrime / 2;
  return comparison.degreesOfFreedom === null
    ? normalQuantile(1 - tail)
    : studentTQuantile(1 - tail, comparison.degreesOfFreedom);
}

/**
 * Phase two, once the correction is known: the uplift intervals at the level α′ the correction
 * leaves, the decision, and why a relative uplift is missing.
 */
function applyVerdict(
  analysis: ExperimentAnalysis,
  row: VariantResult,
  comparison: Comparison,
  alphaPrime: number,
): void {
  const critical = criticalValue(comparison, alphaPrime);
  const half = critical * comparison.standardError;
  row.absoluteUplift = {
    estimate: comparison.difference,
    lower: comparison.difference - half,
    upper: comparison.difference + half,
  };
  const relative = relativeUplift(
    comparison.controlMean,
    comparison.controlStandardError,
    comparison.treatmentMean,
    comparison.treatmentStandardError,
    critical,
  );
  row.relativeUplift = relative.estimate;
  const what =
    analysis.kind === 'CONVERSION'
      ? 'rate'
      : analysis.kind === 'RATIO'
        ? 'ratio'
        : analysis.kind === 'QUANTILE'
          ? 'quantile'
          : 'mean';
  if (relative.refused === 'NON_POSITIVE_CONTROL') {
    const message =
      comparison.controlMean === 0
        ? `The control ${what} is 0, so relative uplift is undefined; read the absolute difference.`
        : `The control ${what} is negative (${comparison.controlMean.toPrecision(4)}), so a relative change would read backwards; relative uplift is left out, read the absolute difference.`;
    row.notes.push(message);
    addWarning(analysis, { code: 'NON_POSITIVE_CONTROL', variant: row.variant, message });
  } else if (relative.refused === 'NEAR_ZERO_CONTROL') {
    const message = `The control ${what} (${comparison.controlMean.toPrecision(4)}) is not distinguishable from 0 at this level, so relative uplift is undefined (it has no bounded interval); read the absolute difference.`;
    row.notes.push(message);
    addWarning(analysis, { code: 'NEAR_ZERO_CONTROL', variant: row.variant, message });
  }
  row.decision = decisionOf(row.pValue, row.significant, comparison.difference, comparison.goodSign);
}

/**
 * The verdict of one comparison: not tested without a p-value, inconclusive unless significant,
 * otherwise better or worse by the sign of the difference against the metric's good direction.
 * The unadjusted and the CUPED comparisons both decide here.
 */
export function decisionOf(
  pValue: number | null,
  significant: boolean,
  difference: number,
  goodSign: 1 | -1,
): Decision {
  if (pValue === null) return 'NOT_TESTED';
  if (!significant) return 'INCONCLUSIVE';
  return Math.sign(difference) === goodSign ? 'BETTER' : 'WORSE';
}

function addWarning(analysis: ExperimentAnalysis, warning: AnalysisWarning): void {
  const known = analysis.warnings.some(
    (w) => w.code === warning.code && w.variant === warning.variant && w.message === warning.message,
  );
  if (!known) analysis.warnings.push(warning);
}

function analyzeOne(
  metric: string | null,
  kind: MetricKind,
  higherIsBetter: boolean,
  variants: VariantSummary[],
  settings: MetricSettings,
  options: ResolvedOptions,
): ExperimentAnalysis {
  const notes = [...options.notes];
  const validKind = KINDS.includes(kind);
  const prior = resolvePrior(settings.prior, notes);
  const oneSided = settings.oneSided === true;
  const test = TESTS[kind] ?? 'WELCH_T_TEST';
  const analysis: ExperimentAnalysis = {
    metric,
    kind,
    test,
    higherIsBetter,
    alpha: options.alpha,
    confidenceLevel: options.confidenceLevel,
    controlVariant: null,
    variants: [],
    srm: sampleRatioMismatch(
      variants.map((variant) => variant.users),
      variants.map((variant) => variant.weight),
    ),
    minSampleSize: options.minSampleSize,
    progress: overallProgress(
      variants.map((variant) => variant.users),
      options.minSampleSize,
    ),
    sequential: options.sequential,
    comparisons: 0,
    method: {
      test,
      sides: oneSided ? 'ONE_SIDED' : 'TWO_SIDED',
      correction: options.correction,
      comparisons: 0,
      intervalLevel: options.confidenceLevel,
    },
    prior,
    warnings: [],
    status: 'OK',
    notes,
  };
  const finish = (status: AnalysisStatus, note?: string) => {
    analysis.status = status;
    if (note) notes.push(note);
    return analysis;
  };
  if (!validKind) return finish('INVALID_INPUT', `Unknown metric kind "${String(kind)}".`);
  if (variants.length === 0) return finish('NO_VARIANTS', 'No variants to analyse.');

  const names = new Set<string>();
  for (const { variant } of variants) {
    if (names.has(variant))
      notes.push(`Variant "${variant}" appears more than once; each row is analysed separately.`);
    names.add(variant);
  }

  const control = findControl(variants, options.controlVariant);
  const descriptions = variants.map((summary) => describeVariant(kind, summary, options.confidenceLevel));
  analysis.variants = variants.map((summary, index) =>
    baseRow(summary, descriptions[index]!, index === control.index, options.minSampleSize),
  );
  if (analysis.srm.warning) {
    notes.push(...analysis.srm.notes);
    addWarning(analysis, {
      code: 'SAMPLE_RATIO_MISMATCH',
      variant: null,
      message: analysis.srm.notes.at(-1) ?? 'Sample-ratio mismatch.',
    });
  }
  variants.forEach((summary, index) => {
    if (descriptions[index]!.status === 'INVALID_INPUT') return;
    for (const warning of variantWarnings(kind, summary)) addWarning(analysis, warning);
  });

  if (control.index === null) return finish('INVALID_INPUT', control.note);
  const controlDescription = descriptions[control.index]!;
  analysis.controlVariant = variants[control.index]!.variant;
  if (variants.length === 1)
    return finish('SINGLE_VARIANT', 'Only one variant: there is nothing to compare with.');

  if (controlDescription.status !== 'OK') {
    const status: AnalysisStatus =
      controlDescription.status === 'INVALID_INPUT' ? 'INVALID_INPUT' : 'INSUFFICIENT_DATA';
    for (const row of analysis.variants) {
      if (row.isControl) continue;
      if (row.status === 'OK') row.status = status;
      row.notes.push('The control has no usable data, so there is no comparison.');
    }
    return finish(
      status,
      `The control "${analysis.controlVariant}" cannot be analysed: ${controlDescription.notes.join(' ')}`,
    );
  }

  const context: ComparisonContext = {
    kind,
    higherIsBetter,
    oneSided,
    prior,
    options,
    control: controlDescription,
  };
  analysis.variants.forEach((row, index) => {
    if (row.isControl || row.status !== 'OK') return;
    compareWithControl(row, descriptions[index]!, context);
    if (!row.sequential) return;
    // The always-valid guarantee rests on the normal approximation of both groups' means.
    const doubtful = analysis.warnings.filter(
      (w) =>
        (w.code === 'LOW_COUNTS' || w.code === 'SKEWED') &&
        (w.variant === row.variant || w.variant === analysis.controlVariant),
    );
    if (doubtful.length > 0) {
      row.sequential.assumptionsMet = false;
      addWarning(analysis, {
        code: 'SEQUENTIAL_ASSUMPTIONS',
        variant: row.variant,
        message: `The sequential result for "${row.variant}" is not safe to check at any time: its normal approximation does not hold yet (${doubtful.map((w) => w.code).join(', ')}).`,
      });
    }
  });
  return analysis;
}

/**
 * The correction over every fixed-horizon (and, separately, every sequential) p-value, then each
 * row's intervals at the level the correction leaves, so interval and verdict agree.
 */
function adjustAcrossFamily(
  analyses: ExperimentAnalysis[],
  alpha: number,
  correction: MultipleTestingCorrection,
): number {
  const correct = correction === 'HOLM' ? holmBonferroni : benjaminiHochberg;
  const rows = analyses.flatMap((analysis) => analysis.variants);
  const tested = rows.filter((row) => row.pValue !== null);
  const fixed = correct(
    tested.map((row) => row.pValue!),
    alpha,
  );
  tested.forEach((row, index) => {
    row.adjustedPValue = fixed.adjusted[index]!;
    row.significant = fixed.rejected[index]!;
  });
  const alphaPrime = perComparisonAlpha(
    correction,
    alpha,
    tested.length,
    fixed.rejected.filter(Boolean).length,
  );
  const sequentialRows = rows.filter((row) => row.sequential !== null);
  const sequential = correct(
    sequentialRows.map((row) => row.sequential!.pValue),
    alpha,
  );
  sequentialRows.forEach((row, index) => {
    row.sequential!.adjustedPValue = sequential.adjusted[index]!;
    row.sequential!.significant = sequential.rejected[index]!;
  });
  const sequentialAlpha = perComparisonAlpha(
    correction,
    alpha,
    sequentialRows.length,
    sequential.rejected.filter(Boolean).length,
  );
  const name = correction === 'HOLM' ? 'Holm–Bonferroni' : 'Benjamini–Hochberg';
  for (const analysis of analyses) {
    analysis.comparisons = tested.length;
    const oneSided = analysis.method.sides === 'ONE_SIDED';
    analysis.method = {
      ...analysis.method,
      comparisons: tested.length,
      intervalLevel: 1 - (oneSided ? 2 : 1) * alphaPrime,
    };
    for (const row of analysis.variants) {
      const comparison = comparisons.get(row);
      if (!comparison) continue;
      applyVerdict(analysis, row, comparison, alphaPrime);
      if (row.sequential && comparison.mixing !== null) {
        const bounds = normalMixtureTest(
          comparison.difference,
          comparison.standardError ** 2,
          comparison.mixing,
          sequentialAlpha,
        );
        row.sequential.absoluteUplift = {
          estimate: comparison.difference,
          lower: bounds.lower,
          upper: bounds.upper,
        };
      }
    }
    if (tested.length > 1) {
      analysis.notes.push(
        `p-values are ${name} adjusted across ${tested.length} variant × metric comparisons; intervals are at ${formatLevel(analysis.method.intervalLevel)}, the level that leaves each one, so an interval excludes 0 exactly when its comparison is significant.`,
      );
    }
    if (oneSided) {
      analysis.notes.push(
        "One-sided test: only an effect in the metric's good direction can be significant; harm is not tested.",
      );
    }
  }
  return tested.length;
}

function formatLevel(level: number): string {
  return `${Number((level * 100).toPrecision(4))} %`;
}

/**
 * Analyses several metrics of one experiment. The correction runs across every variant × metric
 * comparison: Holm holds the family-wise error rate at `alpha`, Benjamini–Hochberg the false
 * discovery rate.
 */
export function analyzeMetrics(input: MultiMetricInput): MultiMetricAnalysis {
  const options = resolveOptions(input);
  const metrics: MetricInput[] = Array.isArray(input.metrics) ? input.metrics : [];
  const analyses = metrics.map((metric) =>
    analyzeOne(
      metric.metric,
      metric.kind,
      metric.higherIsBetter,
      Array.isArray(metric.variants) ? metric.variants : [],
      metric,
      options,
    ),
  );
  const family = adjustAcrossFamily(analyses, options.alpha, options.correction);
  const notes = [...options.notes];
  if (metrics.length === 0) notes.push('No metrics to analyse.');
  return {
    alpha: options.alpha,
    comparisons: family,
    correction: options.correction,
    metrics: analyses,
    notes,
  };
}

/** Analyses one metric; the correction runs across its non-control variants. */
export function analyzeExperiment(input: ExperimentInput): ExperimentAnalysis {
  const options = resolveOptions(input);
  const analysis = analyzeOne(
    input.metric ?? null,
    input.kind,
    input.higherIsBetter,
    Array.isArray(input.variants) ? input.variants : [],
    input,
    options,
  );
  adjustAcrossFamily([analysis], options.alpha, options.correction);
  return analysis;
}
