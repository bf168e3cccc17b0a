import { startTestStack, type TestStack } from '@switchyard/testkit';
import { seededRandom } from '../seed/demo';
import { sampleQuantile } from '../stats/quantiles';

const QUERY = `query($metric: String!, $since: DateTime!, $variation: String, $q: Float, $env: String! = "production") {
  flagVariationMetric(flagKey: "checkout", environment: $env, metricKey: $metric, since: $since, variation: $variation, quantile: $q) {
    kind higherIsBetter notes
    variations { variation evaluations users events valuedEvents mean variance eventsPerEvaluation quantile { q estimate lower upper } }
    comparison { variation others statistic difference pValue sequentialPValue sequentialLower sequentialUpper significant worse assumptionsMet notes }
  }
}`;

interface Values {
  variation: string;
  evaluations: number;
  users: number;
  events: number;
  valuedEvents: number;
  mean: number | null;
  eventsPerEvaluation: number | null;
  quantile: { q: number; estimate: number; lower: number | null; upper: number | null } | null;
}
interface Answer {
  kind: string;
  variations: Values[];
  comparison: {
    difference: number | null;
    sequentialPValue: number | null;
    significant: boolean;
    worse: boolean;
    assumptionsMet: boolean;
    others: string[];
  } | null;
}

describe('flagVariationMetric (release guards) through the gateway', () => {
  let stack: TestStack;
  const now = Date.now();
  const since = new Date(now - 3600_000).toISOString();
  const random = seededRandom(16);
  // 400 requests per variation since `since`: latency (new is 1.5× slower) and an error flag
  // (old 2 %, new 20 %); plus older and other-environment events that must be left out.
  const requests = ['old', 'new'].flatMap((variation) =>
    Array.from({ length: 400 }, (_, i) => ({
      variation,
      user: `${variation}-u${i % 150}`,
      latency: Math.round((variation === 'new' ? 1.5 : 1) * 200 * Math.exp(random())),
      error: random() < (variation === 'new' ? 0.2 : 0.02) ? 1 : 0,
    })),
  );
  const ask = async (vars: Record<string, unknown>) =>
    (await stack.gqlOk<{ flagVariationMetric: Answer }>(QUERY, { since, ...vars })).flagVariationMetric;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'analytics'] });
    for (const m of [
      '{ key: "latency", name: "Latency", kind: QUANTILE, eventName: "request-latency", quantile: 0.95, higherIsBetter: false }',
      '{ key: "errors", name: "Error rate", kind: MEAN, eventName: "request-error", higherIsBetter: false }',
    ]) {
      await stack.gqlOk(`mutation { createMetric(input: ${m}) { key } }`);
    }
    const event = (r: (typeof requests)[number], i: number, name: string, value: number, extra = {}) => ({
      eventId: `${name}-${i}`,
      type: 'CUSTOM',
      userKey: r.user,
      eventName: name,
      value,
      properties: { environment: 'production', flags: { checkout: r.variation, other: 'x' } },
      timestamp: new Date(now - 30 * 60_000 + i * 1000).toISOString(),
      ...extra,
    });
    const events = [
      ...requests.map((r, i) => event(r, i, 'request-latency', r.latency)),
      ...requests.map((r, i) => event(r, i, 'request-error', r.error)),
      // Before `since`, and in staging: not counted.
      ...requests.slice(0, 50).map((r, i) =>
        event(r, i + 10_000, 'request-latency', 99_999, {
          timestamp: new Date(now - 2 * 3600_000).toISOString(),
        }),
      ),
      ...requests.slice(0, 50).map((r, i) =>
        event(r, i + 20_000, 'request-latency', 99_999, {
          properties: { environment: 'staging', flags: { checkout: r.variation } },
        }),
      ),
      // Evaluations: 1,000 of each variation.
      ...['old', 'new'].map((variation) => ({
        eventId: `eval-${variation}`,
        type: 'EVALUATION',
        userKey: 'sdk',
        eventName: 'checkout',
        variant: variation,
        value: 1000,
        properties: { environment: 'production' },
      })),
    ];
    for (let i = 0; i < events.length; i += 1000) {
      await stack.gqlOk(`mutation($e: [EventInput!]!) { trackEvents(events: $e) { accepted } }`, {
        e: events.slice(i, i + 1000),
      });
    }
  }, 180_000);
  afterAll(() => stack?.stop());

  it('p95 latency per variation with its order-statistic interval, the slower variation flagged worse', async () => {
    const got = await ask({ metric: 'latency', variation: 'new' });
    expect(got.kind).toBe('QUANTILE');
    for (const v of got.variations) {
      const values = requests.filter((r) => r.variation === v.variation).map((r) => r.latency);
      const want = sampleQuantile(values, 0.95, 0.95);
      expect(v.events).toBe(400);
      expect(v.users).toBe(150);
      expect(v.evaluations).toBe(1000);
      expect(v.eventsPerEvaluation).toBeCloseTo(0.4, 12);
      expect(v.quantile).toEqual({ q: 0.95, estimate: want.estimate, lower: want.lower, upper: want.upper });
    }
    expect(got.comparison!.others).toEqual(['old']);
    expect(got.comparison!.difference!).toBeGreaterThan(0);
    expect(got.comparison!.assumptionsMet).toBe(true);
    expect(got.comparison!.significant).toBe(true);
    expect(got.comparison!.worse).toBe(true);
  });

  it('error rate as the mean of 0/1 values, compared with the always-valid test', async () => {
    const got = await ask({ metric: 'errors', variation: 'new' });
    for (const v of got.variations) {
      const mine = requests.filter((r) => r.variation === v.variation);
      expect(v.mean).toBeCloseTo(mine.reduce((s, r) => s + r.error, 0) / mine.length, 12);
      expect(v.quantile).toBeNull();
    }
    expect(got.comparison!.worse).toBe(true);
    // The old variation against the new: better, so not worse.
    const reverse = await ask({ metric: 'errors', variation: 'old' });
    expect(reverse.comparison!.significant).toBe(true);
    expect(reverse.comparison!.worse).toBe(false);
  });

  it('refuses bad input naming the field, and an unknown metric', async () => {
    const old = await stack.gql(QUERY, {
      metric: 'latency',
      since: new Date(now - 40 * 86_400_000).toISOString(),
    });
    expect(old.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(old.errors?.[0]?.extensions?.field).toBe('since');
    const q = await stack.gql(QUERY, { metric: 'latency', since, q: 2 });
    expect(q.errors?.[0]?.extensions?.field).toBe('quantile');
    const missing = await stack.gql(QUERY, { metric: 'nope', since });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it("reads a project's own metric and the events of its SDK keys only", async () => {
    await stack.gqlOk(`mutation { createProject(input: { key: "mobile", name: "Mobile",
      environments: [{ key: "production" }] }) { key } }`);
    await stack.gqlOk(`mutation { createMetric(input: { project: "mobile", key: "errors", name: "Mobile errors",
      kind: MEAN, eventName: "request-error", higherIsBetter: false }) { key } }`);
    const { createApiKey } = await stack.gqlOk<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "mobile app", kind: SERVER, environment: "production", project: "mobile" }) { secret } }',
    );
    // Mobile's app: 30 requests on its own `checkout`, every one an error.
    const events = Array.from({ length: 30 }, (_, i) => ({
      eventId: `mobile-error-${i}`,
      type: 'CUSTOM',
      userKey: `m-${i}`,
      eventName: 'request-error',
      value: 1,
      properties: { environment: 'production', flags: { checkout: 'new' } },
      timestamp: new Date(now - 10 * 60_000).toISOString(),
    }));
    await stack.gqlOk(
      'mutation($e: [EventInput!]!) { trackEvents(events: $e) { accepted } }',
      { e: events },
      { token: createApiKey.secret },
    );
    const before = await ask({ metric: 'errors' });
    const mobile = (
      await stack.gqlOk<{ flagVariationMetric: Answer }>(
        QUERY.replace('flagKey:', 'project: "mobile", flagKey:'),
        {
          since,
          metric: 'errors',
        },
      )
    ).flagVariationMetric;
    expect(mobile.variations.map((v) => [v.variation, v.events, v.mean])).toEqual([['new', 30, 1]]);
    // The default project's reading is as it was: mobile's events are not its flag's.
    expect(await ask({ metric: 'errors' })).toEqual(before);
    const newDefault = before.variations.find((v) => v.variation === 'new')!;
    expect(newDefault.events).toBe(requests.filter((r) => r.variation === 'new').length);
    const unknown = await stack.gql(QUERY.replace('flagKey:', 'project: "nope", flagKey:'), {
      since,
      metric: 'errors',
    });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'project' });
  });
});
