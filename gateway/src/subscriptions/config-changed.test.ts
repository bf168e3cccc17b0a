import { errorCodes, startTestStack, subscribe, type TestStack, wsClient } from '@switchyard/testkit';

const CHANGED = `subscription Changes($env: String!, $since: Int) {
  configChanged(environment: $env, sinceVersion: $since) {
    seq kind resourceType resourceKey
    flag { key name experiments { key } }
  }
}`;

interface Changed {
  configChanged: {
    seq: number;
    kind: string;
    resourceKey: string;
    flag: { key: string; name: string; experiments: { key: string }[] } | null;
  };
}

const createFlag = (stack: TestStack, key: string, url?: string) =>
  stack.gqlOk(`mutation { createFlag(input: { key: "${key}", name: "Flag ${key}" }) { key } }`, {}, { url });

async function metric(gatewayUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

async function latestSeq(stack: TestStack): Promise<number> {
  const data = await stack.gqlOk<{ configChanges: { seq: number }[] }>(
    '{ configChanges(sinceVersion: 0, first: 1000) { seq } }',
  );
  return data.configChanges.at(-1)?.seq ?? 0;
}

describe('configChanged over graphql-ws (Postgres LISTEN/NOTIFY, two gateway replicas)', () => {
  let stack: TestStack;
  let replicaUrl: string;

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags', 'experiments'],
      env: { SUBSCRIPTION_POLL_MS: '60000' },
    });
    replicaUrl = (await stack.addGateway('gateway-2')).graphqlUrl;
  }, 120_000);
  afterAll(() => stack?.stop());

  it('pushes each change with fields resolved across subgraphs', async () => {
    const sub = await stack.subscribe<Changed>(CHANGED, { env: 'development' });
    await new Promise((r) => setTimeout(r, 300));
    await createFlag(stack, 'live-one');
    const [event] = await sub.waitFor(1);
    expect(event!.errors).toBeUndefined();
    expect(event!.data!.configChanged).toMatchObject({
      kind: 'FLAG_CREATED',
      resourceKey: 'live-one',
      flag: { key: 'live-one', name: 'Flag live-one', experiments: [] },
    });
    await sub.close();
  });

  it('replays missed changes from sinceVersion, then goes live, without gap or duplicate', async () => {
    const before = await latestSeq(stack);
    for (const key of ['missed-a', 'missed-b', 'missed-c']) await createFlag(stack, key);
    const sub = await stack.subscribe<Changed>(CHANGED, { env: 'development', since: before });
    await sub.waitFor(3);
    await createFlag(stack, 'after-replay');
    const events = await sub.waitFor(4);
    await new Promise((r) => setTimeout(r, 300));
    const seqs = sub.events.map((e) => e.data!.configChanged.seq);
    expect(sub.events.map((e) => e.data!.configChanged.resourceKey)).toEqual([
      'missed-a',
      'missed-b',
      'missed-c',
      'after-replay',
    ]);
    expect(seqs).toEqual([before + 1, before + 2, before + 3, before + 4]);
    expect(events).toHaveLength(4);
    await sub.close();
  });

  it('delivers a change made through one replica to subscribers of the other, every one in order', async () => {
    const subs = await Promise.all(
      Array.from({ length: 5 }, () =>
        stack.subscribe<Changed>(CHANGED, { env: 'production' }, { url: replicaUrl }),
      ),
    );
    const replicaBase = replicaUrl.replace(/\/graphql$/, '');
    // A subscription is counted once the gateway has registered it, which under load takes a while:
    // wait for the count rather than for a fixed time.
    while ((await metric(replicaBase, 'switchyard_subscriptions_open{field="configChanged"')) < 5)
      await new Promise((r) => setTimeout(r, 100));
    expect(await metric(replicaBase, 'switchyard_subscriptions_open{field="configChanged"')).toBe(5);
    const executionsBefore = await metric(replicaBase, 'switchyard_subscription_executions_total');
    const keys = Array.from({ length: 10 }, (_, i) => `replica-${i}`);
    for (const key of keys) await createFlag(stack, key);
    for (const sub of subs) {
      await sub.waitFor(10);
      expect(sub.events.map((e) => e.data!.configChanged.resourceKey)).toEqual(keys);
    }
    // Five subscribers, one document: one execution per wake-up, not one per subscriber.
    const executions =
      (await metric(replicaBase, 'switchyard_subscription_executions_total')) - executionsBefore;
    expect(executions).toBeGreaterThan(0);
    expect(executions).toBeLessThanOrEqual(keys.length);
    for (const sub of subs) await sub.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(await metric(replicaBase, 'switchyard_subscriptions_open{field="configChanged"')).toBe(0);
    const text = await (await fetch(`${replicaBase}/metrics`)).text();
    for (const name of [
      'switchyard_event_bus_lag_seconds_bucket',
      'switchyard_outbox_backlog',
      'graphql_requests_total',
    ]) {
      expect(text).toContain(name);
    }
  });

  it('replays subscribers resuming from the same version together: one execution, not one each', async () => {
    const before = await latestSeq(stack);
    for (const key of ['resume-a', 'resume-b']) await createFlag(stack, key);
    const gatewayBase = stack.graphqlUrl.replace(/\/graphql$/, '');
    const executionsBefore = await metric(gatewayBase, 'switchyard_subscription_executions_total');
    // As after a lost replica: twenty subscriptions of one client come back at once from one version.
    const client = wsClient(stack.wsUrl, await stack.adminToken());
    const subs = Array.from({ length: 20 }, () =>
      subscribe<Changed>(client, CHANGED, { env: 'staging', since: before }),
    );
    for (const sub of subs) {
      await sub.waitFor(2);
      expect(sub.events.map((e) => e.data!.configChanged.resourceKey)).toEqual(['resume-a', 'resume-b']);
    }
    const executions =
      (await metric(gatewayBase, 'switchyard_subscription_executions_total')) - executionsBefore;
    expect(executions).toBeGreaterThan(0);
    expect(executions).toBeLessThan(5);
    await client.dispose();
  });

  it('holds a resuming subscriber through a brief subgraph outage, then replays what it missed', async () => {
    const before = await latestSeq(stack);
    await createFlag(stack, 'during-outage');
    const flags = stack.services.get('flags')!;
    await flags.kill();
    try {
      const sub = await stack.subscribe<Changed>(CHANGED, { env: 'development', since: before });
      // The replay cannot run while flags is away; the subscription waits instead of failing.
      await new Promise((r) => setTimeout(r, 1500));
      expect(sub.events).toEqual([]);
      flags.start();
      await flags.waitUntilReady(60_000);
      const [event] = await sub.waitFor(1, 30_000);
      expect(event!.errors).toBeUndefined();
      expect(event!.data!.configChanged.resourceKey).toBe('during-outage');
      await sub.close();
    } finally {
      if (
        !(await fetch(`${stack.subgraphUrls.flags!.replace(/\/graphql$/, '')}/ready`).then(
          (r) => r.ok,
          () => false,
        ))
      ) {
        flags.start();
        await flags.waitUntilReady(60_000);
      }
    }
  }, 120_000);

  it('refuses a connection without credentials', async () => {
    const client = wsClient(stack.graphqlUrl.replace(/^http/, 'ws'), null);
    const closed = await new Promise<number>((resolve) => {
      client.on('closed', (e) => resolve((e as { code: number }).code));
    });
    expect(closed).toBe(4403);
    await client.dispose();
  });

  it('tells a client that sends a subscription over HTTP to use WebSocket', async () => {
    const body = await stack.gql('subscription { configChanged(environment: "development") { seq } }');
    expect(errorCodes(body)).toEqual(['BAD_REQUEST']);
    expect(body.errors?.[0]?.message).toMatch(/WebSocket/);
  });

  it('answers a query sent over WebSocket with a clear error', async () => {
    const sub = await stack.subscribe('{ flags { totalCount } }');
    const end = await sub.ended;
    expect(String((end.error as { message?: string }[])?.[0]?.message ?? end.error)).toMatch(/HTTP POST/);
  });
});
