import { expectClose, referenceExperiment } from './test-support';
import type { VariantSummary } from './types';
import {
  describeVariant,
  meanInterval,
  sampleVariance,
  validateSummary,
  wilsonInterval,
} from './variant-statistics';

const conversion = (users: number, conversions: number): VariantSummary => ({
  variant: 'v',
  weight: 50,
  users,
  conversions,
  sum: conversions,
  sumSquares: conversions,
});

describe('validateSummary', () => {
  it.each([
    ['negative users', { users: -1, conversions: 0 }, 'CONVERSION'],
    ['fractional users', { users: 2.5, conversions: 0 }, 'CONVERSION'],
    ['conversions above users', { users: 10, conversions: 11 }, 'CONVERSION'],
    ['NaN conversions', { users: 10, conversions: Number.NaN }, 'CONVERSION'],
    ['infinite sum', { users: 10, sum: Number.POSITIVE_INFINITY, sumSquares: 1 }, 'MEAN'],
    ['negative sumSquares', { users: 10, sum: 1, sumSquares: -1 }, 'MEAN'],
    ['sums without users', { users: 0, sum: 3, sumSquares: 9 }, 'COUNT'],
    ['sumSquares below sum²/n', { users: 4, sum: 10, sumSquares: 20 }, 'MEAN'],
  ] as const)('rejects %s', (_, fields, kind) => {
    const defaults: VariantSummary = {
      variant: 'v',
      weight: 1,
      users: 0,
      conversions: 0,
      sum: 0,
      sumSquares: 0,
    };
    const summary: VariantSummary = { ...defaults, ...fields };
    expect(validateSummary(kind, summary)).not.toHaveLength(0);
  });

  it('accepts consistent summaries, including equal values (Σx² = (Σx)²/n)', () => {
    expect(validateSummary('CONVERSION', conversion(10, 10))).toEqual([]);
    expect(
      validateSummary('MEAN', { variant: 'v', weight: 1, users: 4, conversions: 0, sum: 8, sumSquares: 16 }),
    ).toEqual([]);
  });
});

describe('describeVariant', () => {
  it('matches the SciPy/numpy reference for rates, means, variances and intervals', () => {
    for (const name of [
      'moderate lift',
      'small samples',
      'normal data, unequal variances',
      'event counts, three variants',
    ]) {
      const experiment = referenceExperiment(name);
      experiment.input.variants.forEach((summary, index) => {
        const expected = experiment.expected.variants[index]!;
        const actual = describeVariant(experiment.input.kind, summary, 1 - (experiment.input.alpha ?? 0.05));
        for (const field of ['mean', 'variance', 'standardError'] as const) {
          expectClose(actual[field], expected[field] as number, 9, `${name}/${summary.variant}.${field}`);
        }
        const interval = expected.interval as { lower: number; upper: number };
        expectClose(actual.interval?.lower, interval.lower, 9, `${name}/${summary.variant}.lower`);
        expectClose(actual.interval?.upper, interval.upper, 9, `${name}/${summary.variant}.upper`);
      });
    }
  });

  it('reports no users as INSUFFICIENT_DATA with nulls', () => {
    const result = describeVariant('CONVERSION', conversion(0, 0), 0.95);
    expect(result).toMatchObject({ status: 'INSUFFICIENT_DATA', rate: null, variance: null, interval: null });
    expect(result.notes[0]).toMatch(/No users/);
  });

  it('gives a rate but no variance for a single user', () => {
    const result = describeVariant('CONVERSION', conversion(1, 1), 0.95);
    expect(result).toMatchObject({
      status: 'INSUFFICIENT_DATA',
      rate: 1,
      variance: null,
      standardError: null,
    });
  });

  it('handles all and no conversions with zero variance and a Wilson interval inside [0, 1]', () => {
    const all = describeVariant('CONVERSION', conversion(40, 40), 0.95);
    expect(all).toMatchObject({ status: 'OK', rate: 1, variance: 0, standardError: 0 });
    expect(all.interval!.upper).toBe(1);
    expect(all.interval!.lower).toBeLessThan(1);
    const none = describeVariant('CONVERSION', conversion(40, 0), 0.95);
    expect(none).toMatchObject({ status: 'OK', rate: 0, variance: 0 });
    expect(none.interval!.lower).toBe(0);
    expect(none.interval!.upper).toBeGreaterThan(0);
    expect(none.notes.join(' ')).toMatch(/No conversions/);
  });

  it('reports zero variance for identical values and a zero-width interval', () => {
    const result = describeVariant(
      'MEAN',
      { variant: 'v', weight: 1, users: 3, conversions: 0, sum: 6, sumSquares: 12 },
      0.95,
    );
    expect(result).toMatchObject({
      status: 'OK',
      mean: 2,
      variance: 0,
      standardError: 0,
      interval: { lower: 2, upper: 2 },
    });
  });

  it('returns INVALID_INPUT instead of throwing', () => {
    expect(describeVariant('CONVERSION', conversion(5, 9), 0.95).status).toBe('INVALID_INPUT');
  });
});

describe('interval helpers', () => {
  it('Wilson interval for 0 of n has lower bound 0 and the closed-form upper bound z²/(n + z²)', () => {
    const z = 1.959963984540054;
    const interval = wilsonInterval(0, 30, 0.95)!;
    expect(interval.lower).toBe(0);
    expectClose(interval.upper, (z * z) / (30 + z * z), 12);
    expect(wilsonInterval(0, 0, 0.95)).toBeNull();
  });

  it('t interval needs two values', () => {
    expect(meanInterval(1, 1, 1, 0.95)).toBeNull();
  });

  it('sample variance clamps rounding below zero', () => {
    expect(sampleVariance(3, 0.3, 0.03)).toBeGreaterThanOrEqual(0);
  });
});
