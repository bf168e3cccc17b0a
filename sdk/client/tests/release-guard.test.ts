// A release guard fed by real SDK traffic: server-mode clients evaluate a flag under a release plan and `track` a
// request's error (their events stamped with the served variation and the environment), the batches reach analytics
// through the gateway's POST /events, the flags subgraph's executor reads the guard from analytics
// (`flagVariationMetric` over the signed subgraph call) as soon as analytics says the metric got events, rolls the
// flag back, and the subscribed SDK serves the previous value.

import { startTestStack, type TestStack } from '@switchyard/testkit';
import { createClient, type SwitchyardClient } from '../src/index';

const ENV = 'production';
const quiet = { warn: () => {}, debug: () => {} };

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('release guard fed by SDK events through POST /events', () => {
  let stack: TestStack;
  let client: SwitchyardClient;
  let posted = 0;

  /**
   * The SDK's fetch, sending its event batches where a browser's beacon sends them (POST /events with the key),
   * and everything else (flag set, stream fallbacks) unchanged.
   */
  const eventsThroughPost =
    (sdkKey: string): typeof fetch =>
    async (input, init) => {
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : null;
      const query = typeof body?.query === 'string' ? body.query : '';
      if (!query.includes('trackEvents')) return fetch(input, init);
      const events = (body!.variables as { events: unknown[] }).events;
      const res = await fetch(`${stack.gatewayUrl}/events?apiKey=${encodeURIComponent(sdkKey)}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ events }),
      });
      const result = (await res.json()) as { accepted: number; duplicates: number; rejected: number };
      if (res.status !== 200) throw new Error(`POST /events answered ${res.status}`);
      posted += result.accepted;
      return new Response(
        JSON.stringify({
          data: {
            trackEvents: {
              accepted: result.accepted,
              duplicates: result.duplicates,
              rejected: result.rejected,
            },
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    };

  const flagVersion = async () =>
    (await stack.gqlOk<{ flag: { version: number } }>('{ flag(key: "guarded") { version } }')).flag.version;

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags', 'analytics'],
      // Neither the executor's tick nor the guards' interval comes within the test's time: the rollback
      // can only come from the events (analytics' metricEvents notice wakes the guard and the executor).
      env: { RELEASE_EXECUTOR_INTERVAL_MS: '600000', RELEASE_GUARD_INTERVAL_MS: '600000' },
    });
    await stack.gqlOk(
      'mutation { createMetric(input: { key: "errors", name: "Error rate", kind: MEAN, eventName: "request-error", higherIsBetter: false }) { key } }',
    );
    await stack.gqlOk('mutation { createFlag(input: { key: "guarded", name: "Guarded" }) { key } }');
    await stack.gqlOk(
      `mutation { updateTargeting(key: "guarded", environment: "${ENV}", expectedVersion: ${await flagVersion()},
        input: { enabled: true, fallthrough: { variation: "off" } }) { version } }`,
    );
    const sdkKey = (await stack.createApiKey('server', { environment: ENV, production: true })).secret;
    client = createClient({
      url: stack.graphqlUrl,
      sdkKey,
      environment: ENV,
      cache: false,
      logger: quiet,
      flushIntervalMs: 200,
      fetch: eventsThroughPost(sdkKey),
      reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
    });
    await client.ready();
  }, 180_000);

  afterAll(async () => {
    await client?.close();
    await stack?.stop();
  });

  it('the released variation breaching its error-rate guard rolls back; the SDK serves the previous value', async () => {
    const { createReleasePlan: plan } = await stack.gqlOk<{ createReleasePlan: { id: string } }>(
      `mutation { createReleasePlan(input: { flagKey: "guarded", environment: "${ENV}", variation: "on",
        stages: [{ percent: 50, minDurationMinutes: 60 }, { percent: 100, minDurationMinutes: 60 }],
        guards: [{ metric: "errors", kind: ABSOLUTE, threshold: 0.05, minSample: 20 }] }) { id } }`,
    );
    const users = Array.from({ length: 200 }, (_, i) => ({ key: `user-${i}` }));
    // The stage reaches the SDK through configChanged.
    await until(() => users.some((u) => client.getVariation('guarded', u) === 'on'));

    // Each request: evaluate, then report whether it failed (the new code path always fails).
    for (const user of users) {
      const variation = client.getVariation('guarded', user);
      client.track('request-error', variation === 'on' ? 1 : 0, {}, user);
    }
    await client.flush();
    expect(posted).toBeGreaterThanOrEqual(users.length);

    await until(async () => {
      const { releasePlan } = await stack.gqlOk<{ releasePlan: { status: string } }>(
        `{ releasePlan(id: "${plan.id}") { status } }`,
      );
      return releasePlan.status === 'ROLLED_BACK';
    });
    // The subscribed SDK serves the value from before the release to everyone.
    await until(() => users.every((u) => client.getVariation('guarded', u) === 'off'));

    const { releasePlan } = await stack.gqlOk<{
      releasePlan: { events: { kind: string; detail: Record<string, unknown> | null }[] };
    }>(`{ releasePlan(id: "${plan.id}") { events { kind detail } } }`);
    const rollback = releasePlan.events.find((e) => e.kind === 'ROLLED_BACK');
    expect(rollback?.detail).toMatchObject({
      trigger: 'guard',
      guard: 'errors',
      kind: 'ABSOLUTE',
      threshold: 0.05,
    });
    expect(rollback?.detail?.observed).toBe(1);
    expect(Number(rollback?.detail?.sample)).toBeGreaterThanOrEqual(20);
    // The plan's audit entry (keyed by the plan) names the guard, the observed value and the threshold.
    const audit = await stack.gqlOk<{
      auditLog: { nodes: { action: string; after: Record<string, unknown> }[] };
    }>(`{ auditLog(filter: { resourceKey: "${plan.id}" }, first: 20) { nodes { action after } } }`);
    const entry = audit.auditLog.nodes.find((n) => n.action === 'release_plan.rolled_back');
    expect(entry?.after).toMatchObject({
      flagKey: 'guarded',
      status: 'ROLLED_BACK',
      trigger: 'guard',
      guard: 'errors',
      observed: 1,
      threshold: 0.05,
    });
  }, 120_000);
});
