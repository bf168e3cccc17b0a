// Capping (winsorization) of per-user values, so a few huge values cannot dominate a mean.
//
// FIXED caps every per-user value at a given number. PERCENTILE caps at the q-quantile of the
// pooled per-user values of every variant (users without an event count as 0), the inverse
// empirical CDF, as PostgreSQL's percentile_disc computes it in the results query. The threshold
// is one number for all variants, computed from all of them together: under "no effect" the
// variants are exchangeable, so the cap carries no information about which one a user was in and
// an A/A test keeps its false-positive rate (checked in simulation.test.ts). Only the upper tail
// is capped; a metric with a heavy lower tail is not helped.

export type CapType = 'FIXED' | 'PERCENTILE';

export interface Capping {
  type: CapType;
  /** FIXED: the cap in metric units (> 0); PERCENTILE: the quantile, 0 < q < 1 (e.g. 0.99). */
  value: number;
}

/** The smallest value whose empirical CDF reaches q (percentile_disc). */
export function percentileDisc(values: readonly number[], q: number): number | null {
  if (values.length === 0 || !(q > 0 && q <= 1)) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.max(0, Math.ceil(q * sorted.length) - 1);
  return sorted[index]!;
}

/** The cap in metric units for these pooled values, or null when there is nothing to cap by. */
export function capThreshold(capping: Capping, pooledValues: readonly number[]): number | null {
  return capping.type === 'FIXED' ? capping.value : percentileDisc(pooledValues, capping.value);
}
