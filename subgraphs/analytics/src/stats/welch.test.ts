import { expectClose, reference, referenceExperiment } from './test-support';
import { describeVariant } from './variant-statistics';
import { welchDegreesOfFreedom, welchTTest } from './welch';

const asMean = (description: ReturnType<typeof describeVariant>) => ({
  mean: description.mean!,
  variance: description.variance!,
  n: description.users,
});

describe('welchTTest', () => {
  it('matches scipy.stats.ttest_ind(equal_var=False) on the raw data behind each reference case', () => {
    for (const name of [
      'normal data, unequal variances',
      'revenue with many zeros',
      'event counts, three variants',
      'tiny samples',
      'lower is better (latency), alpha 0.01',
    ]) {
      const { input, expected } = referenceExperiment(name);
      const level = 1 - (input.alpha ?? 0.05);
      const control = asMean(describeVariant(input.kind, input.variants[0]!, level));
      input.variants.slice(1).forEach((summary, index) => {
        const row = expected.variants[index + 1]!;
        const result = welchTTest(control, asMean(describeVariant(input.kind, summary, level)), level);
        const uplift = row.absoluteUplift as { lower: number; upper: number };
        expectClose(result.statistic, row.statistic as number, 9, `${name} t`);
        expectClose(result.degreesOfFreedom, row.degreesOfFreedom as number, 9, `${name} df`);
        expectClose(result.pValue, row.pValue as number, 9, `${name} p`);
        expectClose(result.lower, uplift.lower, 9, `${name} lower`);
        expectClose(result.upper, uplift.upper, 9, `${name} upper`);
      });
    }
  });

  // Textbook example: NIST/SEMATECH e-Handbook of Statistical Methods (2012), §1.3.5.3
  // "Two-Sample t-Test for Equal Means", AUTO83B car-mileage data: US cars n = 249,
  // mean 20.14458, sd 6.41470; Japanese cars n = 79, mean 30.48101, sd 6.10771. Without the
  // equal-variance assumption the published results are T = 12.946 (sign by group order) and
  // ν = 136.87, with two-sided p = 1.571e-25 (as also printed in the Boost.Math documentation's
  // worked example of the same data).
  it('reproduces the NIST car-mileage example', () => {
    const us = { mean: 20.14458, variance: 6.4147 ** 2, n: 249 };
    const japan = { mean: 30.48101, variance: 6.10771 ** 2, n: 79 };
    const result = welchTTest(us, japan, 0.95);
    expect(result.statistic!).toBeCloseTo(12.946, 3);
    expect(result.degreesOfFreedom!).toBeCloseTo(136.87, 2);
    expectClose(result.pValue, 1.571e-25, 3);
    const { expected } = reference.nistWelch;
    expectClose(result.statistic, expected.statistic, 9);
    expectClose(result.degreesOfFreedom, expected.degreesOfFreedom, 9);
    expectClose(result.pValue, expected.pValue, 9);
    expectClose(result.lower, expected.lower, 9);
    expectClose(result.upper, expected.upper, 9);
  });

  it('reduces to n − 1 degrees of freedom when the other group has no variance', () => {
    expect(welchDegreesOfFreedom({ mean: 0, variance: 0, n: 50 }, { mean: 1, variance: 4, n: 12 })).toBe(11);
  });

  it('returns nulls and a zero-width interval when both variances are 0', () => {
    const result = welchTTest({ mean: 2, variance: 0, n: 5 }, { mean: 3, variance: 0, n: 5 }, 0.95);
    expect(result).toEqual({
      difference: 1,
      standardError: 0,
      degreesOfFreedom: null,
      statistic: null,
      pValue: null,
      lower: 1,
      upper: 1,
    });
  });
});
