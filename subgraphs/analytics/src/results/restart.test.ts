import { startTestStack, type TestStack } from '@switchyard/testkit';

// A restarted experiment starts a new analysis period: its results count the users exposed in
// that period — returning users included, re-exposed by their next assignment — and only their
// conversions after that exposure.

const RESULTS = `query($key: String!) {
  experiment(key: $key) {
    exposures analysisPeriod
    results(metricKey: "purchase") {
      analysisPeriod notes metric { name }
      variants { variant users conversions rate pValue }
      daily { date variants { variant users } }
    }
  }
}`;

interface Results {
  experiment: {
    exposures: number;
    analysisPeriod: number;
    results: {
      analysisPeriod: number;
      notes: string[];
      metric: { name: string };
      variants: { variant: string; users: number; conversions: number; rate: number | null }[];
    };
  };
}

describe('results across a restart (analysis periods), through the gateway', () => {
  let stack: TestStack;
  const variantOf = new Map<string, string>();
  const results = async () => stack.gqlOk<Results>(RESULTS, { key: 'restart-exp' });
  const totals = (r: Results) => {
    const vs = r.experiment.results.variants;
    return {
      users: vs.reduce((s, v) => s + v.users, 0),
      conversions: vs.reduce((s, v) => s + v.conversions, 0),
    };
  };
  /** Exposures reach analytics over the bus, a moment after the assignment answered. */
  const resultsWithUsers = async (n: number) => {
    const deadline = Date.now() + 15_000;
    let r = await results();
    while (totals(r).users !== n && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 200));
      r = await results();
    }
    return r;
  };
  const assign = async (userKey: string) => {
    const data = await stack.gqlOk<{ assignment: { variant: string; reason: string } }>(
      'query($key: String!, $ctx: JSON!) { assignment(experimentKey: $key, context: $ctx) { variant reason } }',
      { key: 'restart-exp', ctx: { key: userKey } },
    );
    variantOf.set(userKey, data.assignment.variant);
    return data.assignment;
  };
  const convert = (users: string[], tag: string) =>
    stack.gqlOk(`mutation($e: [EventInput!]!) { trackEvents(events: $e) { accepted } }`, {
      e: users.map((u) => ({
        eventId: `buy-${tag}-${u}`,
        type: 'CONVERSION',
        userKey: u,
        eventName: 'purchase',
      })),
    });
  /** Users and conversions per variant that the results should show. */
  const expected = (users: string[], converted: string[]) =>
    ['control', 'treatment'].map((variant) => ({
      variant,
      users: users.filter((u) => variantOf.get(u) === variant).length,
      conversions: converted.filter((u) => variantOf.get(u) === variant).length,
    }));
  const counts = (r: Results) =>
    r.experiment.results.variants.map(({ variant, users, conversions }) => ({ variant, users, conversions }));

  const returning = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'];
  const newcomers = ['n0', 'n1', 'n2', 'n3'];

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    await stack.gqlOk(
      'mutation { createMetric(input: { key: "purchase", name: "Purchase", kind: CONVERSION, eventName: "purchase", conversionWindowHours: 24 }) { key } }',
    );
    await stack.gqlOk(
      'mutation { createFlag(input: { key: "restart-flag", name: "R", type: STRING, variations: [{ key: "control", value: "control" }, { key: "treatment", value: "treatment" }] }) { key } }',
    );
    await stack.gqlOk(
      `mutation { createExperiment(input: { key: "restart-exp", name: "R", environment: "production", flagKey: "restart-flag",
        variants: [{ key: "control", weight: 50 }, { key: "treatment", weight: 50 }], primaryMetric: "purchase" }) { key } }`,
    );
    await stack.gqlOk('mutation { startExperiment(key: "restart-exp") { status } }');
  }, 180_000);
  afterAll(() => stack?.stop());

  it('counts period 1 users and their conversions', async () => {
    const first = Array.from({ length: 10 }, (_, i) => `u${i}`);
    for (const u of first) expect((await assign(u)).reason).toBe('ASSIGNED');
    await resultsWithUsers(10);
    await convert(['u0', 'u1', 'u2', 'u3'], 'p1');
    const r = await results();
    expect(r.experiment.results.analysisPeriod).toBe(1);
    expect(counts(r)).toEqual(expected(first, ['u0', 'u1', 'u2', 'u3']));
    expect(r.experiment.exposures).toBe(10);
  });

  it('after a restart counts returning and new users, each with conversions after their exposure in the period', async () => {
    const restarted = await stack.gqlOk<{ restartExperiment: { analysisPeriod: number } }>(
      'mutation { restartExperiment(key: "restart-exp") { analysisPeriod } }',
    );
    expect(restarted.restartExperiment.analysisPeriod).toBe(2);
    // Nobody is exposed in period 2 yet: period 1's users and conversions are not carried over.
    const empty = await results();
    expect(empty.experiment.results.analysisPeriod).toBe(2);
    expect(totals(empty)).toEqual({ users: 0, conversions: 0 });

    for (const u of returning) expect((await assign(u)).reason).toBe('STICKY');
    for (const u of newcomers) expect((await assign(u)).reason).toBe('ASSIGNED');
    const exposed = await resultsWithUsers(10);
    // u0–u3 converted in period 1 only: before their period-2 exposure, so not counted now.
    expect(counts(exposed)).toEqual(expected([...returning, ...newcomers], []));
    expect(exposed.experiment.results.notes.join(' ')).toMatch(/Analysis period 2/);

    await convert(['u1', 'u4', 'n0'], 'p2');
    const converted = await results();
    expect(counts(converted)).toEqual(expected([...returning, ...newcomers], ['u1', 'u4', 'n0']));
    // Unique users over both periods: u0–u9 and n0–n3.
    expect(converted.experiment.exposures).toBe(14);
  });

  it('recomputeRollups rebuilds both periods to identical results', async () => {
    const before = await results();
    const rebuilt = await stack.gqlOk<{ recomputeRollups: { users: number } }>(
      'mutation { recomputeRollups(experimentKey: "restart-exp") { users } }',
    );
    expect(rebuilt.recomputeRollups.users).toBe(14);
    expect(await results()).toEqual(before);
  });

  it('answers from the cache only while nothing changed: an event or a metric edit shows at once', async () => {
    const before = await results();
    expect(await results()).toEqual(before);
    await convert(['n1'], 'cache');
    const after = await results();
    expect(totals(after).conversions).toBe(totals(before).conversions + 1);
    // A duplicate changes nothing.
    await convert(['n1'], 'cache');
    expect(await results()).toEqual(after);

    await stack.gqlOk(
      'mutation { updateMetric(key: "purchase", expectedVersion: 1, input: { name: "Bought" }) { version } }',
    );
    const renamed = await results();
    expect(renamed.experiment.results.metric.name).toBe('Bought');
    expect(counts(renamed)).toEqual(counts(after));
  });
});
