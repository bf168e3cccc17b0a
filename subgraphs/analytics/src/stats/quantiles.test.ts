// Quantile and ratio metrics in the engine: the order-statistic interval's coverage by seeded
// simulation, and RATIO / QUANTILE comparisons reaching one verdict their interval agrees with.
import { analyzeExperiment } from './analyze';
import { binomialCdf, quantileRanks, sampleQuantile } from './quantiles';
import { ratioEstimate } from './ratio';
import { expectVerdictAgrees, gaussianFrom, seededUniform } from './test-support';
import type { VariantSummary } from './types';

describe('quantile intervals', () => {
  it('binomial CDF at its ends and a known value', () => {
    expect(binomialCdf(-1, 10, 0.5)).toBe(0);
    expect(binomialCdf(10, 10, 0.5)).toBe(1);
    // P(B ≤ 5) for Binomial(10, 1/2) = 638/1024.
    expect(binomialCdf(5, 10, 0.5)).toBeCloseTo(638 / 1024, 12);
  });

  it('refuses a tail it cannot bound: p99 of 50 values has no upper bound', () => {
    expect(quantileRanks(50, 0.99, 0.95).upper).toBeNull();
    const q = sampleQuantile(
      Array.from({ length: 50 }, (_, i) => i),
      0.99,
      0.95,
    );
    expect(q.upper).toBeNull();
    expect(q.standardError).toBeNull();
    expect(q.estimate).toBe(49);
  });

  // 2,000 samples of 300 lognormal values: the p95 interval must cover the true p95 at least
  // 95 % of the time, less the simulation's binomial noise (3 standard errors: 1.5 points).
  it('covers the true p95 of a skewed distribution at least 95 % of the time', () => {
    const uniform = seededUniform(18);
    const gaussian = gaussianFrom(uniform);
    const truth = Math.exp(1.6448536269514722); // p95 of lognormal(0, 1)
    let covered = 0;
    const runs = 2000;
    for (let r = 0; r < runs; r++) {
      const values = Array.from({ length: 300 }, () => Math.exp(gaussian()));
      const q = sampleQuantile(values, 0.95, 0.95);
      if (q.lower! <= truth && truth <= q.upper!) covered++;
    }
    expect(covered / runs).toBeGreaterThanOrEqual(0.95 - 3 * Math.sqrt((0.95 * 0.05) / runs));
  });
});

const estimated = (variant: string, users: number, value: number, se: number): VariantSummary => ({
  variant,
  weight: 50,
  users,
  conversions: 0,
  sum: 0,
  sumSquares: 0,
  estimated: {
    value,
    standardError: se,
    interval: { lower: value - 1.96 * se, upper: value + 1.96 * se },
    notes: [],
  },
});

describe('RATIO and QUANTILE comparisons', () => {
  it('p95 latency: a slower treatment is WORSE when lower is better, and its interval agrees', () => {
    const result = analyzeExperiment({
      kind: 'QUANTILE',
      higherIsBetter: false,
      variants: [estimated('control', 5000, 800, 12), estimated('treatment', 5000, 870, 14)],
    });
    expect(result.test).toBe('QUANTILE_Z_TEST');
    const row = result.variants[1]!;
    expect(row.absoluteUplift!.estimate).toBeCloseTo(70, 10);
    expect(row.decision).toBe('WORSE');
    expectVerdictAgrees(row, false, false, 'p95 latency');
  });

  it('revenue per session: delta-method estimates compared with a z-test', () => {
    const control = ratioEstimate({
      users: 4000,
      numeratorSum: 40_000,
      denominatorSum: 12_000,
      numeratorSumSquares: 1_200_000,
      denominatorSumSquares: 48_000,
      crossSum: 150_000,
    });
    const treatment = ratioEstimate({
      users: 4000,
      numeratorSum: 40_400,
      denominatorSum: 12_000,
      numeratorSumSquares: 1_220_000,
      denominatorSumSquares: 48_000,
      crossSum: 152_000,
    });
    const result = analyzeExperiment({
      kind: 'RATIO',
      higherIsBetter: true,
      variants: [
        estimated('control', 4000, control.ratio!, control.standardError!),
        estimated('treatment', 4000, treatment.ratio!, treatment.standardError!),
      ],
    });
    expect(result.test).toBe('DELTA_METHOD_Z_TEST');
    const row = result.variants[1]!;
    expect(row.mean).toBeCloseTo(40_400 / 12_000, 12);
    expect(row.pValue).toBeGreaterThan(0.05);
    expect(row.decision).toBe('INCONCLUSIVE');
    expectVerdictAgrees(row, true, false, 'revenue per session');
  });

  it('a variant without an estimate is INSUFFICIENT_DATA, with the reason', () => {
    const result = analyzeExperiment({
      kind: 'QUANTILE',
      higherIsBetter: false,
      variants: [
        estimated('control', 40, 100, 5),
        {
          ...estimated('treatment', 40, 0, 0),
          estimated: { value: 120, standardError: null, interval: null, notes: ['Too few values.'] },
        },
      ],
    });
    expect(result.variants[1]!.status).toBe('INSUFFICIENT_DATA');
    expect(result.variants[1]!.notes).toContain('Too few values.');
    expect(result.variants[1]!.decision).toBe('NOT_TESTED');
  });
});
