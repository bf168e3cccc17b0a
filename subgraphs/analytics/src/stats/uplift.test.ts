import { expectClose, reference } from './test-support';
import { relativeUplift } from './uplift';

describe('relativeUplift (Fieller)', () => {
  it('solves the quadratic (m_t − ρ m_c)² = c²(se_t² + ρ² se_c²) by hand', () => {
    const result = relativeUplift(0.1, 0.003, 0.11, 0.003, 1.959963984540054).estimate!;
    const c2 = 1.959963984540054 ** 2;
    const statistic = (rho: number) => (0.11 - rho * 0.1) ** 2 / (0.003 ** 2 + rho * rho * 0.003 ** 2);
    expectClose(result.estimate, 0.1, 12);
    expectClose(statistic(result.lower + 1), c2, 10);
    expectClose(statistic(result.upper + 1), c2, 10);
    // Asymmetric, unlike the delta method: wider above than below for a ratio.
    expect(result.upper - result.estimate).toBeGreaterThan(result.estimate - result.lower);
  });

  it('matches root-finding on the test statistic (SciPy brentq) for every reference case', () => {
    let checked = 0;
    for (const experiment of reference.experiments) {
      const rows = experiment.expected.variants;
      const control = rows[0]!;
      for (const row of rows.slice(1)) {
        const expected = row.relativeUplift as { estimate: number; lower: number; upper: number } | null;
        const absolute = row.absoluteUplift as { estimate: number; upper: number } | null;
        if (!absolute || row.standardError === null) continue;
        const se = Math.hypot(control.standardError as number, row.standardError as number);
        if (!(se > 0)) continue;
        // The critical value the absolute interval used.
        const critical = (absolute.upper - absolute.estimate) / se;
        const result = relativeUplift(
          control.mean as number,
          control.standardError as number,
          row.mean as number,
          row.standardError as number,
          critical,
        );
        if (expected === null) {
          expect([experiment.name, result.estimate]).toEqual([experiment.name, null]);
          continue;
        }
        expectClose(result.estimate?.estimate, expected.estimate, 9, `${experiment.name} estimate`);
        expectClose(result.estimate?.lower, expected.lower, 8, `${experiment.name} lower`);
        expectClose(result.estimate?.upper, expected.upper, 8, `${experiment.name} upper`);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('is refused when the control is 0, negative, or not distinguishable from 0', () => {
    expect(relativeUplift(0, 0, 0.01, 0.001, 1.96)).toEqual({
      estimate: null,
      refused: 'NON_POSITIVE_CONTROL',
    });
    // Issue 18: control −2, treatment −1 (better) used to read "−50 %".
    expect(relativeUplift(-2, 0.1, -1, 0.1, 1.96).refused).toBe('NON_POSITIVE_CONTROL');
    expect(relativeUplift(0.05, 0.3, 0.9, 0.3, 1.96).refused).toBe('NEAR_ZERO_CONTROL');
    expect(relativeUplift(1e-320, 1e-3, 5, 0.1, 1.96).refused).toBe('NEAR_ZERO_CONTROL');
  });

  it('excludes 0 exactly when the absolute test at the same critical value rejects', () => {
    for (const mt of [10, 10.2, 10.39, 10.4, 10.41, 10.6, 9.6, 9.59]) {
      const result = relativeUplift(10, 0.1414, mt, 0.1414, 1.959963984540054).estimate!;
      const z = (mt - 10) / Math.hypot(0.1414, 0.1414);
      expect(result.lower > 0 || result.upper < 0).toBe(Math.abs(z) > 1.959963984540054);
    }
  });
});
