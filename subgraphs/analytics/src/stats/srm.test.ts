import { sampleRatioMismatch } from './srm';
import { expectClose, reference } from './test-support';

describe('sampleRatioMismatch', () => {
  it('matches scipy.stats.chisquare for every reference case', () => {
    for (const experiment of reference.experiments) {
      const result = sampleRatioMismatch(
        experiment.input.variants.map((v) => v.users),
        experiment.input.variants.map((v) => v.weight),
      );
      expectClose(result.pValue, experiment.expected.srm.pValue!, 9, `${experiment.name} p`);
      expectClose(
        result.statistic,
        experiment.expected.srm.statistic!,
        9,
        `${experiment.name} statistic`,
        1e-12,
      );
      result.expected.forEach((value, index) => {
        expectClose(value, experiment.expected.srm.expected[index]!, 12);
      });
    }
  });

  // Textbook example: OpenIntro Statistics, 3rd ed. (2015), §6.3 — 275 jurors by race
  // (205, 26, 25, 19) against registered-voter shares (0.72, 0.07, 0.12, 0.09). The book finds
  // χ² = 5.89 with 3 degrees of freedom and a p-value between 0.1 and 0.2.
  it('reproduces the OpenIntro juror goodness-of-fit example', () => {
    const result = sampleRatioMismatch([205, 26, 25, 19], [72, 7, 12, 9]);
    expect(result.statistic!).toBeCloseTo(5.89, 2);
    expect(result.degreesOfFreedom).toBe(3);
    expect(result.expected).toEqual([198, 19.25, 33, 24.75]);
    expect(result.pValue!).toBeGreaterThan(0.1);
    expect(result.pValue!).toBeLessThan(0.2);
    expect(result.warning).toBe(false);
  });

  it('warns below p = 0.001', () => {
    const result = sampleRatioMismatch([10000, 10600], [50, 50]);
    expect(result.warning).toBe(true);
    expect(result.notes.join(' ')).toMatch(/Sample-ratio mismatch/);
    expect(sampleRatioMismatch([10000, 10100], [50, 50]).warning).toBe(false);
  });

  it('treats users in a zero-weight variant as a certain mismatch', () => {
    expect(sampleRatioMismatch([100, 100, 3], [50, 50, 0])).toMatchObject({ pValue: 0, warning: true });
  });

  it('drops zero-weight variants without users from the test', () => {
    const result = sampleRatioMismatch([100, 110, 0], [50, 50, 0]);
    expect(result.degreesOfFreedom).toBe(1);
    expect(result.pValue!).toBeGreaterThan(0.4);
  });

  it('returns null with a note when there is nothing to test', () => {
    expect(sampleRatioMismatch([100], [100])).toMatchObject({ pValue: null, warning: false });
    expect(sampleRatioMismatch([0, 0], [50, 50])).toMatchObject({ pValue: null, expected: [0, 0] });
    expect(sampleRatioMismatch([5, 5], [0, 0]).pValue).toBeNull();
    expect(sampleRatioMismatch([5, 5], [50, -1]).pValue).toBeNull();
    expect(sampleRatioMismatch([5, 5], [100, 0]).warning).toBe(true);
  });

  it('notes when expected counts are too small for the chi-square approximation', () => {
    expect(sampleRatioMismatch([3, 4], [50, 50]).notes.join(' ')).toMatch(/below 5/);
  });

  // Issue 18: the documentation promises no NaN, but invalid counts were echoed back.
  it('never returns NaN for invalid counts', () => {
    const result = sampleRatioMismatch([Number.NaN, 100, Number.POSITIVE_INFINITY], [1, 1, 1]);
    expect(result.pValue).toBeNull();
    expect(result.observed).toEqual([0, 100, 0]);
    expect(result.expected.every(Number.isFinite)).toBe(true);
    expect(result.notes.join(' ')).toMatch(/variant 1 \(NaN\), 3 \(Infinity\)/);
  });
});
