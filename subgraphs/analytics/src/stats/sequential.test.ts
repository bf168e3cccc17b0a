import { normalQuantile, normalTwoSidedPValue } from './distributions';
import { mixingVariance, normalMixtureTest, optimalMixingRatio } from './sequential';
import { expectClose, gaussianFrom, reference, seededUniform } from './test-support';

describe('mixture tuning', () => {
  it('matches the numerically minimised width factor', () => {
    for (const [alpha, ratio] of reference.mixingRatio)
      expectClose(optimalMixingRatio(alpha), ratio, 12, `alpha=${alpha}`);
  });

  it('makes the interval narrowest at the tuning sample size', () => {
    const width = (n: number, tau2: number) => {
      const result = normalMixtureTest(0, 2 / n, tau2, 0.05);
      return result.upper - result.lower;
    };
    const tau2 = mixingVariance(1, 1, 1000, 0.05);
    // Any other τ² gives a wider interval at n = 1000 users per variant.
    expect(width(1000, tau2)).toBeLessThan(width(1000, tau2 * 1.5));
    expect(width(1000, tau2)).toBeLessThan(width(1000, tau2 / 1.5));
  });
});

describe('normalMixtureTest', () => {
  it('matches the numerically integrated mixture likelihood ratio and its inversion', () => {
    for (const experiment of reference.experiments.filter((e) => e.input.sequential)) {
      experiment.expected.variants.slice(1).forEach((row, index) => {
        const expected = row.sequential as {
          pValue: number;
          absoluteUplift: { estimate: number; lower: number; upper: number };
          mixingVariance: number;
        };
        const uplift = expected.absoluteUplift;
        const treatment = experiment.expected.variants[index + 1]!;
        const control = experiment.expected.variants[0]!;
        const variance = (control.standardError as number) ** 2 + (treatment.standardError as number) ** 2;
        const result = normalMixtureTest(
          uplift.estimate,
          variance,
          expected.mixingVariance,
          experiment.input.alpha ?? 0.05,
        );
        expectClose(result.pValue, expected.pValue, 9, `${experiment.name} p`);
        // With several comparisons the interval is at the level the correction leaves (analyze.test.ts).
        if (experiment.input.variants.length > 2) return;
        expectClose(result.lower, uplift.lower, 9, `${experiment.name} lower`);
        expectClose(result.upper, uplift.upper, 9, `${experiment.name} upper`);
      });
    }
  });

  it('rejects exactly when the interval excludes 0', () => {
    for (const estimate of [0, 0.5, 1, 1.5, 2, 3, -2.5]) {
      const result = normalMixtureTest(estimate, 0.25, 0.5, 0.05);
      expect(result.pValue <= 0.05).toBe(result.lower > 0 || result.upper < 0);
    }
  });

  it('is wider than the fixed-horizon interval (the price of peeking)', () => {
    const variance = 0.01;
    const result = normalMixtureTest(0.3, variance, 8 * variance, 0.05);
    expect(result.upper - 0.3).toBeGreaterThan(normalQuantile(0.975) * Math.sqrt(variance));
    expect(result.pValue).toBeGreaterThan(normalTwoSidedPValue(0.3 / Math.sqrt(variance)));
  });

  // Seeded simulation, deterministic: 400 A/A experiments of 2000 users per arm, checked after
  // every 50 users. The always-valid test keeps its false-positive rate under alpha; the
  // fixed-horizon z-test read at every peek does not.
  it('keeps the false-positive rate under alpha when peeking at A/A tests', () => {
    const gaussian = gaussianFrom(seededUniform(12345));
    const runs = 400;
    const tau2 = mixingVariance(1, 1, 1000, 0.05);
    let sequentialRejections = 0;
    let naiveRejections = 0;
    for (let run = 0; run < runs; run++) {
      let sumA = 0;
      let sumB = 0;
      let rejectedSequential = false;
      let rejectedNaive = false;
      // A batch of 50 standard-normal users sums to N(0, 50), so draw one value per batch.
      for (let n = 50; n <= 2000; n += 50) {
        sumA += Math.sqrt(50) * gaussian();
        sumB += Math.sqrt(50) * gaussian();
        const difference = (sumB - sumA) / n;
        const variance = 2 / n;
        if (normalMixtureTest(difference, variance, tau2, 0.05).pValue <= 0.05) {
          rejectedSequential = true;
        }
        if (normalTwoSidedPValue(difference / Math.sqrt(variance)) <= 0.05) rejectedNaive = true;
      }
      if (rejectedSequential) sequentialRejections += 1;
      if (rejectedNaive) naiveRejections += 1;
    }
    expect(sequentialRejections / runs).toBeLessThanOrEqual(0.05);
    expect(naiveRejections / runs).toBeGreaterThan(0.15);
  });
});
