import { startTestStack, type TestStack } from '@switchyard/testkit';
import { seededRandom } from '../seed/demo';
import { sampleQuantile } from '../stats/quantiles';
import { ratioEstimate } from '../stats/ratio';

const HOUR = 3600_000;

const RESULTS = `query($key: String!, $metric: String!) {
  experiment(key: $key) {
    results(metricKey: $metric) {
      kind test status daily { date }
      method { test intervalLevel }
      cuped { status notes }
      variants { variant users mean standardError interval { lower upper } pValue significant decision
        absoluteUplift { estimate lower upper } relativeUplift { estimate lower upper } status notes }
    }
  }
}`;

interface Row {
  variant: string;
  users: number;
  mean: number | null;
  standardError: number | null;
  interval: { lower: number; upper: number } | null;
  pValue: number | null;
  decision: string;
  absoluteUplift: { estimate: number; lower: number; upper: number } | null;
  status: string;
}
interface Results {
  kind: string;
  test: string;
  status: string;
  daily: unknown[];
  cuped: { status: string; notes: string[] };
  variants: Row[];
}

/** Each user: some sessions (0–4), a purchase in some of them, and request latencies. */
interface User {
  key: string;
  variant: 'control' | 'treatment';
  exposedAt: number;
  sessions: number;
  purchases: number[];
  latencies: number[];
}

function generate(n: number, now: number): User[] {
  const random = seededRandom(31);
  return Array.from({ length: n }, (_, i) => {
    const variant = i % 2 === 0 ? 'control' : 'treatment';
    const sessions = Math.floor(random() * 5);
    const slow = variant === 'treatment' ? 1.3 : 1;
    return {
      key: `u${i}`,
      variant,
      exposedAt: now - (3 + random() * 20) * HOUR,
      sessions,
      purchases: Array.from({ length: sessions }, () =>
        random() < 0.3 ? Math.round(random() * 8000) / 100 : 0,
      ).filter((v) => v > 0),
      latencies: Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
        Math.round(slow * 100 * Math.exp(random() * 2)),
      ),
    };
  });
}

describe('RATIO and QUANTILE metrics through the gateway', () => {
  let stack: TestStack;
  const now = Date.now();
  const users = generate(600, now);
  const results = async (metric: string) =>
    (await stack.gqlOk<{ experiment: { results: Results } }>(RESULTS, { key: 'exp-rq', metric })).experiment
      .results;
  const track = async (batch: Record<string, unknown>[]) => {
    for (let i = 0; i < batch.length; i += 1000) {
      await stack.gqlOk(`mutation($e: [EventInput!]!) { trackEvents(events: $e) { accepted } }`, {
        e: batch.slice(i, i + 1000),
      });
    }
  };
  const at = (u: User, minutes: number) => new Date(u.exposedAt + minutes * 60_000).toISOString();

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    await stack.gqlOk(
      `mutation { createFlag(input: { key: "f", name: "F", variations: [{ key: "control", value: false }, { key: "treatment", value: true }] }) { key } }`,
    );
    for (const m of [
      '{ key: "rev-per-session", name: "Revenue per session", kind: RATIO, eventName: "buy", denominatorEventName: "session", conversionWindowHours: 24 }',
      '{ key: "p95-latency", name: "p95 latency", kind: QUANTILE, eventName: "request", quantile: 0.95, higherIsBetter: false, conversionWindowHours: 24 }',
    ]) {
      await stack.gqlOk(`mutation { createMetric(input: ${m}) { key } }`);
    }
    await stack.gqlOk(
      `mutation { createExperiment(input: { key: "exp-rq", name: "RQ", environment: "production", flagKey: "f",
        variants: [{ key: "control", weight: 50 }, { key: "treatment", weight: 50 }],
        primaryMetric: "rev-per-session", secondaryMetrics: ["p95-latency"] }) { key } }`,
    );
    // Half the users' events arrive before their exposure (read from raw events when it comes),
    // half after (added to the stored values incrementally).
    const events = (u: User) => [
      ...Array.from({ length: u.sessions }, (_, j) => ({
        eventId: `s-${u.key}-${j}`,
        type: 'CUSTOM',
        userKey: u.key,
        eventName: 'session',
        timestamp: at(u, 10 + j),
      })),
      ...u.purchases.map((value, j) => ({
        eventId: `b-${u.key}-${j}`,
        type: 'CONVERSION',
        userKey: u.key,
        eventName: 'buy',
        value,
        timestamp: at(u, 20 + j),
      })),
      ...u.latencies.map((value, j) => ({
        eventId: `r-${u.key}-${j}`,
        type: 'CUSTOM',
        userKey: u.key,
        eventName: 'request',
        value,
        timestamp: at(u, 30 + j),
      })),
    ];
    const exposure = (u: User) => ({
      eventId: `x-${u.key}`,
      type: 'EXPOSURE',
      userKey: u.key,
      experimentKey: 'exp-rq',
      variant: u.variant,
      timestamp: new Date(u.exposedAt).toISOString(),
    });
    const [before, after] = [users.filter((_, i) => i % 4 < 2), users.filter((_, i) => i % 4 >= 2)];
    await track(before.flatMap(events));
    await track(users.map(exposure));
    await track(after.flatMap(events));
  }, 180_000);
  afterAll(() => stack?.stop());

  it('revenue per session: Σ revenue / Σ sessions per variant with the delta-method standard error', async () => {
    const got = await results('rev-per-session');
    expect(got.kind).toBe('RATIO');
    expect(got.test).toBe('DELTA_METHOD_Z_TEST');
    for (const row of got.variants) {
      const mine = users.filter((u) => u.variant === row.variant);
      const n = mine.map((u) => u.purchases.reduce((s, v) => s + v, 0));
      const d = mine.map((u) => u.sessions);
      const want = ratioEstimate({
        users: mine.length,
        numeratorSum: n.reduce((s, v) => s + v, 0),
        denominatorSum: d.reduce((s, v) => s + v, 0),
        numeratorSumSquares: n.reduce((s, v) => s + v * v, 0),
        denominatorSumSquares: d.reduce((s, v) => s + v * v, 0),
        crossSum: n.reduce((s, v, i) => s + v * d[i]!, 0),
      });
      expect(row.users).toBe(300);
      expect(row.mean).toBeCloseTo(want.ratio!, 9);
      expect(row.standardError).toBeCloseTo(want.standardError!, 9);
    }
    const t = got.variants[1]!;
    expect(t.absoluteUplift!.estimate).toBeCloseTo(t.mean! - got.variants[0]!.mean!, 12);
    expect(t.pValue).not.toBeNull();
    expect(got.daily).toEqual([]);
    // Not "no pre-period data": CUPED does not apply to a ratio at all.
    expect(got.cuped.status).toBe('NOT_APPLICABLE');
    expect(got.cuped.notes.join(' ')).toMatch(/RATIO metric is analysed without it/);
  });

  it('p95 latency: the quantile of per-user mean latencies with its order-statistic interval; slower is WORSE', async () => {
    const got = await results('p95-latency');
    expect(got.kind).toBe('QUANTILE');
    expect(got.test).toBe('QUANTILE_Z_TEST');
    for (const row of got.variants) {
      const means = users
        .filter((u) => u.variant === row.variant)
        .map((u) => u.latencies.reduce((s, v) => s + v, 0) / u.latencies.length);
      const want = sampleQuantile(means, 0.95, 0.95);
      expect(row.mean).toBeCloseTo(want.estimate!, 9);
      expect(row.interval!.lower).toBeCloseTo(want.lower!, 9);
      expect(row.interval!.upper).toBeCloseTo(want.upper!, 9);
      expect(row.standardError).toBeCloseTo(want.standardError!, 9);
    }
    // Treatment latencies are 1.3× control's: its p95 is clearly worse.
    expect(got.variants[1]!.decision).toBe('WORSE');
    expect(got.cuped.status).toBe('NOT_APPLICABLE');
    expect(got.cuped.notes.join(' ')).toMatch(/QUANTILE metric is analysed without it/);
  });

  it('recomputeRollups gives the same results as the incremental paths', async () => {
    const before = [await results('rev-per-session'), await results('p95-latency')];
    await stack.gqlOk('mutation { recomputeRollups(experimentKey: "exp-rq") { users } }');
    expect([await results('rev-per-session'), await results('p95-latency')]).toEqual(before);
  });

  it('refuses a RATIO without a denominator, a quantile outside (0, 1), and capping of either', async () => {
    const create = (input: string) => stack.gql(`mutation { createMetric(input: ${input}) { key } }`);
    const noDenominator = await create('{ key: "r2", name: "R", kind: RATIO, eventName: "buy" }');
    expect(noDenominator.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(noDenominator.errors?.[0]?.extensions?.field).toBe('input.denominatorEventName');
    const badQ = await create(
      '{ key: "q2", name: "Q", kind: QUANTILE, eventName: "request", quantile: 1.5 }',
    );
    expect(badQ.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const capped = await create(
      '{ key: "q3", name: "Q", kind: QUANTILE, eventName: "request", quantile: 0.5, capping: { type: FIXED, value: 10 } }',
    );
    expect(capped.errors?.[0]?.extensions?.field).toBe('input.capping');
    const metrics = await stack.gqlOk<{ metrics: { key: string }[] }>('{ metrics { key } }');
    expect(metrics.metrics.map((m) => m.key).sort()).toEqual(['p95-latency', 'rev-per-session']);
  });
});
