import { expectClose, referenceExperiment } from './test-support';
import { relativeUplift } from './uplift';

describe('relativeUplift (delta method)', () => {
  it('matches a hand calculation', () => {
    // Control 0.10 ± 0.003, treatment 0.11 ± 0.003: Var = 0.003²/0.1² + 0.11²·0.003²/0.1⁴.
    const result = relativeUplift(0.1, 0.003, 0.11, 0.003, 1.959963984540054)!;
    const se = Math.sqrt(0.003 ** 2 / 0.01 + (0.0121 * 0.003 ** 2) / 0.0001);
    expectClose(result.estimate, 0.1, 12);
    expectClose(result.lower, 0.1 - 1.959963984540054 * se, 12);
    expectClose(result.upper, 0.1 + 1.959963984540054 * se, 12);
  });

  it('matches the reference for every case', () => {
    for (const name of [
      'moderate lift',
      'revenue with many zeros',
      'lower is better (latency), alpha 0.01',
    ]) {
      const { expected } = referenceExperiment(name);
      const control = expected.variants[0]!;
      const treatment = expected.variants[1]!;
      const alpha = referenceExperiment(name).input.alpha ?? 0.05;
      const z = [0.01, 0.05].includes(alpha)
        ? alpha === 0.01
          ? 2.5758293035489004
          : 1.959963984540054
        : Number.NaN;
      const result = relativeUplift(
        control.mean as number,
        control.standardError as number,
        treatment.mean as number,
        treatment.standardError as number,
        z,
      );
      const uplift = treatment.relativeUplift as { estimate: number; lower: number; upper: number };
      expectClose(result?.estimate, uplift.estimate, 9, `${name} estimate`);
      expectClose(result?.lower, uplift.lower, 9, `${name} lower`);
      expectClose(result?.upper, uplift.upper, 9, `${name} upper`);
    }
  });

  it('is undefined (null) when the control is 0 or so small the ratio overflows', () => {
    expect(relativeUplift(0, 0, 0.01, 0.001, 1.96)).toBeNull();
    expect(relativeUplift(1e-320, 1e-3, 5, 0.1, 1.96)).toBeNull();
  });

  it('works for negative control means (sign kept in the ratio, spread positive)', () => {
    const result = relativeUplift(-2, 0.1, -3, 0.1, 1.96)!;
    expect(result.estimate).toBeCloseTo(0.5, 12);
    expect(result.upper).toBeGreaterThan(result.lower);
  });
});
