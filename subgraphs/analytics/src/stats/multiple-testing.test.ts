import { holmBonferroni } from './multiple-testing';
import { expectClose, reference } from './test-support';

describe('holmBonferroni', () => {
  // Hand-worked: p = (0.01, 0.04, 0.03, 0.005), m = 4, α = 0.05.
  // Sorted: 0.005·4 = 0.02 → reject; 0.01·3 = 0.03 → reject; 0.03·2 = 0.06 → stop.
  // Adjusted (running maximum): 0.02, 0.03, 0.06, max(0.06, 0.04·1) = 0.06.
  it('matches the hand-worked example', () => {
    const { adjusted, rejected } = holmBonferroni([0.01, 0.04, 0.03, 0.005], 0.05);
    expect(adjusted.map((p) => Number(p.toFixed(12)))).toEqual([0.03, 0.06, 0.06, 0.02]);
    expect(rejected).toEqual([true, false, false, true]);
  });

  // Holm (1979) only rejects when every smaller p-value was rejected: 0.04 < 0.05 alone would be
  // significant, but after 0.03·2 = 0.06 fails nothing larger is rejected.
  it('stops at the first non-rejection', () => {
    expect(holmBonferroni([0.03, 0.04], 0.05).rejected).toEqual([false, false]);
    expect(holmBonferroni([0.02, 0.04], 0.05).rejected).toEqual([true, true]);
  });

  it('caps adjusted values at 1 and keeps ties deterministic', () => {
    const { adjusted } = holmBonferroni([0.5, 0.5, 0.5], 0.05);
    expect(adjusted).toEqual([1, 1, 1]);
    expect(holmBonferroni([0.01, 0.01], 0.05).adjusted).toEqual([0.02, 0.02]);
  });

  it('handles empty input and treats invalid p-values as 1', () => {
    expect(holmBonferroni([], 0.05)).toEqual({ adjusted: [], rejected: [] });
    const result = holmBonferroni([Number.NaN, 0.001, -1], 0.05);
    expect(result.rejected).toEqual([false, true, false]);
    expect(result.adjusted[0]).toBe(1);
  });

  it('is plain Bonferroni-free for a single test', () => {
    expect(holmBonferroni([0.049], 0.05)).toEqual({ adjusted: [0.049], rejected: [true] });
  });

  it('matches the independent Python implementation on the multi-metric reference', () => {
    const { pValues, adjustedPValues, significant } = reference.multiMetric.expected;
    const result = holmBonferroni(pValues, 0.05);
    result.adjusted.forEach((p, index) => {
      expectClose(p, adjustedPValues[index]!, 12);
    });
    expect(result.rejected).toEqual(significant);
  });
});
