// Holm–Bonferroni step-down correction (Holm 1979). Controls the family-wise error rate at
// alpha for any dependence between the tests, and is uniformly more powerful than Bonferroni.

export interface HolmResult {
  /** Adjusted p-values in the input order: max over j ≤ i of min(1, (m − j + 1) p_(j)). */
  adjusted: number[];
  /** adjusted ≤ alpha, in the input order. */
  rejected: boolean[];
}

/**
 * Holm–Bonferroni over `pValues`. A NaN or out-of-range p-value is treated as 1 (never rejected)
 * rather than throwing, so one bad input cannot hide the others' results.
 */
export function holmBonferroni(pValues: number[], alpha = 0.05): HolmResult {
  const m = pValues.length;
  const clean = pValues.map((p) => (Number.isFinite(p) && p >= 0 ? Math.min(p, 1) : 1));
  // Sort ascending; ties keep input order so results are deterministic.
  const order = clean.map((p, index) => ({ p, index })).sort((a, b) => a.p - b.p || a.index - b.index);
  const adjusted = new Array<number>(m).fill(1);
  let running = 0;
  order.forEach(({ p, index }, rank) => {
    // Step-down: the k-th smallest is compared with alpha / (m − k + 1); the running maximum
    // keeps adjusted values monotone, so rejection stops at the first failure.
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[index] = running;
  });
  return { adjusted, rejected: adjusted.map((p) => p <= alpha) };
}

/**
 * Benjamini–Hochberg step-up (Benjamini & Hochberg 1995): controls the false discovery rate at
 * alpha for independent or positively dependent tests. Less strict than Holm, so it finds more
 * effects among many comparisons at the price of a share of false ones. Adjusted values in the
 * input order: min over j ≥ i of min(1, m p_(j) / j); invalid p-values count as 1.
 */
export function benjaminiHochberg(pValues: number[], alpha = 0.05): HolmResult {
  const m = pValues.length;
  const clean = pValues.map((p) => (Number.isFinite(p) && p >= 0 ? Math.min(p, 1) : 1));
  const order = clean.map((p, index) => ({ p, index })).sort((a, b) => a.p - b.p || a.index - b.index);
  const adjusted = new Array<number>(m).fill(1);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const { p, index } = order[rank]!;
    running = Math.min(running, (m * p) / (rank + 1));
    adjusted[index] = Math.min(1, running);
  }
  return { adjusted, rejected: adjusted.map((p) => p <= alpha) };
}

/**
 * The per-comparison level α′ at which an unadjusted test rejects exactly the comparisons the
 * correction rejected (R of m): Holm stops at the step comparing with α/(m − R), so every rejected
 * p-value lies below it and the first kept one above; Benjamini–Hochberg rejects exactly the
 * p-values ≤ R·α/m (the level of Benjamini & Yekutieli's 2005 false-coverage-rate intervals).
 * Intervals at 1 − α′ therefore exclude "no effect" exactly for the significant comparisons.
 */
export function perComparisonAlpha(
  correction: 'HOLM' | 'BENJAMINI_HOCHBERG',
  alpha: number,
  comparisons: number,
  rejections: number,
): number {
  if (comparisons <= 1) return alpha;
  if (correction === 'HOLM') return alpha / Math.max(1, comparisons - rejections);
  return (Math.max(1, rejections) * alpha) / comparisons;
}
