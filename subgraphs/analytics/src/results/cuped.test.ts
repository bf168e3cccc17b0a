import { startTestStack, type TestStack } from '@switchyard/testkit';
import { seededRandom } from '../seed/demo';
import { cupedAnalysis } from '../stats/cuped';
import { benjaminiHochberg } from '../stats/multiple-testing';
import { cupedSummary } from '../stats/test-support';

const HOUR = 3600_000;

const RESULTS = `query($key: String!, $metric: String!) {
  experiment(key: $key) {
    results(metricKey: $metric) {
      cuped { status preWindowHours theta correlation varianceReduction notes }
      variants {
        variant users mean decision absoluteUplift { estimate lower upper }
        cuped {
          adjustedMean variance standardError varianceReduction pValue adjustedPValue significant decision notes
          absoluteUplift { estimate lower upper } relativeUplift { estimate lower upper }
        }
      }
    }
  }
}`;

interface Row {
  variant: string;
  users: number;
  mean: number;
  decision: string;
  absoluteUplift: { estimate: number; lower: number; upper: number } | null;
  cuped: {
    adjustedMean: number | null;
    varianceReduction: number | null;
    pValue: number | null;
    adjustedPValue: number | null;
    significant: boolean;
    decision: string;
    absoluteUplift: { estimate: number; lower: number; upper: number } | null;
  };
}
interface Results {
  cuped: {
    status: string;
    preWindowHours: number;
    theta: number | null;
    correlation: number | null;
    varianceReduction: number | null;
    notes: string[];
  };
  variants: Row[];
}

/**
 * Each user has a spending level b; one purchase before exposure (value b + noise) and one after
 * (b + noise, + 1 in treatment), so pre- and post-exposure values correlate with ρ = 0.9 and
 * CUPED should narrow the interval by √(1 − 0.81) ≈ 0.44.
 */
interface User {
  key: string;
  variant: 'control' | 'treatment';
  exposedAt: number;
  pre: number;
  post: number;
}

function generate(n: number, now: number): User[] {
  const random = seededRandom(18);
  const z = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: n }, (_, i) => {
    const variant = i % 2 === 0 ? 'control' : 'treatment';
    const b = 50 + 3 * z();
    const round = (v: number) => Math.round(v * 100) / 100;
    return {
      key: `u${i}`,
      variant,
      exposedAt: now - (3 + random() * 40) * HOUR,
      pre: round(b + z()),
      post: round(b + z() + (variant === 'treatment' ? 1 : 0)),
    };
  });
}

describe('CUPED through the gateway', () => {
  let stack: TestStack;
  const now = Date.now();
  const users = generate(1200, now);
  const results = async (key: string, metric = 'spend') =>
    (await stack.gqlOk<{ experiment: { results: Results } }>(RESULTS, { key, metric })).experiment.results;
  const track = async (batch: Record<string, unknown>[]) => {
    for (let i = 0; i < batch.length; i += 1000) {
      await stack.gqlOk(`mutation($e: [EventInput!]!) { trackEvents(events: $e) { accepted } }`, {
        e: batch.slice(i, i + 1000),
      });
    }
  };
  const exposure = (u: User, at = u.exposedAt) => ({
    eventId: `x-${u.key}-${at}`,
    type: 'EXPOSURE',
    userKey: u.key,
    experimentKey: 'exp-cuped',
    variant: u.variant,
    timestamp: new Date(at).toISOString(),
  });
  const purchase = (u: User, when: 'pre' | 'post') => ({
    eventId: `${when}-${u.key}`,
    type: 'CONVERSION',
    userKey: u.key,
    eventName: 'buy',
    value: u[when],
    // Pre: 2 h before exposure, inside the 24 h pre-period; post: 1 h after.
    timestamp: new Date(u.exposedAt + (when === 'pre' ? -2 : 1) * HOUR).toISOString(),
  });

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    await stack.gqlOk(
      `mutation { createFlag(input: { key: "f", name: "F", variations: [{ key: "control", value: false }, { key: "treatment", value: true }] }) { key } }`,
    );
    await stack.gqlOk(
      `mutation { createMetric(input: { key: "spend", name: "Spend", kind: MEAN, eventName: "buy", conversionWindowHours: 24 }) { key } }`,
    );
    // The same purchases, capped at 51 (about a third of users above it, before and after).
    await stack.gqlOk(
      `mutation { createMetric(input: { key: "spend-capped", name: "Spend capped", kind: MEAN, eventName: "buy", conversionWindowHours: 24, capping: { type: FIXED, value: 51 } }) { key } }`,
    );
    await stack.gqlOk(
      `mutation { createExperiment(input: { key: "exp-cuped", name: "C", environment: "production", flagKey: "f",
        variants: [{ key: "control", weight: 50 }, { key: "treatment", weight: 50 }], primaryMetric: "spend",
        secondaryMetrics: ["spend-capped"] }) { key } }`,
    );
    // Every path that writes a pre-period value: the third of users whose pre-period purchase
    // arrives before the exposure (read from raw events at exposure), the third whose purchase
    // arrives late (added to the stored value), and the third first exposed later than they truly
    // were (their exposure moves, and their values are taken out and recomputed).
    const [early, late, moved] = [0, 1, 2].map((r) => users.filter((_, i) => i % 3 === r)) as [
      User[],
      User[],
      User[],
    ];
    await track([...early.map((u) => purchase(u, 'pre')), ...users.map((u) => purchase(u, 'post'))]);
    await track([...early, ...late].map((u) => exposure(u)));
    await track(moved.map((u) => exposure(u, u.exposedAt + 0.5 * HOUR)));
    await track([...late, ...moved].map((u) => purchase(u, 'pre')));
    await track(moved.map((u) => exposure(u)));
  }, 180_000);
  afterAll(() => stack?.stop());

  it('matches CUPED computed from the generated users', async () => {
    const got = await results('exp-cuped');
    const sums = (['control', 'treatment'] as const).map((variant) =>
      cupedSummary(
        variant,
        users.filter((u) => u.variant === variant).map((u) => ({ x: u.pre, y: u.post })),
      ),
    );
    const want = cupedAnalysis(sums, 'control', 0.95);
    expect(got.cuped.status).toBe('OK');
    expect(got.cuped.preWindowHours).toBe(24);
    expect(got.cuped.theta).toBeCloseTo(want.theta!, 9);
    expect(got.cuped.correlation).toBeCloseTo(want.correlation!, 9);
    for (const [i, row] of got.variants.entries()) {
      expect(row.users).toBe(600);
      expect(row.cuped.adjustedMean).toBeCloseTo(want.variants[i]!.adjustedMean!, 9);
    }
    const t = got.variants[1]!;
    expect(t.cuped.absoluteUplift!.lower).toBeCloseTo(want.variants[1]!.absoluteUplift!.lower, 9);
    expect(t.cuped.absoluteUplift!.upper).toBeCloseTo(want.variants[1]!.absoluteUplift!.upper, 9);
    // One comparison: the Holm adjustment leaves the p-value as it is.
    expect(t.cuped.adjustedPValue).toBeCloseTo(t.cuped.pValue!, 12);
  });

  it('caps both the metric and its pre-period covariate on a capped metric', async () => {
    const got = await results('exp-cuped', 'spend-capped');
    const cap = (v: number) => Math.min(v, 51);
    const sums = (['control', 'treatment'] as const).map((variant) =>
      cupedSummary(
        variant,
        users.filter((u) => u.variant === variant).map((u) => ({ x: cap(u.pre), y: cap(u.post) })),
      ),
    );
    const want = cupedAnalysis(sums, 'control', 0.95);
    expect(users.filter((u) => u.pre > 51).length).toBeGreaterThan(200);
    expect(got.cuped.status).toBe('OK');
    expect(got.cuped.theta).toBeCloseTo(want.theta!, 9);
    expect(got.cuped.correlation).toBeCloseTo(want.correlation!, 9);
    for (const [i, row] of got.variants.entries()) {
      expect(row.mean).toBeCloseTo(sums[i]!.sum / sums[i]!.users, 9);
      expect(row.cuped.adjustedMean).toBeCloseTo(want.variants[i]!.adjustedMean!, 9);
    }
    const t = got.variants[1]!;
    expect(t.cuped.absoluteUplift!.lower).toBeCloseTo(want.variants[1]!.absoluteUplift!.lower, 9);
    expect(t.cuped.absoluteUplift!.upper).toBeCloseTo(want.variants[1]!.absoluteUplift!.upper, 9);
    // Uncapped covariance with capped means (the rollups' Σxy) would give another θ.
    const uncapped = cupedAnalysis(
      (['control', 'treatment'] as const).map((variant) =>
        cupedSummary(
          variant,
          users.filter((u) => u.variant === variant).map((u) => ({ x: u.pre, y: cap(u.post) })),
        ),
      ),
      'control',
      0.95,
    );
    expect(Math.abs(got.cuped.theta! - uncapped.theta!)).toBeGreaterThan(0.01);
  });

  it('narrows the interval by the expected factor √(1 − ρ²) when pre-period values correlate', async () => {
    const got = await results('exp-cuped');
    // Generated with correlation 9 / (9 + 1) = 0.9 between pre and post values.
    expect(got.cuped.correlation!).toBeGreaterThan(0.87);
    expect(got.cuped.correlation!).toBeLessThan(0.93);
    const t = got.variants[1]!;
    const raw = t.absoluteUplift!.upper - t.absoluteUplift!.lower;
    const adjusted = t.cuped.absoluteUplift!.upper - t.cuped.absoluteUplift!.lower;
    const expected = Math.sqrt(1 - 0.9 * 0.9);
    expect(adjusted / raw).toBeGreaterThan(expected * 0.9);
    expect(adjusted / raw).toBeLessThan(expected * 1.1);
    expect(got.cuped.varianceReduction).toBeCloseTo(got.cuped.correlation! ** 2, 12);
    // Same estimand: the true effect is 1, inside both intervals here; CUPED's alone excludes 0 by far.
    expect(t.cuped.absoluteUplift!.lower).toBeLessThan(1);
    expect(t.cuped.absoluteUplift!.upper).toBeGreaterThan(1);
    expect(t.cuped.significant).toBe(true);
    // One verdict per comparison, as the unadjusted one is given: the control is not tested.
    expect(t.cuped.decision).toBe('BETTER');
    expect(got.variants[0]!.cuped.decision).toBe('NOT_TESTED');
  });

  it('recomputeRollups rebuilds the same pre-period sums as the incremental paths', async () => {
    const before = await results('exp-cuped');
    await stack.gqlOk('mutation { recomputeRollups(experimentKey: "exp-cuped") { users } }');
    const after = await results('exp-cuped');
    expect(after).toEqual(before);
  });

  it('says so when no user has pre-period data', async () => {
    await stack.gqlOk(
      `mutation { createExperiment(input: { key: "exp-nopre", name: "N", environment: "production", flagKey: "f",
        variants: [{ key: "control", weight: 50 }, { key: "treatment", weight: 50 }], primaryMetric: "spend" }) { key } }`,
    );
    const some = users.slice(0, 20).map((u) => ({ ...u, key: `n-${u.key}` }));
    await track(
      some.flatMap((u) => [
        { ...exposure(u), experimentKey: 'exp-nopre' },
        { ...purchase(u, 'post'), eventId: `np-${u.key}` },
      ]),
    );
    const got = await results('exp-nopre');
    expect(got.cuped.status).toBe('NO_PRE_DATA');
    expect(got.cuped.notes.join(' ')).toMatch(/pre-exposure/);
    expect(got.variants[1]!.cuped.absoluteUplift).toBeNull();
    expect(got.variants[1]!.absoluteUplift).not.toBeNull();
  });

  it("tests CUPED with the main results' method: the metric's sides, the experiment's correction, intervals at α′", async () => {
    await stack.gqlOk(
      'mutation { updateMetric(key: "spend", expectedVersion: 1, input: { oneSided: true }) { version } }',
    );
    await stack.gqlOk(
      'mutation { updateExperiment(key: "exp-cuped", expectedVersion: 1, input: { multipleTestingCorrection: BENJAMINI_HOCHBERG }) { version } }',
    );
    const spend = await results('exp-cuped');
    const capped = await results('exp-cuped', 'spend-capped');
    const sums = (cap: (v: number) => number) =>
      (['control', 'treatment'] as const).map((variant) =>
        cupedSummary(
          variant,
          users.filter((u) => u.variant === variant).map((u) => ({ x: cap(u.pre), y: cap(u.post) })),
        ),
      );
    const twoSided = cupedAnalysis(
      sums((v) => v),
      'control',
      0.95,
    ).variants[1]!;
    const t = spend.variants[1]!.cuped;
    // One-sided in the good direction (higher is better; the effect is +1): half the two-sided p.
    expect(t.pValue! / (twoSided.pValue! / 2)).toBeCloseTo(1, 9);
    const family = [t.pValue!, capped.variants[1]!.cuped.pValue!];
    const bh = benjaminiHochberg(family, 0.05);
    expect([t.adjustedPValue, capped.variants[1]!.cuped.adjustedPValue]).toEqual(bh.adjusted);
    // Both significant: BH leaves α′ = 2 · 0.05 / 2; one-sided, the interval is at 1 − 2α′ = 90 %.
    expect(bh.rejected).toEqual([true, true]);
    const at90 = cupedAnalysis(
      sums((v) => v),
      'control',
      0.9,
      1,
    ).variants[1]!;
    expect(t.absoluteUplift!.lower).toBeCloseTo(at90.absoluteUplift!.lower, 9);
    expect(t.absoluteUplift!.upper).toBeCloseTo(at90.absoluteUplift!.upper, 9);
    expect(t.significant).toBe(true);
    expect(t.absoluteUplift!.lower).toBeGreaterThan(0);
  });

  it("decides a CUPED comparison in the metric's direction: a significant rise of a lower-is-better metric is WORSE", async () => {
    const version = await stack.gqlOk<{ metric: { version: number } }>(
      '{ metric(key: "spend") { version } }',
    );
    await stack.gqlOk(
      `mutation { updateMetric(key: "spend", expectedVersion: ${version.metric.version}, input: { oneSided: false, higherIsBetter: false }) { version } }`,
    );
    const t = (await results('exp-cuped')).variants[1]!;
    expect(t.absoluteUplift!.estimate).toBeGreaterThan(0);
    expect(t.cuped.significant).toBe(true);
    expect(t.cuped.decision).toBe('WORSE');
    expect(t.cuped.absoluteUplift!.lower).toBeGreaterThan(0);
  });
});
