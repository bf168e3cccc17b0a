import { startTestStack, type TestStack } from '@switchyard/testkit';

// Two root fields: when analytics is down, `experiment` (which needs its non-null
// `exposures`) becomes null while `flag` is still answered.
const QUERY =
  '{ flag(key: "new-checkout") { key name } experiment(key: "checkout-redesign") { key status exposures } }';

interface Answer {
  data?: {
    flag?: { key: string; name: string } | null;
    experiment?: { key: string; exposures: number } | null;
  } | null;
  errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
}

// Loopback only, bounded: a few seconds of load around one crash and one restart.
describe('a subgraph killed under load', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ seedDemo: true, env: { SUBGRAPH_TIMEOUT_MS: '2000' } });
  }, 120_000);
  let stopLoad = () => {};
  afterAll(async () => {
    stopLoad();
    if (process.env.SHOW_STACK_LOGS) console.log(stack?.logs.slice(-60).join('\n'));
    await stack?.stop();
  });

  it('keeps serving the other subgraphs, names the missing one, and recovers by itself within 5 s', async () => {
    const token = await stack.adminToken();
    const answers: { at: number; body: Answer }[] = [];
    let running = true;
    const worker = async () => {
      while (running) {
        const res = await fetch(stack.graphqlUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: QUERY }),
        });
        answers.push({ at: Date.now(), body: (await res.json()) as Answer });
        if (answers.length > 100_000) running = false;
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    stopLoad = () => {
      running = false;
    };
    const full = (b: Answer) =>
      !b.errors && b.data?.flag?.name === 'New checkout' && (b.data?.experiment?.exposures ?? 0) > 0;

    await new Promise((r) => setTimeout(r, 1000));
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((a) => full(a.body))).toBe(true);

    const analytics = stack.services.get('analytics')!;
    await analytics.kill();
    const killedAt = Date.now();
    await new Promise((r) => setTimeout(r, 2000));
    const during = answers.filter((a) => a.at > killedAt + 500);
    expect(during.length).toBeGreaterThan(0);
    for (const { body } of during) {
      // Fields of the other subgraphs are still served…
      expect(body.data?.flag?.name).toBe('New checkout');
      // …and the error says which subgraph is missing.
      expect(body.errors?.[0]?.message).toMatch(/analytics subgraph is temporarily unavailable/);
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        serviceName: 'analytics',
      });
    }

    analytics.start();
    await analytics.waitUntilReady(60_000);
    const restartedAt = Date.now();
    const deadline = restartedAt + 5000;
    while (Date.now() < deadline) {
      const recent = answers.slice(-8);
      if (recent.length === 8 && recent.every((a) => a.at > restartedAt && full(a.body))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    running = false;
    await Promise.all(workers);
    const after = answers.filter((a) => a.at > restartedAt + 5000 - 1000);
    expect(answers.slice(-8).every((a) => full(a.body))).toBe(true);
    expect(after.every((a) => full(a.body))).toBe(true);
  }, 120_000);
});
