// CUPED and power against SciPy (tools/stats-reference/methods.py wrote the checked-in fixture;
// see its docstring for the independent route each value takes).
import reference from './reference-methods.json';
import { cupedAnalysis } from './cuped';
import { type PowerInput, powerAnalysis } from './power';
import { expectClose } from './test-support';

describe('CUPED and power against SciPy', () => {
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
});
