import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient as createSseClient } from 'graphql-sse';
import {
  graphql,
  startTestRelay,
  startTestStack,
  subscribe,
  type TestRelay,
  type TestStack,
  wsClient,
} from '@switchyard/testkit';

// The standalone relay (`switchyard-edge`) as its own process against a real stack: a gateway as
// upstream, a second edge chained behind the first, the upstream killed and brought back, and an
// edge started offline from the first one's snapshot.

const EVALUATE = `query Evaluate($environment: String!, $context: JSON!, $keys: [String!]) {
  evaluate(environment: $environment, context: $context, keys: $keys) {
    __typename key variation reason ruleId errorCode inExperiment experimentKey prerequisiteKey
    ... on BooleanFlagValue { value } ... on StringFlagValue { stringValue: value }
    ... on NumberFlagValue { numberValue: value } ... on JsonFlagValue { jsonValue: value }
  }
}`;
const FLAG_SET =
  'query F($environment: String!) { flagSet(environment: $environment) { environment version flags segments } }';
const ENV = 'production';

type Values = { key: string; variation: string | null; reason: string }[];

const contexts = Array.from({ length: 12 }, (_, i) => ({
  key: `user-${i}`,
  email: i % 3 === 0 ? `person${i}@example.com` : `person${i}@switchyard.dev`,
  country: ['DE', 'FR', 'US', 'GB', 'JP'][i % 5],
  appVersion: `${1 + (i % 3)}.${i % 10}.0`,
  user: { plan: ['free', 'pro', 'enterprise'][i % 3] },
}));

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

describe('the standalone edge relay (switchyard-edge)', () => {
  let stack: TestStack;
  let serverKey: string;
  let clientKey: string;
  let dataDir: string;
  const relays = new Map<string, TestRelay>();

  async function startRelay(name: string, args: string[], dir: string) {
    const relay = await startTestRelay(stack, name, { environment: ENV, dataDir: dir, args });
    relays.set(name, relay);
    return relay;
  }

  const evaluateAt = async (base: string, context: unknown, key = serverKey) => {
    const res = await graphql<{ evaluate: Values }>(
      `${base}/graphql`,
      EVALUATE,
      { environment: ENV, context },
      {
        authorization: `Bearer ${key}`,
      },
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.evaluate;
  };
  const reasonAt = async (base: string, flag: string) =>
    (
      await graphql<{ evaluate: Values }>(
        `${base}/graphql`,
        EVALUATE,
        { environment: ENV, context: { key: 'u1' }, keys: [flag] },
        {
          authorization: `Bearer ${serverKey}`,
        },
      )
    ).data?.evaluate[0]?.reason;

  beforeAll(async () => {
    stack = await startTestStack({
      seedDemo: true,
      env: { SUBGRAPH_TIMEOUT_MS: '60000', EVALUATION_USAGE_FLUSH_MS: '200' },
    });
    serverKey = (await stack.createApiKey('server', { environment: ENV })).secret;
    clientKey = (await stack.createApiKey('client', { environment: ENV })).secret;
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'switchyard-edge-'));
    await stack.gqlOk(
      'mutation { createFlag(input: { key: "relay-switch", name: "Relay switch" }) { key } }',
    );
  }, 300_000);
  afterAll(async () => {
    await stack?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('serves what the gateway serves, for every demo flag, and a chained edge serves the same', async () => {
    const a = await startRelay(
      'edge-a',
      ['--upstream', stack.gatewayUrl, '--server-key', serverKey],
      path.join(dataDir, 'a'),
    );
    const b = await startRelay(
      'edge-b',
      ['--upstream', a.url, '--server-key', serverKey],
      path.join(dataDir, 'b'),
    );
    for (const context of contexts) {
      const gateway = await evaluateAt(stack.gatewayUrl, context);
      expect(gateway.length).toBeGreaterThan(5);
      expect(await evaluateAt(a.url, context)).toEqual(gateway);
      expect(await evaluateAt(b.url, context)).toEqual(gateway);
      // A client key of the environment, checked upstream (by the first edge at the gateway, by the second at the first).
      expect(await evaluateAt(b.url, context, clientKey)).toEqual(gateway);
    }
    // flagSet: the same document as upstream's, with an ETag and a 304 for an unchanged set.
    const url = `${a.url}/graphql?query=${encodeURIComponent(FLAG_SET)}&variables=${encodeURIComponent(JSON.stringify({ environment: ENV }))}`;
    const first = await fetch(url, { headers: { authorization: `Bearer ${serverKey}` } });
    const upstream = await stack.gqlOk<{ flagSet: unknown }>(
      FLAG_SET,
      { environment: ENV },
      { token: serverKey },
    );
    expect(((await first.json()) as { data: unknown }).data).toEqual(upstream);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await fetch(url, {
      headers: { authorization: `Bearer ${serverKey}`, 'if-none-match': etag! },
    });
    expect(again.status).toBe(304);
    // A client key may not download the rules; a made-up key is refused.
    const refused = await graphql(
      `${a.url}/graphql`,
      FLAG_SET,
      { environment: ENV },
      { authorization: `Bearer ${clientKey}` },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unknown = await graphql(
      `${a.url}/graphql`,
      FLAG_SET,
      { environment: ENV },
      { authorization: 'Bearer sy_nope' },
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // Probes and metrics.
    expect((await fetch(`${b.url}/health`)).status).toBe(200);
    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    expect(metrics).toMatch(/switchyard_edge_flag_set_version\{service="edge"\} \d+/);
    expect(metrics).toContain('switchyard_edge_upstream_connected{service="edge"} 1');
  }, 300_000);

  it('follows changes over its upstream, and a chained edge follows them through it', async () => {
    const a = relays.get('edge-a')!;
    const b = relays.get('edge-b')!;
    const client = wsClient(`${b.url.replace('http', 'ws')}/graphql`, serverKey);
    const changes = subscribe<{ configChanged: { seq: number; resourceKey: string } }>(
      client,
      'subscription C($e: String!) { configChanged(environment: $e) { seq environment kind resourceType resourceKey at } }',
      { e: ENV },
    );
    // The same subscription over Server-Sent Events, for clients behind proxies that refuse WebSockets, from the
    // version the edge holds now (so a change that reaches the edge before the stream opens is replayed).
    const held = await graphql<{ flagSet: { version: number } }>(
      `${b.url}/graphql`,
      FLAG_SET,
      { environment: ENV },
      {
        authorization: `Bearer ${serverKey}`,
      },
    );
    const sseEvents: { data?: { configChanged: { resourceKey: string } } | null }[] = [];
    const sse = createSseClient({
      url: `${b.url}/graphql/stream`,
      headers: { authorization: `Bearer ${serverKey}` },
      retryAttempts: 0,
    });
    const stopSse = sse.subscribe<{ configChanged: { resourceKey: string } }>(
      {
        query:
          'subscription C($e: String!, $v: Int) { configChanged(environment: $e, sinceVersion: $v) { seq resourceKey } }',
        variables: { e: ENV, v: held.data!.flagSet.version },
      },
      { next: (e) => void sseEvents.push(e), error: () => undefined, complete: () => undefined },
    );
    const flag = await stack.gqlOk<{ flag: { version: number } }>(
      '{ flag(key: "relay-switch") { version } }',
    );
    await stack.gqlOk(
      `mutation { setFlagEnabled(key: "relay-switch", environment: "${ENV}", enabled: true, expectedVersion: ${flag.flag.version}) { version } }`,
    );
    await until(
      'the first edge to serve the change',
      async () => (await reasonAt(a.url, 'relay-switch')) === 'FALLTHROUGH',
    );
    await until(
      'the chained edge to serve the change',
      async () => (await reasonAt(b.url, 'relay-switch')) === 'FALLTHROUGH',
    );
    const [event] = await changes.waitFor(1, 60_000);
    expect(event?.data?.configChanged.resourceKey).toBe('relay-switch');
    await until('the change over SSE', async () =>
      sseEvents.some((e) => e.data?.configChanged.resourceKey === 'relay-switch'),
    );
    stopSse();
    sse.dispose();
    await changes.close();
    await client.dispose();
  }, 120_000);

  it('counts what it evaluates, and what an edge chained behind it evaluates, in Flag.usage', async () => {
    await stack.gqlOk('mutation { createFlag(input: { key: "relay-usage", name: "Relay usage" }) { key } }');
    const flush = ['--usage-flush-ms', '200'];
    const a = await startRelay(
      'edge-usage-a',
      ['--upstream', stack.gatewayUrl, '--server-key', serverKey, ...flush],
      path.join(dataDir, 'usage-a'),
    );
    const b = await startRelay(
      'edge-usage-b',
      ['--upstream', a.url, '--server-key', serverKey, ...flush],
      path.join(dataDir, 'usage-b'),
    );
    const evaluateOne = async (base: string, i: number) => {
      const res = await graphql<{ evaluate: Values }>(
        `${base}/graphql`,
        EVALUATE,
        { environment: ENV, context: { key: `usage-${i}` }, keys: ['relay-usage'] },
        { authorization: `Bearer ${serverKey}` },
      );
      expect(res.data?.evaluate.map((v) => v.key)).toEqual(['relay-usage']);
    };
    for (let i = 0; i < 5; i++) await evaluateOne(a.url, i);
    for (let i = 0; i < 3; i++) await evaluateOne(b.url, i);

    const usage = async () =>
      (
        await stack.gqlOk<{ flag: { usage: { evaluations: number } } }>(
          `{ flag(key: "relay-usage") { usage(days: 1, environment: "${ENV}") { evaluations } } }`,
        )
      ).flag.usage.evaluations;
    await until("the edges' counts to reach Flag.usage", async () => (await usage()) >= 8);
    // Every flush after it (the edges', the gateway's) must add nothing: each count arrives once.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await usage()).toBe(8);

    // Only a SERVER key of the environment may send counts, and only well-formed ones.
    const row = {
      environment: ENV,
      flagKey: 'relay-usage',
      variation: 'off',
      count: 1,
      windowStart: new Date(Date.now() - 1000).toISOString(),
      windowEnd: new Date().toISOString(),
    };
    const post = (base: string, key: string, body: unknown) =>
      fetch(`${base}/usage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify(body),
      }).then(async (res) => ({
        status: res.status,
        body: (await res.json()) as { error?: { code: string; message: string } },
      }));
    for (const base of [stack.gatewayUrl, a.url]) {
      const client = await post(base, clientKey, { counts: [row] });
      expect([client.status, client.body.error?.code]).toEqual([403, 'FORBIDDEN']);
      const elsewhere = await post(base, serverKey, { counts: [{ ...row, environment: 'staging' }] });
      expect([elsewhere.status, elsewhere.body.error?.code]).toEqual([403, 'FORBIDDEN']);
      expect(elsewhere.body.error?.message).toMatch(/staging/);
      const bad = await post(base, serverKey, { counts: [{ ...row, count: -1 }] });
      expect([bad.status, bad.body.error?.code]).toEqual([400, 'BAD_USER_INPUT']);
      expect(bad.body.error?.message).toMatch(/counts\[0\]\.count/);
      const anonymous = await fetch(`${base}/usage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ counts: [row] }),
      });
      expect(anonymous.status).toBe(401);
    }
    await new Promise((r) => setTimeout(r, 1000));
    expect(await usage()).toBe(8);
    await b.process.stop();
    await a.process.stop();
  }, 300_000);

  it('keeps serving and buffering while upstream is down, and catches up with every change and event', async () => {
    const a = relays.get('edge-a')!;
    const b = relays.get('edge-b')!;
    // Changes are made through a second gateway while the edge's own upstream is dead.
    const replica = await stack.addGateway('gateway-while-edge-upstream-down');
    const gateway = stack.services.get('gateway')!;
    await gateway.kill();
    expect(await reasonAt(a.url, 'relay-switch')).toBe('FALLTHROUGH');
    expect(await reasonAt(b.url, 'relay-switch')).toBe('FALLTHROUGH');

    const events = Array.from({ length: 30 }, (_, i) => ({
      eventId: `edge-relay-${Date.now()}-${i}`,
      type: 'CUSTOM',
      eventName: 'edge-buffered',
      userKey: `user-${i}`,
    }));
    // Half through the first edge, half through the chained one; both answer at once with upstream gone.
    for (const [base, part] of [
      [a.url, events.slice(0, 15)],
      [b.url, events.slice(15)],
    ] as const) {
      const res = await fetch(`${base}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${serverKey}` },
        body: JSON.stringify({ events: part }),
      });
      expect(res.status).toBe(202);
    }
    const token = await stack.adminToken();
    let version = (
      await stack.gqlOk<{ flag: { version: number } }>(
        '{ flag(key: "relay-switch") { version } }',
        {},
        { url: replica.graphqlUrl },
      )
    ).flag.version;
    for (const enabled of [false, true, false]) {
      version = (
        await stack.gqlOk<{ setFlagEnabled: { version: number } }>(
          `mutation { setFlagEnabled(key: "relay-switch", environment: "${ENV}", enabled: ${enabled}, expectedVersion: ${version}) { version } }`,
          {},
          { url: replica.graphqlUrl, token },
        )
      ).setFlagEnabled.version;
    }
    // Still the last set it had: upstream is gone.
    expect(await reasonAt(a.url, 'relay-switch')).toBe('FALLTHROUGH');
    const stored = async () =>
      Number(
        (
          await stack.db.query<{ n: string }>(
            'SELECT count(*) AS n FROM analytics.events WHERE event_id = ANY($1)',
            [events.map((e) => e.eventId)],
          )
        )[0]!.n,
      );
    expect(await stored()).toBe(0);

    gateway.start();
    await gateway.waitUntilReady(120_000);
    await until(
      'the first edge to catch up',
      async () => (await reasonAt(a.url, 'relay-switch')) === 'OFF',
      120_000,
    );
    await until(
      'the chained edge to catch up',
      async () => (await reasonAt(b.url, 'relay-switch')) === 'OFF',
      120_000,
    );
    const upstreamSet = await stack.gqlOk<{ flagSet: { version: number } }>(
      FLAG_SET,
      { environment: ENV },
      { token: serverKey },
    );
    const edgeSet = await graphql<{ flagSet: { version: number } }>(
      `${b.url}/graphql`,
      FLAG_SET,
      { environment: ENV },
      {
        authorization: `Bearer ${serverKey}`,
      },
    );
    expect(edgeSet.data).toEqual(upstreamSet);
    await until('every buffered event to be stored', async () => (await stored()) === events.length, 120_000);
    const rows = await stack.db.query<{ event_id: string; n: string }>(
      'SELECT event_id, count(*) AS n FROM analytics.events WHERE event_id = ANY($1) GROUP BY event_id',
      [events.map((e) => e.eventId)],
    );
    expect(rows).toHaveLength(events.length);
    expect(rows.every((r) => r.n === '1')).toBe(true);
    await fs.readdir(path.join(dataDir, 'a', 'events')).then((files) => expect(files).toEqual([]));
  }, 400_000);

  it('starts from its snapshot with no network and serves it', async () => {
    const a = relays.get('edge-a')!;
    const expected = await Promise.all(contexts.map((c) => evaluateAt(a.url, c)));
    await a.process.stop();
    const copy = path.join(dataDir, 'offline');
    await fs.mkdir(copy, { recursive: true });
    await fs.copyFile(path.join(dataDir, 'a', 'snapshot.json'), path.join(copy, 'snapshot.json'));
    // No upstream at all: the snapshot is the only source; keys seen online are accepted from it.
    const offline = await startRelay('edge-offline', ['--offline'], copy);
    for (const [i, context] of contexts.entries()) {
      expect(await evaluateAt(offline.url, context)).toEqual(expected[i]);
      expect(await evaluateAt(offline.url, context, clientKey)).toEqual(expected[i]);
    }
    expect(await reasonAt(offline.url, 'relay-switch')).toBe('OFF');
  }, 300_000);
});
