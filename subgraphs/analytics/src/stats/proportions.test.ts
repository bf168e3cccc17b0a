import { twoProportionTest } from './proportions';
import { expectClose, referenceExperiment } from './test-support';

describe('twoProportionTest', () => {
  it('matches the SciPy reference (Wald z from scipy.stats.norm) for every conversion case', () => {
    for (const name of [
      'moderate lift',
      'small samples',
      'a million users per arm',
      'control never converts',
    ]) {
      const { input, expected } = referenceExperiment(name);
      const control = input.variants[0]!;
      input.variants.slice(1).forEach((treatment, index) => {
        const row = expected.variants[index + 1]!;
        // The reference intervals are at the level the correction leaves; one comparison keeps 1 − α.
        const result = twoProportionTest(
          control,
          treatment,
          referenceExperiment(name).expected.intervalLevel,
        );
        const uplift = row.absoluteUplift as { estimate: number; lower: number; upper: number };
        expectClose(result.statistic, row.statistic as number, 9, `${name} z`);
        expectClose(result.pValue, row.pValue as number, 9, `${name} p`);
        expectClose(result.difference, uplift.estimate, 12, `${name} difference`);
        expectClose(result.lower, uplift.lower, 9, `${name} lower`);
        expectClose(result.upper, uplift.upper, 9, `${name} upper`);
      });
    }
  });

  // Textbook example: OpenIntro Statistics, 3rd ed. (Diez, Barr & Çetinkaya-Rundel 2015), §6.2.3,
  // the Canadian mammogram trial (Miller et al., BMJ 2014): 500 of 44,925 women screened with
  // mammograms and 505 of 44,910 controls died of breast cancer. The book reports pooled
  // proportion 0.0112, SE 0.00070, and — from values rounded to those digits — Z = −0.17 and a
  // two-sided p-value of 0.865. With rates this close the unpooled SE agrees to those digits.
  it('reproduces the OpenIntro mammogram example within the book’s rounding', () => {
    const result = twoProportionTest(
      { conversions: 505, users: 44910 },
      { conversions: 500, users: 44925 },
      0.95,
    );
    expect(1005 / 89835).toBeCloseTo(0.0112, 4);
    expect(result.standardError).toBeCloseTo(0.0007, 5);
    // One test: the verdict (p > 0.05) and the interval (spans 0) agree.
    expect(result.lower).toBeLessThan(0);
    expect(result.upper).toBeGreaterThan(0);
    // Book: 0.01113 − 0.01125 = −0.00012 (from rates rounded to five decimals).
    expect(Math.abs(result.difference - -0.00012)).toBeLessThan(0.00001);
    // Unrounded: z = −0.1636, p = 0.870; the book's −0.17 and 0.865 come from rounded inputs.
    expect(Math.abs(result.statistic! - -0.17)).toBeLessThan(0.01);
    expect(Math.abs(result.pValue! - 0.865)).toBeLessThan(0.01);
    expect(result.pValue!).toBeGreaterThan(0.05);
  });

  it('uses one (unpooled) SE for the test and the interval', () => {
    const result = twoProportionTest({ conversions: 10, users: 100 }, { conversions: 30, users: 100 }, 0.95);
    expectClose(result.standardError, Math.sqrt((0.1 * 0.9 + 0.3 * 0.7) / 100), 14);
    expectClose(result.statistic, 0.2 / result.standardError, 14);
    expectClose(result.upper - result.lower, 2 * 1.959963984540054 * result.standardError, 12);
  });

  // Before the fix the pooled test said p < 0.05 while the unpooled interval beside it spanned 0.
  it('never pairs a significant p-value with an interval that spans 0 (and vice versa)', () => {
    for (let c = 0; c <= 60; c++) {
      for (const t of [20, 29, 30, 31, 33, 35, 40]) {
        const result = twoProportionTest(
          { conversions: c, users: 400 },
          { conversions: t, users: 380 },
          0.95,
        );
        if (result.pValue === null) continue;
        const excludesZero = result.lower > 0 || result.upper < 0;
        expect([c, t, excludesZero]).toEqual([c, t, result.pValue < 0.05]);
      }
    }
  });

  it('gives a one-sided p-value in the direction asked for', () => {
    const two = twoProportionTest({ conversions: 100, users: 1000 }, { conversions: 125, users: 1000 }, 0.95);
    const up = twoProportionTest(
      { conversions: 100, users: 1000 },
      { conversions: 125, users: 1000 },
      0.95,
      1,
    );
    const down = twoProportionTest(
      { conversions: 100, users: 1000 },
      { conversions: 125, users: 1000 },
      0.95,
      -1,
    );
    expectClose(up.pValue, two.pValue! / 2, 12);
    expectClose(down.pValue, 1 - two.pValue! / 2, 12);
  });

  it('has no statistic when neither group varies, but a defined zero-width interval', () => {
    const result = twoProportionTest({ conversions: 0, users: 50 }, { conversions: 0, users: 60 }, 0.95);
    expect(result).toMatchObject({ statistic: null, pValue: null, difference: 0, lower: 0, upper: 0 });
  });

  it('is significant for 0 % vs 100 % even though the SE is 0', () => {
    const result = twoProportionTest({ conversions: 0, users: 50 }, { conversions: 50, users: 50 }, 0.95);
    expect(result.pValue!).toBeLessThan(1e-20);
    expect(result).toMatchObject({ lower: 1, upper: 1 });
  });
});
