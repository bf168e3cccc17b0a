import { startTestStack, type TestStack } from '@switchyard/testkit';
import { seededRandom } from '../seed/demo';
import { analyzeMetrics, type VariantSummary } from '../stats';

const HOUR = 3600_000;

const BREAKDOWN = `query($key: String!, $metric: String!, $dimension: String!) {
  experiment(key: $key) {
    breakdown(metricKey: $metric, dimension: $dimension) {
      metricKey dimension alpha comparisons notes
      slices {
        value users status controlVariant
        sampleRatio { observed }
        variants { variant users conversions rate pValue adjustedPValue significant cuped { pValue } }
      }
    }
  }
}`;

interface Breakdown {
  comparisons: number;
  notes: string[];
  slices: {
    value: string;
    users: number;
    status: string;
    variants: {
      variant: string;
      users: number;
      conversions: number;
      pValue: number | null;
      adjustedPValue: number | null;
      significant: boolean;
      cuped: null;
    }[];
  }[];
}

const COUNTRIES = ['us', 'de', 'fr', 'br', 'jp'];

interface User {
  key: string;
  variant: 'control' | 'treatment';
  country: string | null;
  exposedAt: number;
  converted: boolean;
}

function generate(n: number, now: number): User[] {
  const random = seededRandom(3);
  return Array.from({ length: n }, (_, i) => {
    const variant = i % 2 === 0 ? 'control' : 'treatment';
    // Most users in the first countries; every 13th without the attribute.
    const country = i % 13 === 0 ? null : COUNTRIES[Math.min(4, Math.floor(random() * random() * 6))]!;
    const rate = 0.2 + (country === 'us' && variant === 'treatment' ? 0.2 : 0);
    return {
      key: `b${i}`,
      variant,
      country,
      exposedAt: now - (2 + random() * 30) * HOUR,
      converted: random() < rate,
    };
  });
}

/** Each user's spend: 0 to 30 (a third of users above the metric's cap of 20); every 11th user buys nothing. */
const spend = (i: number) => (i % 7) * 5;
const spends = (i: number) => i % 11 !== 3;

describe('dimension breakdowns through the gateway', () => {
  let stack: TestStack;
  const now = Date.now();
  const users = generate(900, now);
  const breakdown = async (dimension: string) =>
    (
      await stack.gqlOk<{ experiment: { breakdown: Breakdown } }>(BREAKDOWN, {
        key: 'exp-b',
        metric: 'buy',
        dimension,
      })
    ).experiment.breakdown;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    await stack.gqlOk(
      `mutation { createFlag(input: { key: "f", name: "F", variations: [{ key: "control", value: false }, { key: "treatment", value: true }] }) { key } }`,
    );
    await stack.gqlOk(
      `mutation { createMetric(input: { key: "buy", name: "Buy", kind: CONVERSION, eventName: "buy", conversionWindowHours: 24 }) { key } }`,
    );
    await stack.gqlOk(
      `mutation { createMetric(input: { key: "buy-one-sided", name: "Buy", kind: CONVERSION, eventName: "buy", conversionWindowHours: 24, oneSided: true }) { key } }`,
    );
    await stack.gqlOk(
      `mutation { createMetric(input: { key: "spend", name: "Spend", kind: MEAN, eventName: "spend", conversionWindowHours: 24, capping: { type: FIXED, value: 20 } }) { key } }`,
    );
    await stack.gqlOk(
      `mutation { createExperiment(input: { key: "exp-b", name: "B", environment: "production", flagKey: "f",
        variants: [{ key: "control", weight: 50 }, { key: "treatment", weight: 50 }], primaryMetric: "buy" }) { key } }`,
    );
    const exposure = (u: User, at: number, country: string | null, id: string) => ({
      eventId: id,
      type: 'EXPOSURE',
      userKey: u.key,
      experimentKey: 'exp-b',
      variant: u.variant,
      timestamp: new Date(at).toISOString(),
      // `email` is not an allow-listed attribute: never stored with the exposure.
      properties: { ...(country ? { country } : {}), platform: 'web', email: `${u.key}@example.com` },
    });
    // Every 10th user is first seen through a later exposure from elsewhere; their true, earlier
    // exposure arrives after and moves them, with its attributes.
    const movers = users.filter((_, i) => i % 10 === 5);
    const e1 = movers.map((u) => exposure(u, u.exposedAt + HOUR, 'zz', `late-${u.key}`));
    const e2 = users.map((u) => exposure(u, u.exposedAt, u.country, `x-${u.key}`));
    const buys = users
      .filter((u) => u.converted)
      .map((u) => ({
        eventId: `buy-${u.key}`,
        type: 'CONVERSION',
        userKey: u.key,
        eventName: 'buy',
        timestamp: new Date(u.exposedAt + 1.5 * HOUR).toISOString(),
      }));
    const spent = users
      .flatMap((u, i) => (spends(i) ? [{ u, i }] : []))
      .map(({ u, i }) => ({
        eventId: `spend-${u.key}`,
        type: 'CONVERSION',
        userKey: u.key,
        eventName: 'spend',
        value: spend(i),
        timestamp: new Date(u.exposedAt + 1.5 * HOUR).toISOString(),
      }));
    for (const batch of [e1, e2, buys, spent]) {
      await stack.gqlOk(`mutation($e: [EventInput!]!) { trackEvents(events: $e) { accepted } }`, {
        e: batch,
      });
    }
  }, 180_000);
  afterAll(() => stack?.stop());

  it('lists the recorded attributes', async () => {
    const got = await stack.gqlOk<{ exposureAttributes: string[] }>('{ exposureAttributes }');
    expect(got.exposureAttributes).toEqual(['country', 'platform', 'plan']);
  });

  it('analyses each slice, with Holm–Bonferroni across all slices, and warns that slices are exploratory', async () => {
    const got = await breakdown('country');
    const values = [...new Set(users.map((u) => u.country ?? '(not recorded)'))];
    const slice = (v: string) => users.filter((u) => (u.country ?? '(not recorded)') === v);
    const ordered = values.sort((a, b) => slice(b).length - slice(a).length || a.localeCompare(b));
    expect(got.slices.map((s) => s.value)).toEqual(ordered);
    expect(got.slices.map((s) => s.users)).toEqual(ordered.map((v) => slice(v).length));
    expect(got.comparisons).toBe(ordered.length);
    const summaries = (us: User[]): VariantSummary[] =>
      (['control', 'treatment'] as const).map((variant) => {
        const vs = us.filter((u) => u.variant === variant);
        const c = vs.filter((u) => u.converted).length;
        return { variant, weight: 50, users: vs.length, conversions: c, sum: c, sumSquares: c };
      });
    const want = analyzeMetrics({
      alpha: 0.05,
      metrics: ordered.map((v) => ({
        metric: v,
        kind: 'CONVERSION',
        higherIsBetter: true,
        variants: summaries(slice(v)),
      })),
    });
    for (const [i, s] of got.slices.entries()) {
      const w = want.metrics[i]!.variants[1]!;
      expect(s.variants[1]!.conversions).toBe(w.conversions);
      expect(s.variants[1]!.pValue).toBeCloseTo(w.pValue!, 12);
      expect(s.variants[1]!.adjustedPValue).toBeCloseTo(w.adjustedPValue!, 12);
      expect(s.variants[1]!.significant).toBe(w.significant);
      expect(s.variants[1]!.cuped).toBeNull();
    }
    // The effect lives in "us" only; the correction still finds it there.
    expect(got.slices.find((s) => s.value === 'us')!.variants[1]!.significant).toBe(true);
    expect(got.slices.some((s) => s.value === 'zz')).toBe(false);
    expect(got.notes[0]).toMatch(/exploratory/);
  });

  it('recomputeRollups keeps the attributes of each first exposure', async () => {
    const before = await breakdown('country');
    await stack.gqlOk('mutation { recomputeRollups(experimentKey: "exp-b") { users } }');
    expect(await breakdown('country')).toEqual(before);
    const platform = await breakdown('platform');
    expect(platform.slices.map((s) => [s.value, s.users])).toEqual([['web', 900]]);
  });

  it('refuses an attribute that is not recorded', async () => {
    const got = await stack.gql(BREAKDOWN, { key: 'exp-b', metric: 'buy', dimension: 'email' });
    expect(got.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(got.errors?.[0]?.extensions?.field).toBe('dimension');
    expect(got.errors?.[0]?.message).toMatch(/"country"/);
  });
  it('splits the capped values of a capped metric, as its main results use', async () => {
    const got = (
      await stack.gqlOk<{
        experiment: {
          breakdown: {
            notes: string[];
            slices: { value: string; variants: { variant: string; mean: number }[] }[];
          };
        };
      }>(
        `query { experiment(key: "exp-b") { breakdown(metricKey: "spend", dimension: "country") {
          notes slices { value variants { variant mean } } } } }`,
      )
    ).experiment.breakdown;
    expect(got.notes.join(' ')).toMatch(/capped at 20/);
    for (const slice of got.slices) {
      for (const v of slice.variants) {
        const members = users
          // A user who bought nothing counts 0, not the cap.
          .map((u, i) => ({ u, value: spends(i) ? Math.min(spend(i), 20) : 0 }))
          .filter(({ u }) => u.variant === v.variant && (u.country ?? '(not recorded)') === slice.value);
        expect(v.mean).toBeCloseTo(members.reduce((s, m) => s + m.value, 0) / members.length, 9);
      }
    }
    expect(got.slices.length).toBe(6);
  });

  it("tests each slice as the main results do: the metric's sides, the experiment's correction", async () => {
    await stack.gqlOk(
      'mutation { updateExperiment(key: "exp-b", expectedVersion: 1, input: { multipleTestingCorrection: BENJAMINI_HOCHBERG }) { version } }',
    );
    const got = (
      await stack.gqlOk<{
        experiment: {
          results: { method: { sides: string; correction: string } };
          breakdown: {
            notes: string[];
            slices: {
              value: string;
              method: { sides: string; correction: string; comparisons: number };
              variants: {
                variant: string;
                pValue: number | null;
                adjustedPValue: number | null;
                significant: boolean;
              }[];
            }[];
          };
        };
      }>(
        `query { experiment(key: "exp-b") {
          results(metricKey: "buy-one-sided") { method { sides correction } }
          breakdown(metricKey: "buy-one-sided", dimension: "country") {
            notes slices { value method { sides correction comparisons } variants { variant pValue adjustedPValue significant } } } } }`,
      )
    ).experiment;
    expect(got.results.method).toEqual({ sides: 'ONE_SIDED', correction: 'BENJAMINI_HOCHBERG' });
    const slices = got.breakdown.slices;
    const values = slices.map((s) => s.value);
    const want = analyzeMetrics({
      alpha: 0.05,
      correction: 'BENJAMINI_HOCHBERG',
      metrics: values.map((v) => {
        const members = users.filter((u) => (u.country ?? '(not recorded)') === v);
        return {
          metric: v,
          kind: 'CONVERSION' as const,
          higherIsBetter: true,
          oneSided: true,
          variants: (['control', 'treatment'] as const).map((variant) => {
            const c = members.filter((u) => u.variant === variant && u.converted).length;
            const n = members.filter((u) => u.variant === variant).length;
            return { variant, weight: 50, users: n, conversions: c, sum: c, sumSquares: c };
          }),
        };
      }),
    });
    for (const [i, s] of slices.entries()) {
      expect(s.method).toEqual({
        sides: 'ONE_SIDED',
        correction: 'BENJAMINI_HOCHBERG',
        comparisons: values.length,
      });
      const w = want.metrics[i]!.variants[1]!;
      expect(s.variants[1]!.pValue).toBeCloseTo(w.pValue!, 12);
      expect(s.variants[1]!.adjustedPValue).toBeCloseTo(w.adjustedPValue!, 12);
      expect(s.variants[1]!.significant).toBe(w.significant);
    }
    expect(got.breakdown.notes[0]).toMatch(/Benjamini–Hochberg adjusted/);
  });
});
