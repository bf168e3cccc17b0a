import { overallProgress, variantProgress } from './progress';

describe('progress toward the minimum sample size', () => {
  it('is a capped fraction per variant', () => {
    expect(variantProgress(250, 1000)).toBe(0.25);
    expect(variantProgress(1500, 1000)).toBe(1);
    expect(variantProgress(0, 1000)).toBe(0);
    expect(variantProgress(100, null)).toBeNull();
  });

  it('overall caps each variant first, so a full variant cannot hide an empty one', () => {
    expect(overallProgress([2000, 0], 1000)).toBe(0.5);
    expect(overallProgress([1000, 500, 250], 1000)).toBeCloseTo(1750 / 3000, 15);
    expect(overallProgress([1000, 1200], 1000)).toBe(1);
    expect(overallProgress([], 1000)).toBeNull();
    expect(overallProgress([5], null)).toBeNull();
  });
});
