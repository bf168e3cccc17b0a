import { seededRandom } from '../seed/demo';
import { cupedAnalysis } from './cuped';
import { cupedSummary, expectClose } from './test-support';
import { welchTTest } from './welch';

/** Standard normal draws (Box–Muller) from a seeded uniform source. */
function normal(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

interface User {
  x: number;
  y: number;
}

/** x = b + e₁, y = b + e₂ (+ effect): correlation var(b) / (var(b) + var(e)). */
function simulate(seed: number, n: number, rho: number, effect: number): Record<string, User[]> {
  const z = normal(seededRandom(seed));
  const draw = (shift: number): User => {
    const b = Math.sqrt(rho) * z();
    return { x: 10 + b + Math.sqrt(1 - rho) * z(), y: 10 + shift + b + Math.sqrt(1 - rho) * z() };
  };
  return {
    control: Array.from({ length: n }, () => draw(0)),
    treatment: Array.from({ length: n }, () => draw(effect)),
  };
}

const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
const variance = (v: number[]) => {
  const m = mean(v);
  return v.reduce((s, x) => s + (x - m) * (x - m), 0) / (v.length - 1);
};

describe('CUPED from sums', () => {
  it('equals the adjustment computed user by user', () => {
    const data = simulate(11, 400, 0.6, 0.2);
    const got = cupedAnalysis(
      [cupedSummary('control', data.control!), cupedSummary('treatment', data.treatment!)],
      'control',
      0.95,
    );
    // Direct: θ from pooled within-variant covariance, then Welch on the adjusted per-user values.
    const all = [...data.control!, ...data.treatment!];
    const centred = (us: User[]) => {
      const mx = mean(us.map((u) => u.x));
      const my = mean(us.map((u) => u.y));
      return us.map((u) => [u.x - mx, u.y - my] as const);
    };
    const c = [...centred(data.control!), ...centred(data.treatment!)];
    const theta = c.reduce((s, [dx, dy]) => s + dx * dy, 0) / c.reduce((s, [dx]) => s + dx * dx, 0);
    const grand = mean(all.map((u) => u.x));
    const adjusted = (us: User[]) => us.map((u) => u.y - theta * (u.x - grand));
    const ac = adjusted(data.control!);
    const at = adjusted(data.treatment!);
    const welch = welchTTest(
      { mean: mean(ac), variance: variance(ac), n: ac.length },
      { mean: mean(at), variance: variance(at), n: at.length },
      0.95,
    );
    expect(got.status).toBe('OK');
    expectClose(got.theta, theta, 9, 'theta');
    const t = got.variants[1]!;
    expectClose(t.adjustedMean, mean(at), 9, 'adjusted mean');
    expectClose(t.variance, variance(at), 8, 'adjusted variance');
    expectClose(t.absoluteUplift!.lower, welch.lower, 8, 'lower');
    expectClose(t.absoluteUplift!.upper, welch.upper, 8, 'upper');
    expectClose(t.pValue, welch.pValue!, 7, 'p-value');
    expectClose(
      t.varianceReduction,
      1 - variance(at) / variance(data.treatment!.map((u) => u.y)),
      8,
      'reduction',
    );
  });

  it('narrows the interval by √(1 − ρ²) and keeps 95 % coverage (seeded simulation)', () => {
    const rho = 0.8;
    const effect = 0.1;
    let covered = 0;
    const ratios: number[] = [];
    const runs = 400;
    for (let r = 0; r < runs; r++) {
      const data = simulate(1000 + r, 500, rho, effect);
      const got = cupedAnalysis(
        [cupedSummary('control', data.control!), cupedSummary('treatment', data.treatment!)],
        'control',
        0.95,
      );
      const raw = welchTTest(
        {
          mean: mean(data.control!.map((u) => u.y)),
          variance: variance(data.control!.map((u) => u.y)),
          n: 500,
        },
        {
          mean: mean(data.treatment!.map((u) => u.y)),
          variance: variance(data.treatment!.map((u) => u.y)),
          n: 500,
        },
        0.95,
      );
      const ci = got.variants[1]!.absoluteUplift!;
      if (ci.lower <= effect && effect <= ci.upper) covered++;
      ratios.push((ci.upper - ci.lower) / (raw.upper - raw.lower));
    }
    // The correlation of x and y in the simulation is rho, so the factor is √(1 − rho²) = 0.6.
    expect(mean(ratios)).toBeGreaterThan(0.6 - 0.02);
    expect(mean(ratios)).toBeLessThan(0.6 + 0.02);
    // Binomial band: 95 % ± 3 standard errors over 400 runs (±3.3 points).
    const band = 3 * Math.sqrt((0.95 * 0.05) / runs);
    expect(covered / runs).toBeGreaterThan(0.95 - band);
    expect(covered / runs).toBeLessThan(0.95 + band);
  });

  it('reports NO_PRE_DATA when nobody has a pre-period value', () => {
    const got = cupedAnalysis(
      [
        { variant: 'control', users: 10, sum: 5, sumSquares: 5, preSum: 0, preSumSquares: 0, crossSum: 0 },
        { variant: 'treatment', users: 10, sum: 6, sumSquares: 6, preSum: 0, preSumSquares: 0, crossSum: 0 },
      ],
      'control',
      0.95,
    );
    expect(got.status).toBe('NO_PRE_DATA');
    expect(got.variants.map((v) => v.adjustedMean)).toEqual([null, null]);
    expect(got.notes[0]).toMatch(/pre-exposure/);
  });

  it('needs two users in the control', () => {
    const got = cupedAnalysis(
      [{ variant: 'control', users: 1, sum: 1, sumSquares: 1, preSum: 1, preSumSquares: 1, crossSum: 1 }],
      'control',
      0.95,
    );
    expect(got.status).toBe('INSUFFICIENT_DATA');
  });
});
