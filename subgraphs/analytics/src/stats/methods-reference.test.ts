// CUPED, power, quantiles and ratios against SciPy (tools/stats-reference/methods.py wrote the checked-in fixture;
// see its docstring for the independent route each value takes).
import reference from './reference-methods.json';
import { cupedAnalysis } from './cuped';
import { type PowerInput, powerAnalysis } from './power';
import { quantileRanks, sampleQuantile } from './quantiles';
import { ratioEstimate } from './ratio';
import { expectClose } from './test-support';

describe('CUPED, power, quantiles and ratios against SciPy', () => {
  it.each(reference.cuped.map((c, i) => [i, c] as const))('CUPED case %i', (_i, c) => {
    const got = cupedAnalysis(c.input, 'control', 0.95);
    expectClose(got.theta, c.theta, 9, 'theta');
    expectClose(got.variants[0]!.adjustedMean, c.adjustedMeans[0]!, 10, 'control adjusted mean');
    expectClose(got.variants[1]!.adjustedMean, c.adjustedMeans[1]!, 10, 'treatment adjusted mean');
    expectClose(got.variants[1]!.pValue, c.pValue, 7, 'p-value');
    expectClose(got.variants[1]!.absoluteUplift!.lower, c.lower, 7, 'lower');
    expectClose(got.variants[1]!.absoluteUplift!.upper, c.upper, 7, 'upper');
  });

  it.each(reference.power.map((c, i) => [i, c] as const))('power case %i', (_i, c) => {
    const got = powerAnalysis(c.input as PowerInput);
    expect(got.sampleSizePerVariant).toBe(c.sampleSizePerVariant);
  });

  it.each(reference.quantiles.map((c, i) => [i, c] as const))('quantile case %i', (_i, c) => {
    const ranks = quantileRanks(c.values.length, c.q, c.level);
    expect(ranks).toEqual({ lower: c.lowerRank, upper: c.upperRank });
    const got = sampleQuantile(c.values, c.q, c.level);
    expect(got.estimate).toBe(c.estimate);
    expect(got.lower).toBe(c.lower);
    expect(got.upper).toBe(c.upper);
    if (c.standardError === null) expect(got.standardError).toBeNull();
    else expectClose(got.standardError, c.standardError, 12, 'standard error');
  });

  it.each(reference.ratios.map((c, i) => [i, c] as const))('ratio case %i', (_i, c) => {
    const got = ratioEstimate(c.input);
    expectClose(got.ratio, c.ratio, 12, 'ratio');
    expectClose(got.standardError, c.standardError, 9, 'delta-method standard error');
  });
});
