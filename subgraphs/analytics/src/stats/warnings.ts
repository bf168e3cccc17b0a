// Checks that say when the normal approximation behind the tests cannot be trusted yet.
//
// - LOW_COUNTS: a conversion variant with fewer than 10 conversions or 10 non-conversions (the
//   usual n·p ≥ 10 rule for the normal approximation of a binomial), or a mean of fewer than 30 users.
// - SKEWED: a mean whose per-user values are so skewed that its sampling distribution is not yet
//   normal: fewer users than 355·g², g the sample skewness (Kohavi, Tang & Xu 2020, "Trustworthy
//   Online Controlled Experiments" §17, from Boos & Hughes-Oliver's rule that the t-test's tail
//   error stays within 10 % of alpha). Heavy-tailed revenue breaks this first; capping fixes it.
import type { AnalysisWarning, MetricKind, VariantSummary } from './types';

export const MIN_CONVERSIONS = 10;
export const MIN_USERS_FOR_MEAN = 30;
export const SKEWNESS_SAMPLE_FACTOR = 355;

/** Sample skewness g = m₃ / m₂^{3/2} from Σx, Σx², Σx³ (population moments), or null. */
export function sampleSkewness(n: number, sum: number, sumSquares: number, sumCubes: number): number | null {
  if (!(n >= 3) || ![sum, sumSquares, sumCubes].every(Number.isFinite)) return null;
  const mean = sum / n;
  const m2 = sumSquares / n - mean * mean;
  // Relative to the raw second moment, a tiny m2 is rounding noise: no spread, no skew.
  if (!(m2 > 1e-12 * (sumSquares / n))) return null;
  const m3 = sumCubes / n - 3 * mean * (sumSquares / n) + 2 * mean * mean * mean;
  return m3 / m2 ** 1.5;
}

/** Users the 355·g² rule asks for, or null without Σx³. */
export function skewMinimumSample(summary: VariantSummary): number | null {
  if (summary.sumCubes === undefined) return null;
  const g = sampleSkewness(summary.users, summary.sum, summary.sumSquares, summary.sumCubes);
  return g === null ? null : Math.ceil(SKEWNESS_SAMPLE_FACTOR * g * g);
}

/** LOW_COUNTS and SKEWED warnings for one variant with users (valid summaries only). */
export function variantWarnings(kind: MetricKind, summary: VariantSummary): AnalysisWarning[] {
  const warnings: AnalysisWarning[] = [];
  const { variant, users } = summary;
  if (!(users > 0)) return warnings;
  if (kind === 'CONVERSION') {
    const fewer = Math.min(summary.conversions, users - summary.conversions);
    if (fewer < MIN_CONVERSIONS) {
      warnings.push({
        code: 'LOW_COUNTS',
        variant,
        message: `Variant "${variant}" has ${summary.conversions} conversions of ${users} users; the z-test needs at least ${MIN_CONVERSIONS} conversions and ${MIN_CONVERSIONS} non-conversions per variant to be reliable.`,
      });
    }
    return warnings;
  }
  if (users < MIN_USERS_FOR_MEAN) {
    warnings.push({
      code: 'LOW_COUNTS',
      variant,
      message: `Variant "${variant}" has ${users} users; a mean needs at least ${MIN_USERS_FOR_MEAN} for the t-test to be reliable.`,
    });
  }
  const needed = skewMinimumSample(summary);
  if (needed !== null && users < needed) {
    warnings.push({
      code: 'SKEWED',
      variant,
      message: `Variant "${variant}" is too skewed for its sample: ${users} users where its skewness asks for ${needed} (355 × skewness²). The p-value and intervals may be off; cap the metric or wait for more users.`,
    });
  }
  return warnings;
}
