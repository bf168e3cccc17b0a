// Two-proportion z-test for a conversion rate against control.
//
// One statistic for the test and the interval: the unpooled (Wald) standard error
// √(p_c(1−p_c)/n_c + p_t(1−p_t)/n_t). The pooled score test (Pearson's chi-square) would be the
// textbook test, but its standard error differs from the interval's, so near the threshold the
// badge and the interval beside it disagreed; with one standard error the verdict is "the
// interval excludes 0". The A/A simulation tests check that this keeps the false-positive rate
// at alpha for the counts we warn below (LOW_COUNTS).
import { normalQuantile, normalSf } from './distributions';

export interface BinomialCounts {
  conversions: number;
  users: number;
}

export interface ProportionComparison {
  /** p_t − p_c. */
  difference: number;
  /** √(p_c(1−p_c)/n_c + p_t(1−p_t)/n_t): the test's and the interval's standard error. */
  standardError: number;
  /** z = difference / standardError; null when both rates are equal and without variance. */
  statistic: number | null;
  /** Two-sided p-value 2(1 − Φ(|z|)), or one-sided in the direction given; null with the statistic. */
  pValue: number | null;
  lower: number;
  upper: number;
}

/**
 * Compares treatment with control. Both groups need at least one user. `confidenceLevel` is the
 * level of the two-sided interval; `goodSign` (+1 or −1) makes the p-value one-sided.
 */
export function twoProportionTest(
  control: BinomialCounts,
  treatment: BinomialCounts,
  confidenceLevel: number,
  goodSign: 1 | -1 | null = null,
): ProportionComparison {
  const pc = control.conversions / control.users;
  const pt = treatment.conversions / treatment.users;
  const difference = pt - pc;
  const standardError = Math.sqrt((pc * (1 - pc)) / control.users + (pt * (1 - pt)) / treatment.users);
  const z = normalQuantile(0.5 + confidenceLevel / 2);
  // 0 % against 100 %: no variance but a certain difference, the limit z = ±∞.
  const statistic =
    standardError > 0
      ? difference / standardError
      : difference !== 0
        ? Math.sign(difference) * Infinity
        : null;
  let pValue: number | null = null;
  if (statistic !== null) {
    pValue = goodSign === null ? 2 * normalSf(Math.abs(statistic)) : normalSf(goodSign * statistic);
  }
  return {
    difference,
    standardError,
    statistic: statistic !== null && Number.isFinite(statistic) ? statistic : null,
    pValue,
    lower: difference - z * standardError,
    upper: difference + z * standardError,
  };
}
