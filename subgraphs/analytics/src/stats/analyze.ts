// Entry points: analyse one metric (analyzeExperiment) or several (analyzeMetrics) of one
// experiment from per-variant sufficient statistics. Each step is a function of its own module;
// this file only picks the control, runs the steps, and applies Holm–Bonferroni across every
// variant × metric comparison so `significant` controls the family-wise error rate.
import { compareConversionPosteriors, compareNormalPosteriors, conversionPosterior } from './bayesian';
import { holmBonferroni } from './multiple-testing';
import { DEFAULT_SEQUENTIAL_TUNING_SAMPLE_SIZE, resolveAlpha, resolveMinSampleSize } from './options';
import { overallProgress, variantProgress } from './progress';
import { twoProportionTest } from './proportions';
import { mixingVariance, normalMixtureTest } from './sequential';
import { sampleRatioMismatch } from './srm';
import type {
  AnalysisOptions,
  AnalysisStatus,
  ExperimentAnalysis,
  ExperimentInput,
  MetricInput,
  MetricKind,
  MultiMetricAnalysis,
  MultiMetricInput,
  SequentialSettings,
  VariantResult,
  VariantSummary,
} from './types';
import { relativeUplift } from './uplift';
import { describeVariant, normalCritical, type VariantDescription } from './variant-statistics';
import { welchTTest } from './welch';

const KINDS: readonly MetricKind[] = ['CONVERSION', 'MEAN', 'COUNT'];

interface ResolvedOptions {
  alpha: number;
  confidenceLevel: number;
  minSampleSize: number | null;
  sequential: SequentialSettings | null;
  controlVariant: string | undefined;
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
    notes,
  };
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
  options: ResolvedOptions;
  control: VariantDescription;
}

/** Fills the comparison fields of `row` (a non-control variant whose own statistics are OK). */
function compareWithControl(
  row: VariantResult,
  treatment: VariantDescription,
  context: ComparisonContext,
): void {
  const { kind, higherIsBetter, options, control } = context;
  const z = normalCritical(options.confidenceLevel);
  let difference: number;
  let differenceVariance: number;
  let controlUserVariance: number;
  let treatmentUserVariance: number;

  if (kind === 'CONVERSION') {
    const controlCounts = { conversions: control.conversions!, users: control.users };
    const treatmentCounts = { conversions: treatment.conversions!, users: treatment.users };
    const test = twoProportionTest(controlCounts, treatmentCounts, options.confidenceLevel);
    difference = test.difference;
    differenceVariance = test.standardError * test.standardError;
    row.absoluteUplift = { estimate: test.difference, lower: test.lower, upper: test.upper };
    row.statistic = test.statistic;
    row.pValue = test.pValue;
    if (test.pValue === null) {
      row.status = 'ZERO_VARIANCE';
      row.notes.push('Both variants have the same all-or-nothing rate (0 or 1), so the z-test is undefined.');
    } else if (test.standardError === 0) {
      row.notes.push('Both rates are 0 or 1, so the interval of the difference has zero width.');
    }
    const bayes = compareConversionPosteriors(
      conversionPosterior(controlCounts.conversions, controlCounts.users),
      conversionPosterior(treatmentCounts.conversions, treatmentCounts.users),
      higherIsBetter,
    );
    row.chanceToBeatControl = bayes.chanceToBeatControl;
    row.expectedLoss = bayes.expectedLoss;
    // Per-user Bernoulli variances for tuning the sequential mixture.
    controlUserVariance = control.rate! * (1 - control.rate!);
    treatmentUserVariance = treatment.rate! * (1 - treatment.rate!);
  } else {
    const controlMean = { mean: control.mean!, variance: control.variance!, n: control.users };
    const treatmentMean = { mean: treatment.mean!, variance: treatment.variance!, n: treatment.users };
    const test = welchTTest(controlMean, treatmentMean, options.confidenceLevel);
    difference = test.difference;
    differenceVariance = test.standardError * test.standardError;
    row.absoluteUplift = { estimate: test.difference, lower: test.lower, upper: test.upper };
    row.statistic = test.statistic;
    row.degreesOfFreedom = test.degreesOfFreedom;
    row.pValue = test.pValue;
    if (test.pValue === null) {
      row.status = 'ZERO_VARIANCE';
      row.notes.push(
        'Both variants have zero variance, so the t-test is undefined and the interval has zero width.',
      );
    }
    const bayes = compareNormalPosteriors(
      { mean: control.mean!, standardError: control.standardError! },
      { mean: treatment.mean!, standardError: treatment.standardError! },
      higherIsBetter,
    );
    row.chanceToBeatControl = bayes.chanceToBeatControl;
    row.expectedLoss = bayes.expectedLoss;
    if (test.standardError === 0) {
      row.notes.push('With zero variance the posterior is a point mass; chance and loss are its limits.');
    }
    controlUserVariance = control.variance!;
    treatmentUserVariance = treatment.variance!;
  }

  row.relativeUplift = relativeUplift(
    control.mean!,
    control.standardError!,
    treatment.mean!,
    treatment.standardError!,
    z,
  );
  if (row.relativeUplift === null) {
    row.notes.push(
      `The control ${kind === 'CONVERSION' ? 'rate' : 'mean'} is 0 (or too close to 0), so relative uplift is undefined.`,
    );
  }

  if (options.sequential) {
    const tau2 = mixingVariance(
      controlUserVariance,
      treatmentUserVariance,
      options.sequential.tuningSampleSize,
      options.alpha,
    );
    if (differenceVariance > 0 && tau2 > 0) {
      const result = normalMixtureTest(difference, differenceVariance, tau2, options.alpha);
      row.sequential = {
        pValue: result.pValue,
        adjustedPValue: null,
        significant: false,
        absoluteUplift: { estimate: difference, lower: result.lower, upper: result.upper },
        mixingVariance: tau2,
      };
    } else {
      row.notes.push('The difference has zero estimated variance, so the sequential test is undefined.');
    }
  }
}

function analyzeOne(
  metric: string | null,
  kind: MetricKind,
  higherIsBetter: boolean,
  variants: VariantSummary[],
  options: ResolvedOptions,
): ExperimentAnalysis {
  const notes = [...options.notes];
  const validKind = KINDS.includes(kind);
  const analysis: ExperimentAnalysis = {
    metric,
    kind,
    test: kind === 'CONVERSION' ? 'TWO_PROPORTION_Z_TEST' : 'WELCH_T_TEST',
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
  if (analysis.srm.warning) notes.push(...analysis.srm.notes);

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

  const context: ComparisonContext = { kind, higherIsBetter, options, control: controlDescription };
  analysis.variants.forEach((row, index) => {
    if (row.isControl || row.status !== 'OK') return;
    compareWithControl(row, descriptions[index]!, context);
  });
  return analysis;
}

/** Holm–Bonferroni over every fixed-horizon (and, separately, every sequential) p-value. */
function adjustAcrossFamily(analyses: ExperimentAnalysis[], alpha: number): number {
  const rows = analyses.flatMap((analysis) => analysis.variants);
  const tested = rows.filter((row) => row.pValue !== null);
  const fixed = holmBonferroni(
    tested.map((row) => row.pValue!),
    alpha,
  );
  tested.forEach((row, index) => {
    row.adjustedPValue = fixed.adjusted[index]!;
    row.significant = fixed.rejected[index]!;
  });
  const sequentialRows = rows.filter((row) => row.sequential !== null);
  const sequential = holmBonferroni(
    sequentialRows.map((row) => row.sequential!.pValue),
    alpha,
  );
  sequentialRows.forEach((row, index) => {
    row.sequential!.adjustedPValue = sequential.adjusted[index]!;
    row.sequential!.significant = sequential.rejected[index]!;
  });
  for (const analysis of analyses) {
    analysis.comparisons = tested.length;
    if (tested.length > 1) {
      analysis.notes.push(
        `p-values are Holm–Bonferroni adjusted across ${tested.length} variant × metric comparisons.`,
      );
    }
  }
  return tested.length;
}

/**
 * Analyses several metrics of one experiment. Holm–Bonferroni runs across every variant ×
 * metric comparison, so `significant` holds the family-wise error rate at `alpha`.
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
      options,
    ),
  );
  const comparisons = adjustAcrossFamily(analyses, options.alpha);
  const notes = [...options.notes];
  if (metrics.length === 0) notes.push('No metrics to analyse.');
  return { alpha: options.alpha, comparisons, metrics: analyses, notes };
}

/** Analyses one metric; Holm–Bonferroni runs across its non-control variants. */
export function analyzeExperiment(input: ExperimentInput): ExperimentAnalysis {
  const options = resolveOptions(input);
  const analysis = analyzeOne(
    input.metric ?? null,
    input.kind,
    input.higherIsBetter,
    Array.isArray(input.variants) ? input.variants : [],
    options,
  );
  adjustAcrossFamily([analysis], options.alpha);
  return analysis;
}
