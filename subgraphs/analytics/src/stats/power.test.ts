import { seededRandom } from '../seed/demo';
import { powerAnalysis } from './power';
import { twoProportionTest } from './proportions';
import { welchTTest } from './welch';

const base = { alpha: 0.05, power: 0.8, variants: 2, baselineVariance: 0 };

describe('power and minimum detectable effect', () => {
  // Expected values computed with scipy 1.17 (scipy.stats.norm.ppf for the quantiles, same formula).
  it('gives the textbook sample sizes', () => {
    expect(
      powerAnalysis({ ...base, kind: 'CONVERSION', baselineMean: 0.1, relativeEffect: 0.2 })
        .sampleSizePerVariant,
    ).toBe(3841);
    // Three variants: each comparison planned at 0.05 / 2.
    const three = powerAnalysis({
      ...base,
      kind: 'MEAN',
      variants: 3,
      baselineMean: 10,
      baselineVariance: 4,
      relativeEffect: 0.05,
    });
    expect(three.sampleSizePerVariant).toBe(305);
    expect(three.comparisonAlpha).toBe(0.025);
    const mde = powerAnalysis({
      ...base,
      kind: 'MEAN',
      baselineMean: 10,
      baselineVariance: 4,
      relativeEffect: 0.05,
      sampleSizePerVariant: 1000,
    });
    expect(mde.minimumDetectableEffect).toBeCloseTo(0.02505813996983669, 12);
  });

  it('reaches the planned power in seeded simulations (means and rates)', () => {
    const random = seededRandom(42);
    const z = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const runs = 600;
    const band = 3 * Math.sqrt((0.8 * 0.2) / runs);

    const means = powerAnalysis({
      ...base,
      kind: 'MEAN',
      baselineMean: 10,
      baselineVariance: 4,
      relativeEffect: 0.05,
    });
    const n = means.sampleSizePerVariant!;
    let detected = 0;
    for (let r = 0; r < runs; r++) {
      const summary = (mu: number) => {
        const xs = Array.from({ length: n }, () => mu + 2 * z());
        const m = xs.reduce((s, x) => s + x, 0) / n;
        return { mean: m, variance: xs.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1), n };
      };
      const test = welchTTest(summary(10), summary(10.5), 0.95);
      if (test.pValue! <= 0.05) detected++;
    }
    expect(detected / runs).toBeGreaterThan(0.8 - band);
    expect(detected / runs).toBeLessThan(0.8 + band);

    const rates = powerAnalysis({ ...base, kind: 'CONVERSION', baselineMean: 0.2, relativeEffect: 0.25 });
    const m = rates.sampleSizePerVariant!;
    detected = 0;
    for (let r = 0; r < runs; r++) {
      const conversions = (p: number) => Array.from({ length: m }, () => random() < p).filter(Boolean).length;
      const test = twoProportionTest(
        { users: m, conversions: conversions(0.2) },
        { users: m, conversions: conversions(0.25) },
        0.95,
      );
      if (test.pValue! <= 0.05) detected++;
    }
    expect(detected / runs).toBeGreaterThan(0.8 - band);
    expect(detected / runs).toBeLessThan(0.8 + band);
  });

  it('says why it cannot plan', () => {
    expect(powerAnalysis({ ...base, kind: 'MEAN', baselineMean: 0, relativeEffect: 0.1 }).status).toBe(
      'INSUFFICIENT_DATA',
    );
    expect(powerAnalysis({ ...base, kind: 'MEAN', baselineMean: 3, relativeEffect: 0.1 }).notes[0]).toMatch(
      /variance is 0/,
    );
    expect(
      powerAnalysis({ ...base, kind: 'CONVERSION', baselineMean: 0.9, relativeEffect: 0.2 }).status,
    ).toBe('INVALID_INPUT');
    expect(
      powerAnalysis({ ...base, kind: 'MEAN', variants: 1, baselineMean: 3, relativeEffect: 0.1 }).status,
    ).toBe('INVALID_INPUT');
  });
});
