import {
  compareConversionPosteriors,
  compareNormalPosteriors,
  compareWithEffectPrior,
  conversionPosterior,
  expectedBetaExcess,
  normalPartialExpectation,
  probabilityBetaGreater,
} from './bayesian';
import { normalPdf, normalSf } from './distributions';
import { expectClose, reference } from './test-support';

describe('beta posteriors (conversions)', () => {
  it('matches scipy.integrate.quad for chance to beat control and expected loss in every case', () => {
    for (const experiment of reference.experiments.filter(
      (e) => e.input.kind === 'CONVERSION' && !e.input.prior,
    )) {
      const [control, ...treatments] = experiment.input.variants;
      treatments.forEach((treatment, index) => {
        const row = experiment.expected.variants[index + 1]!;
        const result = compareConversionPosteriors(
          conversionPosterior(control!.conversions, control!.users),
          conversionPosterior(treatment.conversions, treatment.users),
          experiment.input.higherIsBetter,
        );
        expectClose(
          result.chanceToBeatControl,
          row.chanceToBeatControl as number,
          9,
          `${experiment.name} chance`,
        );
        expectClose(result.expectedLoss, row.expectedLoss as number, 7, `${experiment.name} loss`);
      });
    }
  });

  it('matches hand-computed integrals for small posteriors', () => {
    // X ~ Beta(2, 1) (density 2x), Y ~ Beta(1, 1): P(X > Y) = ∫ 2x · x dx = 2/3,
    // E[(Y − X)+] = ∫∫_{y>x} (y − x) 2x dx dy = 1/12.
    expectClose(probabilityBetaGreater({ alpha: 2, beta: 1 }, { alpha: 1, beta: 1 }), 2 / 3, 13);
    expectClose(expectedBetaExcess({ alpha: 1, beta: 1 }, { alpha: 2, beta: 1 }), 1 / 12, 13);
    expectClose(probabilityBetaGreater({ alpha: 1, beta: 1 }, { alpha: 1, beta: 1 }), 0.5, 13);
  });

  it('gives complementary probabilities and E[(X − Y)+] − E[(Y − X)+] = E[X] − E[Y]', () => {
    const x = conversionPosterior(120, 1000);
    const y = conversionPosterior(100, 1000);
    expectClose(probabilityBetaGreater(x, y) + probabilityBetaGreater(y, x), 1, 12);
    expectClose(expectedBetaExcess(x, y) - expectedBetaExcess(y, x), 121 / 1002 - 101 / 1002, 10);
  });

  it('is deterministic', () => {
    const run = () =>
      compareConversionPosteriors(conversionPosterior(51, 999), conversionPosterior(60, 1003), true);
    expect(run()).toEqual(run());
  });

  it('flips direction when lower is better', () => {
    const control = conversionPosterior(300, 2000);
    const treatment = conversionPosterior(250, 2050);
    const higher = compareConversionPosteriors(control, treatment, true);
    const lower = compareConversionPosteriors(control, treatment, false);
    expectClose(higher.chanceToBeatControl + lower.chanceToBeatControl, 1, 12);
    expect(lower.expectedLoss).toBeLessThan(higher.expectedLoss);
  });

  it('stays finite for all-converted and never-converted extremes with millions of users', () => {
    const result = compareConversionPosteriors(
      conversionPosterior(0, 5_000_000),
      conversionPosterior(5_000_000, 5_000_000),
      true,
    );
    expect(result.chanceToBeatControl).toBe(1);
    expect(Number.isFinite(result.expectedLoss)).toBe(true);
    expect(result.expectedLoss).toBeGreaterThanOrEqual(0);
  });
});

describe('normal posteriors (means)', () => {
  it('matches the reference for every MEAN/COUNT case', () => {
    for (const experiment of reference.experiments.filter(
      (e) => e.input.kind !== 'CONVERSION' && !e.input.prior,
    )) {
      const rows = experiment.expected.variants;
      const control = { mean: rows[0]!.mean as number, standardError: rows[0]!.standardError as number };
      rows.slice(1).forEach((row) => {
        const result = compareNormalPosteriors(
          control,
          { mean: row.mean as number, standardError: row.standardError as number },
          experiment.input.higherIsBetter,
        );
        expectClose(
          result.chanceToBeatControl,
          row.chanceToBeatControl as number,
          9,
          `${experiment.name} chance`,
        );
        expectClose(result.expectedLoss, row.expectedLoss as number, 8, `${experiment.name} loss`);
      });
    }
  });

  it('returns the point-mass limits with zero spread', () => {
    const zero = { standardError: 0 };
    expect(compareNormalPosteriors({ mean: 1, ...zero }, { mean: 2, ...zero }, true)).toEqual({
      chanceToBeatControl: 1,
      expectedLoss: 0,
    });
    expect(compareNormalPosteriors({ mean: 1, ...zero }, { mean: 2, ...zero }, false)).toEqual({
      chanceToBeatControl: 0,
      expectedLoss: 1,
    });
    expect(
      compareNormalPosteriors({ mean: 1, ...zero }, { mean: 1, ...zero }, true).chanceToBeatControl,
    ).toBe(0.5);
  });
});

describe('normalPartialExpectation', () => {
  it('equals φ(z) − z(1 − Φ(z)) and is continuous where the method switches', () => {
    for (const z of [-3, -1, 0, 1, 2.5])
      expectClose(normalPartialExpectation(z), normalPdf(z) - z * normalSf(z), 13);
    expectClose(normalPartialExpectation(3 + 1e-12), normalPartialExpectation(3), 10);
  });

  it('keeps relative precision far in the tail', () => {
    // Reference values from scipy.integrate.quad of (u − z) φ(u) over (z, ∞).
    expectClose(normalPartialExpectation(10), 7.474560254589339e-25, 11);
    expectClose(normalPartialExpectation(30), 1.6319567340914027e-199, 11);
  });
});

describe('remembered comparisons', () => {
  it('gives the same numbers for the same counts, and a caller changing an answer changes nothing', () => {
    const control = conversionPosterior(50_123, 500_000);
    const treatment = conversionPosterior(51_004, 500_000);
    const first = compareConversionPosteriors(control, treatment, true);
    first.chanceToBeatControl = -1;
    const again = compareConversionPosteriors(control, treatment, true);
    expect(again.chanceToBeatControl).toBe(probabilityBetaGreater(treatment, control));
    expect(again.expectedLoss).toBe(expectedBetaExcess(control, treatment));
    // The direction is part of the key.
    const lowerIsBetter = compareConversionPosteriors(control, treatment, false);
    expect(lowerIsBetter.chanceToBeatControl).toBe(probabilityBetaGreater(control, treatment));
  });
});

describe('informative prior on the relative effect', () => {
  it('matches quad over prior × likelihood for every case with a prior', () => {
    const cases = reference.experiments.filter((e) => e.input.prior);
    expect(cases.length).toBeGreaterThanOrEqual(2);
    for (const experiment of cases) {
      const [control, treatment] = experiment.expected.variants;
      const spread = Math.hypot(control!.standardError as number, treatment!.standardError as number);
      const result = compareWithEffectPrior(
        (treatment!.mean as number) - (control!.mean as number),
        spread,
        control!.mean as number,
        experiment.input.prior!,
        experiment.input.higherIsBetter,
      );
      expectClose(
        result.chanceToBeatControl,
        treatment!.chanceToBeatControl as number,
        7,
        `${experiment.name} chance`,
      );
      expectClose(result.expectedLoss, treatment!.expectedLoss as number, 6, `${experiment.name} loss`);
    }
  });

  it('pulls the chance to beat control toward the prior', () => {
    const flat = compareNormalPosteriors(
      { mean: 10, standardError: 0.1 },
      { mean: 10.3, standardError: 0.1 },
      true,
    );
    const sceptical = compareWithEffectPrior(
      0.3,
      Math.SQRT2 * 0.1,
      10,
      { mean: 0, standardDeviation: 0.01 },
      true,
    );
    expect(sceptical.chanceToBeatControl).toBeLessThan(flat.chanceToBeatControl);
    expect(sceptical.chanceToBeatControl).toBeGreaterThan(0.5);
  });
});
