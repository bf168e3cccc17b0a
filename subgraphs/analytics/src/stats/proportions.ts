// Two-proportion z-test for a conversion rate against control.
//
// Test: pooled standard error, because under H0 (p_c = p_t) both groups estimate one common
// rate, and pooling is the standard score test (equivalent to Pearson's chi-square on the
// 2×2 table without continuity correction).
// Interval: unpooled (Wald) standard error, because away from H0 the two rates differ and each
// group contributes its own binomial variance.
import { normalQuantile, normalTwoSidedPValue } from './distributions';

export interface BinomialCounts {
  conversions: number;
  users: number;
}

export interface ProportionComparison {
  /** p_t − p_c. */
  difference: number;
  /** √(p̂(1−p̂)(1/n_c + 1/n_t)) with the pooled rate p̂ — used for the test. */
  pooledStandardError: number;
  /** √(p_c(1−p_c)/n_c + p_t(1−p_t)/n_t) — used for the interval. */
  standardError: number;
  /** z = difference / pooledStandardError; null when the pooled SE is 0. */
  statistic: number | null;
  /** Two-sided p-value 2(1 − Φ(|z|)); null when the pooled SE is 0. */
  pValue: number | null;
  lower: number;
  upper: number;
}

/** Compares treatment with control. Both groups need at least one user. */
export function twoProportionTest(
  control: BinomialCounts,
  treatment: BinomialCounts,
  confidenceLevel: number,
): ProportionComparison {
  const pc = control.conversions / control.users;
  const pt = treatment.conversions / treatment.users;
  const difference = pt - pc;
  const pooled = (control.conversions + treatment.conversions) / (control.users + treatment.users);
  const pooledStandardError = Math.sqrt(pooled * (1 - pooled) * (1 / control.users + 1 / treatment.users));
  const standardError = Math.sqrt((pc * (1 - pc)) / control.users + (pt * (1 - pt)) / treatment.users);
  const z = normalQuantile(0.5 + confidenceLevel / 2);
  const statistic = pooledStandardError > 0 ? difference / pooledStandardError : null;
  return {
    difference,
    pooledStandardError,
    standardError,
    statistic,
    pValue: statistic === null ? null : normalTwoSidedPValue(statistic),
    lower: difference - z * standardError,
    upper: difference + z * standardError,
  };
}
