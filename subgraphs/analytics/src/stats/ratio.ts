// Ratio metrics: Σ numerator / Σ denominator over a variant's users (revenue per session: each
// user's revenue and sessions), with the delta-method variance, since users, not sessions, are
// the randomised units and a user's sessions are correlated (Deng, Knoblich & Lu 2018, "Applying
// the Delta Method in Metric Analytics", §3). With per-user means n̄, d̄, sample variances s_n²,
// s_d² and covariance s_nd over N users, R = n̄ / d̄ and
//   Var(R) ≈ (s_n² − 2 R s_nd + R² s_d²) / (N d̄²).
// Valid when d̄ is well away from 0 relative to its standard error (a first-order Taylor
// expansion); the variants are independent, so a difference of ratios has the summed variances.

/** Per-user sums of one variant: Σn, Σd, Σn², Σd², Σnd over its users (users without events count 0). */
export interface RatioSums {
  users: number;
  numeratorSum: number;
  denominatorSum: number;
  numeratorSumSquares: number;
  denominatorSumSquares: number;
  crossSum: number;
}

export interface RatioEstimate {
  ratio: number | null;
  /** Delta-method standard error of `ratio`, or null (fewer than 2 users, or no denominator). */
  standardError: number | null;
  notes: string[];
}

export function ratioEstimate(s: RatioSums): RatioEstimate {
  const n = s.users;
  if (!(n >= 1)) return { ratio: null, standardError: null, notes: ['No users yet.'] };
  const meanN = s.numeratorSum / n;
  const meanD = s.denominatorSum / n;
  if (meanD === 0) {
    return { ratio: null, standardError: null, notes: ['The denominator is 0 for every user: no ratio.'] };
  }
  const ratio = meanN / meanD;
  if (n < 2) {
    return {
      ratio,
      standardError: null,
      notes: ['A single user gives no variance estimate; at least 2 users are needed.'],
    };
  }
  const varN = (s.numeratorSumSquares - n * meanN * meanN) / (n - 1);
  const varD = (s.denominatorSumSquares - n * meanD * meanD) / (n - 1);
  const cov = (s.crossSum - n * meanN * meanD) / (n - 1);
  const variance = Math.max(0, (varN - 2 * ratio * cov + ratio * ratio * varD) / (n * meanD * meanD));
  return { ratio, standardError: Math.sqrt(variance), notes: [] };
}
