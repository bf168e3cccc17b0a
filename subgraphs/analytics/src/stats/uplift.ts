// Relative uplift (treatment / control − 1) with Fieller's interval (Fieller 1954).
//
// The interval is every ratio ρ that the same test of the difference would not reject:
//   (m_t − ρ m_c)² ≤ c² (se_t² + ρ² se_c²),
// with c the critical value of the absolute comparison. At ρ = 1 the left side over the right is
// exactly that test's statistic squared, so the relative interval excludes 0 (ρ = 1) exactly when
// the absolute interval excludes 0: one verdict. (The delta-method interval used before is
// symmetric around the estimate and disagreed with the test near the threshold.) The set is a
// bounded interval only when the control mean is itself clearly away from 0
// (m_c² > c² se_c²); otherwise no bounded interval exists and the relative uplift is refused.
// A relative change of a negative control mean reads backwards (−2 → −1 is "−50 %" yet an
// increase), so it is refused as well and the absolute difference is the result.
import type { Estimate } from './types';

export type RelativeUpliftResult =
  | { estimate: Estimate; refused: null }
  | { estimate: null; refused: 'NON_POSITIVE_CONTROL' | 'NEAR_ZERO_CONTROL' };

export function relativeUplift(
  controlMean: number,
  controlStandardError: number,
  treatmentMean: number,
  treatmentStandardError: number,
  critical: number,
): RelativeUpliftResult {
  if (!(controlMean > 0)) return { estimate: null, refused: 'NON_POSITIVE_CONTROL' };
  const c2 = critical * critical;
  const a = controlMean * controlMean - c2 * controlStandardError * controlStandardError;
  if (!(a > 0)) return { estimate: null, refused: 'NEAR_ZERO_CONTROL' };
  const b = treatmentMean * controlMean;
  const discriminant =
    c2 *
    (treatmentMean * treatmentMean * controlStandardError * controlStandardError +
      a * treatmentStandardError * treatmentStandardError);
  const root = Math.sqrt(Math.max(0, discriminant));
  const lower = (b - root) / a - 1;
  const upper = (b + root) / a - 1;
  const estimate = treatmentMean / controlMean - 1;
  if (![lower, upper, estimate].every(Number.isFinite))
    return { estimate: null, refused: 'NEAR_ZERO_CONTROL' };
  return { estimate: { estimate, lower, upper }, refused: null };
}
