// Relative uplift (treatment / control − 1) with a delta-method interval.
//
// For independent groups, first-order Taylor expansion of g(m_c, m_t) = m_t / m_c gives
//   Var(m_t / m_c) ≈ se_t² / m_c² + m_t² se_c² / m_c⁴
// (the delta method; see e.g. Casella & Berger 2002, §5.5.4, and its use for A/B ratios in
// Deng, Knoblich & Lu 2018). The interval is symmetric and normal-based because the delta
// method is itself an asymptotic (large-sample) approximation.
import type { Estimate } from './types';

/** null when the control mean is 0 (or so close that the ratio overflows): no relative change exists. */
export function relativeUplift(
  controlMean: number,
  controlStandardError: number,
  treatmentMean: number,
  treatmentStandardError: number,
  zCritical: number,
): Estimate | null {
  if (controlMean === 0) return null;
  const ratio = treatmentMean / controlMean;
  const standardError =
    Math.sqrt(
      treatmentStandardError * treatmentStandardError +
        ratio * ratio * controlStandardError * controlStandardError,
    ) / Math.abs(controlMean);
  const estimate = ratio - 1;
  const lower = estimate - zCritical * standardError;
  const upper = estimate + zCritical * standardError;
  // A control mean within rounding of 0 can overflow the ratio; treat it like 0.
  if (!Number.isFinite(lower) || !Number.isFinite(upper)) return null;
  return { estimate, lower, upper };
}
