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
