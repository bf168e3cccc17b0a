// Per-variant statistics from sufficient statistics (users, conversions, Σx, Σx²): rate or
// mean, sample variance, standard error and a confidence interval. Also the input checks,
// since every later step relies on a consistent summary.
import { normalQuantile, studentTQuantile } from './distributions';
import type { Interval, MetricKind, ResultStatus, VariantSummary } from './types';

export interface VariantDescription {
  users: number;
  conversions: number | null;
  rate: number | null;
  mean: number | null;
  variance: number | null;
  standardError: number | null;
  interval: Interval | null;
  status: ResultStatus;
  notes: string[];
}

const isCount = (value: number) => Number.isInteger(value) && value >= 0;

/** RATIO and QUANTILE: estimated outside the sums, compared with a z-test of the difference. */
export const isEstimatedKind = (kind: MetricKind) => kind === 'RATIO' || kind === 'QUANTILE';

/** Problems with a summary, as sentences; empty when it is usable. */
export function validateSummary(kind: MetricKind, summary: VariantSummary): string[] {
  const problems: string[] = [];
  const { users } = summary;
  if (!isCount(users)) {
    problems.push(`users must be a non-negative integer (got ${users}).`);
    return problems;
  }
  if (kind === 'CONVERSION') {
    const { conversions } = summary;
    if (!isCount(conversions))
      problems.push(`conversions must be a non-negative integer (got ${conversions}).`);
    else if (conversions > users) problems.push(`conversions (${conversions}) exceed users (${users}).`);
    return problems;
  }
  if (isEstimatedKind(kind)) {
    const e = summary.estimated;
    if (!e) problems.push(`a ${kind} metric needs each variant's estimate.`);
    else if (e.value !== null && !Number.isFinite(e.value)) problems.push('the estimate must be finite.');
    else if (e.standardError !== null && !(e.standardError >= 0))
      problems.push('the standard error must be a non-negative number.');
    return problems;
  }
  const { sum, sumSquares } = summary;
  if (!Number.isFinite(sum) || !Number.isFinite(sumSquares)) {
    problems.push('sum and sumSquares must be finite numbers.');
  } else if (sumSquares < 0) {
    problems.push(`sumSquares must not be negative (got ${sumSquares}).`);
  } else if (users === 0 && (sum !== 0 || sumSquares !== 0)) {
    problems.push('sum and sumSquares must be 0 when there are no users.');
  } else if (users > 0 && sumSquares < ((sum * sum) / users) * (1 - 1e-9) - 1e-12) {
    // Cauchy–Schwarz: Σx² ≥ (Σx)²/n for any real values, so anything below is corrupt.
    problems.push('sumSquares is smaller than sum²/users, which no set of values can produce.');
  }
  return problems;
}

/** Critical value z_{1−α/2} for a two-sided interval at `confidenceLevel`. */
export function normalCritical(confidenceLevel: number): number {
  return normalQuantile(0.5 + confidenceLevel / 2);
}

/**
 * Wilson score interval for a binomial proportion (Wilson 1927). Chosen over the Wald interval
 * for per-variant and daily rates because it stays inside [0, 1] and is not degenerate at 0 or
 * n conversions, which small daily samples hit often.
 */
export function wilsonInterval(successes: number, trials: number, confidenceLevel: number): Interval | null {
  if (!(trials > 0)) return null;
  const z = normalCritical(confidenceLevel);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials));
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/** Student t interval mean ± t_{1−α/2, n−1} · s/√n for a mean of n ≥ 2 values. */
export function meanInterval(
  mean: number,
  variance: number,
  n: number,
  confidenceLevel: number,
): Interval | null {
  if (!(n >= 2)) return null;
  const half = studentTQuantile(0.5 + confidenceLevel / 2, n - 1) * Math.sqrt(variance / n);
  return { lower: mean - half, upper: mean + half };
}

/** Sample variance (divisor n − 1) from Σx and Σx²; clamped at 0 against rounding. */
export function sampleVariance(n: number, sum: number, sumSquares: number): number {
  const mean = sum / n;
  return Math.max(0, (sumSquares - sum * mean) / (n - 1));
}

/** Describes one variant. Never throws; problems surface as status and notes. */
export function describeVariant(
  kind: MetricKind,
  summary: VariantSummary,
  confidenceLevel: number,
): VariantDescription {
  const empty: VariantDescription = {
    users: Number.isFinite(summary.users) ? summary.users : 0,
    conversions: null,
    rate: null,
    mean: null,
    variance: null,
    standardError: null,
    interval: null,
    status: 'OK',
    notes: [],
  };
  const problems = validateSummary(kind, summary);
  if (problems.length > 0) return { ...empty, status: 'INVALID_INPUT', notes: problems };

  const n = summary.users;
  if (n === 0) {
    return {
      ...empty,
      conversions: kind === 'CONVERSION' ? summary.conversions : null,
      status: 'INSUFFICIENT_DATA',
      notes: ['No users yet, so no rate, mean or variance.'],
    };
  }

  if (kind === 'CONVERSION') {
    const conversions = summary.conversions;
    const rate = conversions / n;
    const result: VariantDescription = {
      ...empty,
      users: n,
      conversions,
      rate,
      mean: rate,
      interval: wilsonInterval(conversions, n, confidenceLevel),
    };
    if (n < 2) {
      return {
        ...result,
        status: 'INSUFFICIENT_DATA',
        notes: ['A single user gives no variance estimate; at least 2 users are needed.'],
      };
    }
    // The 0/1 values have Σx = Σx² = conversions, so the n − 1 variance is n p(1−p)/(n−1).
    result.variance = (n * rate * (1 - rate)) / (n - 1);
    result.standardError = Math.sqrt((rate * (1 - rate)) / n);
    if (conversions === 0) result.notes.push('No conversions yet: the rate and its variance are 0.');
    else if (conversions === n)
      result.notes.push('Every user converted: the rate is 1 and its variance is 0.');
    return result;
  }

  if (isEstimatedKind(kind)) {
    const e = summary.estimated!;
    const result: VariantDescription = {
      ...empty,
      users: n,
      mean: e.value,
      standardError: e.standardError,
      // The per-unit variance the sequential mixture is tuned with: se² · n.
      variance: e.standardError === null ? null : e.standardError * e.standardError * n,
      interval: e.interval,
      notes: [...e.notes],
    };
    if (e.value === null || e.standardError === null) {
      return {
        ...result,
        status: 'INSUFFICIENT_DATA',
        notes: result.notes.length ? result.notes : ['Too few values for an estimate with a standard error.'],
      };
    }
    return result;
  }

  const mean = summary.sum / n;
  if (n < 2) {
    return {
      ...empty,
      users: n,
      mean,
      status: 'INSUFFICIENT_DATA',
      notes: ['A single user gives no variance estimate; at least 2 users are needed.'],
    };
  }
  const variance = sampleVariance(n, summary.sum, summary.sumSquares);
  const notes: string[] = [];
  if (variance === 0) notes.push('All users have the same value: the variance is 0.');
  return {
    ...empty,
    users: n,
    mean,
    variance,
    standardError: Math.sqrt(variance / n),
    interval: meanInterval(mean, variance, n, confidenceLevel),
    notes,
  };
}
