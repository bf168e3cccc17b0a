// Welch's unequal-variance t-test (Welch 1947) with Welch–Satterthwaite degrees of freedom
// (Satterthwaite 1946) for MEAN and COUNT metrics. Chosen over Student's pooled test because
// variants routinely differ in variance (a treatment that changes behaviour changes spread).
import { studentTQuantile, studentTSf, studentTTwoSidedPValue } from './distributions';

export interface MeanSummary {
  mean: number;
  /** Sample variance with divisor n − 1. */
  variance: number;
  n: number;
}

export interface WelchComparison {
  /** mean_t − mean_c. */
  difference: number;
  /** √(s_c²/n_c + s_t²/n_t). */
  standardError: number;
  /** Welch–Satterthwaite ν; null when the standard error is 0. */
  degreesOfFreedom: number | null;
  /** t = difference / standardError; null when the standard error is 0. */
  statistic: number | null;
  pValue: number | null;
  lower: number;
  upper: number;
}

/** Welch–Satterthwaite ν = (v_c + v_t)² / (v_c²/(n_c−1) + v_t²/(n_t−1)) with v = s²/n. */
export function welchDegreesOfFreedom(control: MeanSummary, treatment: MeanSummary): number | null {
  const vc = control.variance / control.n;
  const vt = treatment.variance / treatment.n;
  const denominator = (vc * vc) / (control.n - 1) + (vt * vt) / (treatment.n - 1);
  if (!(denominator > 0)) return null;
  return ((vc + vt) * (vc + vt)) / denominator;
}

/**
 * Compares treatment with control. Both groups need n ≥ 2. `goodSign` (+1 or −1) makes the
 * p-value one-sided in that direction; the interval stays two-sided at `confidenceLevel`.
 */
export function welchTTest(
  control: MeanSummary,
  treatment: MeanSummary,
  confidenceLevel: number,
  goodSign: 1 | -1 | null = null,
): WelchComparison {
  const difference = treatment.mean - control.mean;
  const standardError = Math.sqrt(control.variance / control.n + treatment.variance / treatment.n);
  const degreesOfFreedom = standardError > 0 ? welchDegreesOfFreedom(control, treatment) : null;
  if (degreesOfFreedom === null) {
    return {
      difference,
      standardError,
      degreesOfFreedom,
      statistic: null,
      pValue: null,
      lower: difference,
      upper: difference,
    };
  }
  const statistic = difference / standardError;
  const half = studentTQuantile(0.5 + confidenceLevel / 2, degreesOfFreedom) * standardError;
  return {
    difference,
    standardError,
    degreesOfFreedom,
    statistic,
    pValue:
      goodSign === null
        ? studentTTwoSidedPValue(statistic, degreesOfFreedom)
        : studentTSf(goodSign * statistic, degreesOfFreedom),
    lower: difference - half,
    upper: difference + half,
  };
}
