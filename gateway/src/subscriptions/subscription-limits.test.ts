import { startTestStack, subscribe, type TestStack, wsClient } from '@switchyard/testkit';
import WebSocket from 'ws';

type WireError = { message: string; extensions?: Record<string, unknown> };

describe('subscriptions: the operation limits of HTTP, a frame cap and a bounded replay', () => {
  let stack: TestStack;
  let wsUrl: string;
  let token: string;

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags'],
      env: {
        MAX_QUERY_ALIASES: '3',
        MAX_QUERY_DEPTH: '4',
        MAX_QUERY_COST: '30',
        WS_MAX_PAYLOAD_BYTES: '4096',
        // `{ seq }` (cost 2) may replay 10 changes, `{ seq kind resourceKey }` (cost 4) 5.
        WS_MAX_REPLAY_COST: '20',
      },
    });
    wsUrl = stack.graphqlUrl.replace(/^http/, 'ws');
    token = await stack.adminToken();
    for (let i = 0; i < 12; i++) {
      await stack.gqlOk(`mutation { createFlag(input: { key: "replay-${i}", name: "R" }) { key } }`);
    }
  }, 120_000);
  afterAll(() => stack?.stop());

  const refusal = async (query: string) => {
    const client = wsClient(wsUrl, token);
    try {
      const sub = subscribe(client, query);
      const ended = await Promise.race([
        sub.ended,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`not refused: ${JSON.stringify(sub.events)}`)), 10_000),
        ),
      ]);
      // Refused at subscribe: an `error` message; refused at start: one event with errors.
      return (ended.error as WireError[] | undefined) ?? sub.events[0]?.errors ?? [];
    } finally {
      await client.dispose();
    }
  };

  it('refuses subscribe operations over the alias, depth and cost limits', async () => {
    const aliased = await refusal(
      'subscription { configChanged(environment: "development") { a: seq b: seq c: seq d: seq } }',
    );
    expect(aliased[0]?.message).toMatch(/MAX_QUERY_ALIASES/);
    expect(aliased[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const deep = await refusal(
      'subscription { configChanged(environment: "development") { flag { environments { rules { id } } } } }',
    );
    expect(deep[0]?.message).toMatch(/MAX_QUERY_DEPTH/);
    // 1 + 1 + 1 + 3 × 10 + 1 + 2 × 10: each list without a page size counts 10.
    const costly = await refusal(
      `subscription { configChanged(environment: "development") { flag { variations { key value description } experiments { key name } } } }`,
    );
    expect(costly[0]?.message).toMatch(/MAX_QUERY_COST/);
  });

  it('refuses a missing or mistyped variable instead of subscribing with it', async () => {
    const query =
      'subscription S($environment: String!) { configChanged(environment: $environment) { seq } }';
    const client = wsClient(wsUrl, token);
    try {
      for (const variables of [{}, { environment: 123 }, { environment: null }]) {
        const sub = subscribe(client, query, variables);
        const { error } = await sub.ended;
        const errors = (error as WireError[] | undefined) ?? [];
        expect(errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(errors[0]?.message).toMatch(/\$environment/);
      }
    } finally {
      await client.dispose();
    }
  });

  it('closes a connection whose frame exceeds WS_MAX_PAYLOAD_BYTES with 1009', async () => {
    const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(5000) } }));
    expect(await closed).toBe(1009);
  });

  it('bounds a replay from an old sinceVersion by payload cost times changes, naming the field', async () => {
    const { configChanges } = await stack.gqlOk<{ configChanges: { seq: number }[] }>(
      '{ configChanges(sinceVersion: 0, first: 25) { seq } }',
    );
    // All of them: the page is not full.
    expect(configChanges.length).toBeLessThan(25);
    const current = Math.max(...configChanges.map((c) => c.seq));
    expect(current).toBeGreaterThanOrEqual(12);
    const replayed = (selection: string, since: number) =>
      `subscription { configChanged(environment: "development", sinceVersion: ${since}) ${selection} }`;

    const tooFar = await refusal(replayed('{ seq }', current - 11));
    expect(tooFar[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'sinceVersion',
      currentVersion: current,
    });
    expect(tooFar[0]?.message).toMatch(/WS_MAX_REPLAY_COST/);
    // The same distance with a costlier payload is refused sooner.
    const costlier = await refusal(replayed('{ seq kind resourceKey }', current - 6));
    expect(costlier[0]?.extensions?.field).toBe('sinceVersion');

    const client = wsClient(wsUrl, token);
    try {
      const within = subscribe<{ configChanged: { seq: number } }>(client, replayed('{ seq }', current - 3));
      const events = await within.waitFor(1);
      expect(events[0]?.errors).toBeUndefined();
      expect(events[0]?.data?.configChanged.seq).toBeGreaterThan(current - 3);
    } finally {
      await client.dispose();
    }
  });
});
