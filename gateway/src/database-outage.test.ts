// PostgreSQL down (a server of this suite's own, stopped and started again): every path that needs it answers
// SERVICE_UNAVAILABLE, retryable, without the driver's words, and never as a refusal of the caller's credentials.
import {
  startPrivatePostgres,
  type PrivatePostgres,
  startTestStack,
  type TestStack,
} from '@switchyard/testkit';
import WebSocket from 'ws';

interface Answer {
  status: number;
  retryAfter: string | null;
  text: string;
  body: { errors?: { message: string; extensions?: Record<string, unknown> }[]; error?: { code: string } };
}

/** What leaks when a driver's error is passed on: socket codes, addresses, node-postgres' wording. */
const INTERNALS = /ECONN|EPIPE|127\.0\.0\.1|connect |Connection terminated|postgres/i;

describe('PostgreSQL down', () => {
  let pg: PrivatePostgres;
  let stack: TestStack;

  const post = async (path: string, body: unknown, headers: Record<string, string>): Promise<Answer> => {
    const res = await fetch(`${stack.gatewayUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, retryAfter: res.headers.get('retry-after'), text, body: JSON.parse(text) };
  };

  /** The close code of a graphql-ws connection authenticated with `token`. */
  const wsCloseCode = (token: string) =>
    new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(stack.wsUrl, 'graphql-transport-ws');
      ws.on('open', () =>
        ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })),
      );
      ws.on('message', () => {
        ws.close();
        resolve(1000);
      });
      ws.on('close', (code) => resolve(code));
      ws.on('error', reject);
    });

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    stack = await startTestStack({
      postgres: pg,
      subgraphs: ['flags', 'analytics'],
      readyTimeoutMs: 180_000,
      // Every API key use asks the flags subgraph again, so a known key is served through the outage only
      // because its owner cannot answer, not because it is still fresh in the cache.
      env: { API_KEY_CACHE_TTL_MS: '0' },
    });
  }, 240_000);
  afterAll(async () => {
    await pg?.start();
    await stack?.stop();
    await pg?.stop();
  });

  it('answers SERVICE_UNAVAILABLE on every path, and the same calls succeed once it is back', async () => {
    await stack.gqlOk('mutation { createFlag(input: { key: "outage-flag", name: "Outage" }) { key } }');
    // Never used before the outage, so nothing about it can be cached: the gateway must look it up.
    const { secret } = await stack.createApiKey('server');
    const admin = { authorization: `Bearer ${await stack.adminToken()}` };
    const key = { authorization: `Bearer ${secret}` };
    const flagSet = { query: '{ flagSet(environment: "development") { version } }' };
    const event = { events: [{ type: 'CONVERSION', userKey: 'u1', eventName: 'outage-event' }] };

    await pg.stop();
    try {
      // A read and a write with a token the gateway verifies itself: the subgraph cannot reach its database.
      for (const query of [
        '{ segments { key } }',
        'mutation { createFlag(input: { key: "during-outage", name: "During" }) { key } }',
      ]) {
        const answer = await post('/graphql', { query }, admin);
        // The gateway names the subgraph that answered (serviceName); the message names what it lacked.
        expect(answer.body.errors?.[0]).toMatchObject({
          message: expect.stringMatching(/^The database is temporarily unavailable; retry in 1 s/),
          extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'flags', retryable: true },
        });
        expect(answer.text).not.toMatch(INTERNALS);
      }
      const login = await post(
        '/graphql',
        { query: `mutation { login(email: "${stack.admin.email}", password: "wrong") { accessToken } }` },
        {},
      );
      expect(login.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(login.text).not.toMatch(INTERNALS);

      // The key cannot be looked up: not a refusal (401) but 503 with Retry-After, on each path.
      const withKey = await post('/graphql', flagSet, key);
      expect(withKey).toMatchObject({ status: 503, retryAfter: '1' });
      expect(withKey.body.errors?.[0]?.extensions).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        retryable: true,
      });
      expect(withKey.text).not.toMatch(INTERNALS);
      const events = await post('/events', event, key);
      expect(events).toMatchObject({
        status: 503,
        retryAfter: '1',
        body: { error: { code: 'SERVICE_UNAVAILABLE' } },
      });
      expect(events.text).not.toMatch(INTERNALS);
      // 1013 Try Again Later, which clients retry (4403 would tell them the key is refused for good).
      expect(await wsCloseCode(secret)).toBe(1013);
    } finally {
      await pg.start();
    }

    // Back: the same key and calls work (the services reconnect on their own).
    const again = await post('/graphql', flagSet, key);
    expect(again.status).toBe(200);
    expect(again.body.errors).toBeUndefined();
    expect((await post('/events', event, key)).status).toBe(200);
    expect(await wsCloseCode(secret)).toBe(1000);
    await stack.gqlOk('mutation { createFlag(input: { key: "after-outage", name: "After" }) { key } }');
  }, 120_000);

  it('keeps serving an API key it knew before the outage, and refuses it once revoked', async () => {
    const { secret, id } = await stack.createApiKey('server');
    const key = { authorization: `Bearer ${secret}` };
    const flagSet = { query: '{ flagSet(environment: "development") { version } }' };
    const before = await post('/graphql', flagSet, key);
    expect(before.status).toBe(200);

    await pg.stop();
    try {
      const during = await post('/graphql', flagSet, key);
      expect(during.status).toBe(200);
      expect(during.body.errors).toBeUndefined();
      expect(await wsCloseCode(secret)).toBe(1000);
    } finally {
      await pg.start();
    }

    await stack.gqlOk('mutation Revoke($id: ID!) { revokeApiKey(id: $id) { id } }', { id });
    const revoked = await post('/graphql', flagSet, key);
    expect(revoked.status).toBe(401);
    expect(revoked.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  }, 120_000);
});
