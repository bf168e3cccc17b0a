// Quantiles of a numeric value (p50, p95, p99 of latency, say) with distribution-free intervals.
//
// Estimate: the inverse empirical CDF, x_(⌈qn⌉) (PostgreSQL's percentile_disc; capping uses the
// same definition). Interval: the order-statistic interval [x_(l), x_(u)] (Hahn & Meeker 1991,
// §5.2; Conover 1999, §3.2). The number B of values below the true quantile ξ is Binomial(n, q)
// for continuous data, so P(x_(l) ≤ ξ ≤ x_(u)) ≥ P(l ≤ B ≤ u − 1) = F(u − 1) − F(l − 1), F the
// binomial CDF. l is the largest rank with F(l − 1) ≤ α/2 and u the smallest with F(u − 1) ≥ 1 − α/2,
// so each tail misses with probability at most α/2: conservative, whatever the distribution. With
// ties (discrete values) the coverage only grows. Too few values for a tail (e.g. p99 of 50 values)
// leave that bound undefined: the interval is then null.
//
// Comparing two variants: each quantile's standard error is read off its 95 % interval,
// (x_(u) − x_(l)) / (2 z_0.975) — the width of the order-statistic interval estimates
// 2 z √(q(1 − q)/n) / f(ξ), the asymptotic spread of a sample quantile (Bahadur 1966) without
// estimating the density f (the idea behind the Maritz–Jarrett and Price–Bonett intervals) — and
// the difference is tested with a z-test on √(se_c² + se_t²). Valid for large samples with a
// continuous density near the quantile; docs/statistics.md says when that fails.
import { normalQuantile } from './distributions';
import { regularizedBeta } from './special-functions';

/** P(B ≤ k) for B ~ Binomial(n, q): I_{1−q}(n − k, k + 1), exactly 0 below 0 and 1 from n on. */
export function binomialCdf(k: number, n: number, q: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return regularizedBeta(1 - q, n - k, k + 1, q).lower;
}

/** 1-based ranks [lower, upper] of the order-statistic interval, or null for a tail with too few values. */
export function quantileRanks(
  n: number,
  q: number,
  level: number,
): { lower: number | null; upper: number | null } {
  const tail = (1 - level) / 2;
  // Largest k in [−1, n] with F(k) ≤ tail (F(−1) = 0): then l = k + 1.
  let lo = -1;
  let hi = n;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (binomialCdf(mid, n, q) <= tail) lo = mid;
    else hi = mid - 1;
  }
  const lower = lo + 1;
  // Smallest k in [0, n] with F(k) ≥ 1 − tail: then u = k + 1 (F(n) = 1, so k exists).
  let a = 0;
  let b = n;
  while (a < b) {
    const mid = Math.floor((a + b) / 2);
    if (binomialCdf(mid, n, q) >= 1 - tail) b = mid;
    else a = mid + 1;
  }
  const upper = a + 1;
  return { lower: lower >= 1 ? lower : null, upper: upper <= n ? upper : null };
}

/** 1-based rank of the point estimate x_(⌈qn⌉). */
export function quantileRank(n: number, q: number): number {
  return Math.min(n, Math.max(1, Math.ceil(q * n)));
}

export interface QuantileEstimate {
  /** Values the quantile is over. */
  n: number;
  q: number;
  estimate: number | null;
  /** Order-statistic interval at `level`; a bound is null when its tail has too few values. */
  lower: number | null;
  upper: number | null;
  /** (upper − lower) / (2 z) of the interval at `level`, or null without both bounds. */
  standardError: number | null;
}

/**
 * The q-quantile of `values` with its order-statistic interval at `level`. `at(rank)` reads a
 * value by 1-based rank, so a caller holding the values elsewhere (the database) can answer it.
 */
export function quantileEstimate(
  n: number,
  q: number,
  level: number,
  at: (rank: number) => number,
): QuantileEstimate {
  if (!(n >= 1) || !(q > 0 && q < 1)) {
    return { n: Math.max(0, n || 0), q, estimate: null, lower: null, upper: null, standardError: null };
  }
  const ranks = quantileRanks(n, q, level);
  const lower = ranks.lower === null ? null : at(ranks.lower);
  const upper = ranks.upper === null ? null : at(ranks.upper);
  const z = normalQuantile(0.5 + level / 2);
  return {
    n,
    q,
    estimate: at(quantileRank(n, q)),
    lower,
    upper,
    standardError: lower !== null && upper !== null ? (upper - lower) / (2 * z) : null,
  };
}

/** `quantileEstimate` over values held in memory. */
export function sampleQuantile(values: readonly number[], q: number, level: number): QuantileEstimate {
  const sorted = [...values].sort((a, b) => a - b);
  return quantileEstimate(sorted.length, q, level, (rank) => sorted[rank - 1]!);
}

/** The ranks a caller must read for `quantileEstimate` (estimate, then the bounds that exist). */
export function quantileRanksNeeded(n: number, q: number, level: number): number[] {
  if (!(n >= 1) || !(q > 0 && q < 1)) return [];
  const ranks = quantileRanks(n, q, level);
  return [quantileRank(n, q), ranks.lower, ranks.upper].filter((r): r is number => r !== null);
}
