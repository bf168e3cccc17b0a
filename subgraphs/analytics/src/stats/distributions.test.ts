import * as distributions from './distributions';
import { logBeta, logGamma, regularizedBeta, regularizedGamma } from './special-functions';
import { expectClose, reference } from './test-support';

type Fn = (...args: number[]) => number;
const functions: Record<string, Fn> = {
  normalCdf: distributions.normalCdf,
  normalSf: distributions.normalSf,
  normalQuantile: distributions.normalQuantile,
  studentTCdf: distributions.studentTCdf,
  studentTQuantile: distributions.studentTQuantile,
  chiSquareCdf: distributions.chiSquareCdf,
  chiSquareSf: distributions.chiSquareSf,
  logGamma,
  logBeta,
  betaCdf: distributions.betaCdf,
  betaSf: distributions.betaSf,
  betaPdf: distributions.betaPdf,
};

describe('distributions against SciPy / mpmath reference values', () => {
  for (const [name, cases] of Object.entries(reference.distributions)) {
    it(`${name} agrees to 9 significant digits on ${cases.length} points`, () => {
      const fn = functions[name];
      if (!fn) throw new Error(`no function for reference table ${name}`);
      for (const [args, expected] of cases) {
        expectClose(fn(...args), expected, 9, `${name}(${args.join(', ')})`, 1e-13);
      }
    });
  }
});

describe('normal distribution', () => {
  it('has the textbook critical values', () => {
    expectClose(distributions.normalQuantile(0.975), 1.959963984540054, 14);
    expectClose(distributions.normalCdf(1.959963984540054), 0.975, 14);
    expect(distributions.normalQuantile(0.5)).toBe(0);
  });

  it('round-trips quantile and CDF, including deep tails', () => {
    for (const p of [1e-250, 1e-30, 1e-8, 0.01, 0.2, 0.5, 0.8, 0.99, 1 - 1e-12]) {
      expectClose(distributions.normalCdf(distributions.normalQuantile(p)), p, 12, `p=${p}`);
    }
  });

  it('keeps relative precision in the upper tail (no 1 − (1 − p) cancellation)', () => {
    expectClose(distributions.normalSf(10), 7.61985302416047e-24, 12);
    expectClose(distributions.normalTwoSidedPValue(-10), 2 * 7.61985302416047e-24, 12);
  });

  it('returns NaN or the limits outside (0, 1)', () => {
    expect(distributions.normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(distributions.normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(distributions.normalQuantile(1.5)).toBeNaN();
    expect(distributions.normalCdf(Number.NaN)).toBeNaN();
  });
});

describe('Student t distribution', () => {
  it('matches the closed forms for one and two degrees of freedom', () => {
    for (const t of [-30, -2, -0.3, 0, 0.7, 4]) {
      expectClose(distributions.studentTCdf(t, 1), 0.5 + Math.atan(t) / Math.PI, 12, `cauchy ${t}`);
      expectClose(distributions.studentTCdf(t, 2), 0.5 + t / (2 * Math.sqrt(2 + t * t)), 12, `df2 ${t}`);
    }
    expectClose(distributions.studentTQuantile(0.975, 1), 12.706204736174707, 12);
    expectClose(distributions.studentTQuantile(0.025, 2), -4.302652729749464, 12);
  });

  it('has the t-table critical values', () => {
    expectClose(distributions.studentTQuantile(0.975, 10), 2.228138851986274, 12);
    expectClose(distributions.studentTQuantile(0.975, 30), 2.0422724563012373, 12);
  });

  it('round-trips quantile and CDF for fractional (Welch) degrees of freedom', () => {
    for (const df of [1.5, 7.9925, 136.875, 5e4, 3e6]) {
      for (const p of [1e-9, 0.025, 0.4, 0.975]) {
        expectClose(
          distributions.studentTCdf(distributions.studentTQuantile(p, df), df),
          p,
          11,
          `df=${df} p=${p}`,
        );
      }
    }
  });

  it('approaches the normal distribution as df grows', () => {
    expectClose(distributions.studentTQuantile(0.975, 1e15), distributions.normalQuantile(0.975), 13);
    expectClose(distributions.studentTSf(3, 1e15), distributions.normalSf(3), 12);
  });

  it('gives a zero two-sided p-value for an infinite statistic and NaN for bad df', () => {
    expect(distributions.studentTTwoSidedPValue(Number.POSITIVE_INFINITY, 5)).toBe(0);
    expect(distributions.studentTCdf(1, 0)).toBeNaN();
    expect(distributions.studentTQuantile(0.5, -1)).toBeNaN();
  });
});

describe('chi-square distribution', () => {
  it('has the table critical value 3.841 for df = 1 at 0.05', () => {
    expectClose(distributions.chiSquareSf(3.841458820694124, 1), 0.05, 12);
  });

  it('with two degrees of freedom is the exponential distribution', () => {
    for (const x of [0.1, 1, 7, 60])
      expectClose(distributions.chiSquareSf(x, 2), Math.exp(-x / 2), 13, `x=${x}`);
  });
});

describe('special functions', () => {
  it('log-gamma hits known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expectClose(logGamma(0.5), 0.5 * Math.log(Math.PI), 14);
    expectClose(logGamma(11), Math.log(3628800), 14);
    expect(logGamma(-1)).toBeNaN();
  });

  it('log-beta satisfies B(a, 1) = 1/a and symmetry', () => {
    expectClose(logBeta(7, 1), -Math.log(7), 13);
    expectClose(logBeta(3.5, 1e6), logBeta(1e6, 3.5), 14);
  });

  it('regularized beta handles the ends and its symmetry', () => {
    expect(regularizedBeta(0, 2, 3)).toEqual({ lower: 0, upper: 1 });
    expect(regularizedBeta(1, 2, 3)).toEqual({ lower: 1, upper: 0 });
    const direct = regularizedBeta(0.3, 2.5, 4);
    const mirrored = regularizedBeta(0.7, 4, 2.5);
    expectClose(direct.lower, mirrored.upper, 13);
    // I_x(1, 1) = x
    expectClose(regularizedBeta(0.37, 1, 1).lower, 0.37, 14);
  });

  it('regularized gamma gives 1 − e^{-x} for a = 1', () => {
    for (const x of [0.01, 0.5, 3, 40]) expectClose(regularizedGamma(1, x).upper, Math.exp(-x), 13, `x=${x}`);
  });
});
