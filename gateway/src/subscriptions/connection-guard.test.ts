import { DEV_JWT_SECRET } from '@switchyard/server-kit';
import {
  startTestStack,
  subscribe,
  type TestStack,
  type TestSubscription,
  wsClient,
} from '@switchyard/testkit';
import { decodeJwt, SignJWT } from 'jose';
import WebSocket from 'ws';

const CHANGED = 'subscription { configChanged(environment: "development") { seq } }';

type Ended = { error?: unknown };
const closeOf = (ended: Ended) => ended.error as { code?: number; reason?: string };
const errorsOf = (ended: Ended) =>
  ended.error as {
    message: string;
    extensions?: { code?: string; retryAfterSeconds?: number; limit?: string };
  }[];

/** A raw graphql-ws socket: resolves open, or the HTTP answer that refused the upgrade. */
function rawSocket(
  url: string,
  headers: Record<string, string> = {},
): Promise<
  | { open: true; socket: WebSocket }
  | { open: false; status: number; retryAfter: string | undefined; body: string }
> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { headers });
    socket.once('open', () => resolve({ open: true, socket }));
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () =>
        resolve({ open: false, status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body }),
      );
    });
    socket.once('error', reject);
  });
}

const closed = (socket: WebSocket) =>
  new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.close();
  });

describe('WebSocket connections after connection_init: expiry, revocation and limits', () => {
  let stack: TestStack;
  let wsUrl: string;
  let ops: string;
  let streams: string;
  let writes = 0;
  /**
   * Changes until every subscription has an event: a change committed before a subscription
   * joined its group is not delivered to it, so one change alone could race registration.
   */
  const untilLive = async (subs: TestSubscription[]) => {
    for (let attempt = 1; ; attempt++) {
      writes += 1;
      await stack.gqlOk(
        `mutation { createFlag(input: { key: "guard-${writes}", name: "G" }) { key } }`,
        {},
        {
          token: ops,
        },
      );
      try {
        for (const sub of subs) await sub.waitFor(1, 3000);
        return;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
  };

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags'],
      env: {
        WS_MAX_CONNECTIONS_PER_IP: '4',
        WS_SUBSCRIBE_BURST: '3',
        WS_SUBSCRIBE_PER_SECOND: '0.01',
        // Each caller's bucket, shared by its HTTP requests and its subscribe operations.
        RATE_LIMIT_BURST: '8',
        RATE_LIMIT_PER_SECOND: '0.01',
      },
    });
    wsUrl = stack.graphqlUrl.replace(/^http/, 'ws');
    // Writes go through their own token, so the admin's small bucket is not spent on them.
    ops = (await stack.createApiKey('token', { role: 'admin' })).secret;
    // Its own bucket: each SSE subscribe draws a token of the caller's (RATE_LIMIT_BURST is 8 here).
    streams = (await stack.createApiKey('token', { role: 'admin' })).secret;
  }, 120_000);
  afterAll(() => stack?.stop());

  it('refuses a connection beyond WS_MAX_CONNECTIONS_PER_IP with 429, RATE_LIMITED and Retry-After', async () => {
    const sockets: WebSocket[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        const r = await rawSocket(wsUrl);
        if (!r.open) throw new Error(`connection ${i + 1} refused: ${r.status} ${r.body}`);
        sockets.push(r.socket);
      }
      const refused = await rawSocket(wsUrl);
      expect(refused.open).toBe(false);
      if (refused.open) return;
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      const body = JSON.parse(refused.body);
      expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'connections-per-ip' });
      expect(body.errors[0].message).toMatch(/WS_MAX_CONNECTIONS_PER_IP/);
      // No proxy is trusted here (TRUSTED_PROXIES unset): a forged X-Forwarded-For changes nothing.
      const forged = await rawSocket(wsUrl, { 'x-forwarded-for': '198.51.100.23' });
      expect(forged.open ? 'open' : forged.status).toBe(429);
      if (forged.open) sockets.push(forged.socket);

      // Closing one frees its place.
      await closed(sockets.pop()!);
      const again = await rawSocket(wsUrl);
      expect(again.open).toBe(true);
      if (again.open) sockets.push(again.socket);
    } finally {
      await Promise.all(sockets.map(closed));
    }
  });

  it('counts Server-Sent Events streams against the same per-address cap as WebSockets', async () => {
    const aborts: AbortController[] = [];
    /** Opens a stream at /graphql/stream: its status once the headers arrive (the body stays open). */
    const stream = async () => {
      const abort = new AbortController();
      aborts.push(abort);
      const res = await fetch(stack.graphqlUrl.replace(/\/graphql$/, '/graphql/stream'), {
        method: 'POST',
        headers: {
          accept: 'text/event-stream',
          'content-type': 'application/json',
          authorization: `Bearer ${streams}`,
        },
        body: JSON.stringify({ query: CHANGED }),
        signal: abort.signal,
      });
      return { status: res.status, retryAfter: res.headers.get('retry-after'), body: res };
    };
    const sockets: WebSocket[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const r = await rawSocket(wsUrl);
        if (!r.open) throw new Error(`connection ${i + 1} refused: ${r.status} ${r.body}`);
        sockets.push(r.socket);
      }
      expect((await stream()).status).toBe(200);
      // Three sockets and a stream hold the address's 4: a fifth of either kind is refused.
      const refused = await stream();
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      const body = (await refused.body.json()) as { errors: { message: string; extensions: unknown }[] };
      expect(body.errors[0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'connections-per-ip' });
      expect(body.errors[0]!.message).toMatch(/WS_MAX_CONNECTIONS_PER_IP/);
      const socket = await rawSocket(wsUrl);
      expect(socket.open ? 'open' : socket.status).toBe(429);
      if (socket.open) sockets.push(socket.socket);
      // Closing a socket frees a place for a stream, once the gateway has seen the close (the client's
      // close event can come first on a loaded machine: a CI run saw 429 there).
      await closed(sockets.pop()!);
      let status = (await stream()).status;
      for (let i = 0; i < 50 && status === 429; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await stream()).status;
      }
      expect(status).toBe(200);
    } finally {
      for (const abort of aborts) abort.abort();
      await Promise.all(sockets.map(closed));
    }
  });

  it('refuses WebSocket upgrades from origins outside CORS_ORIGINS with 403', async () => {
    const refused = await rawSocket(wsUrl, { origin: 'https://evil.example' });
    expect(refused.open ? 'open' : refused.status).toBe(403);
    if (refused.open) return void (await closed(refused.socket));
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('FORBIDDEN');
    const allowed = await rawSocket(wsUrl, { origin: 'http://localhost:3000' });
    expect(allowed.open).toBe(true);
    if (allowed.open) await closed(allowed.socket);
  });

  it('limits subscribe operations per connection, then per caller, with RATE_LIMITED and a retry-after', async () => {
    const user = await stack.createUser('viewer');
    const [first, second, third] = [1, 2, 3].map(() => wsClient(wsUrl, user.token));
    try {
      const onFirst = Array.from({ length: 4 }, () => subscribe(first!, CHANGED));
      // Whichever of the four came last is refused; the other three stay open.
      const refused = await Promise.race(onFirst.map((sub, i) => sub.ended.then((ended) => ({ i, ended }))));
      const [perConnection] = errorsOf(refused.ended);
      expect(perConnection?.extensions).toMatchObject({
        code: 'RATE_LIMITED',
        limit: 'subscribe-per-connection',
      });
      expect(perConnection?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
      expect(perConnection?.message).toMatch(/WS_SUBSCRIBE_BURST/);

      // The caller's bucket (8) gives 5 more across a second and third connection; changes prove them live.
      const live = [
        ...onFirst.filter((_, i) => i !== refused.i),
        ...Array.from({ length: 3 }, () => subscribe(second!, CHANGED)),
        ...Array.from({ length: 2 }, () => subscribe(third!, CHANGED)),
      ];
      await untilLive(live);

      const [perCaller] = errorsOf(await subscribe(third!, CHANGED).ended);
      expect(perCaller?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'subscribe-per-identity' });
      expect(perCaller?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    } finally {
      await Promise.all([first, second, third].map((c) => c!.dispose()));
    }
  });

  it('closes the connection with 4403 when its API key is revoked', async () => {
    const created = await stack.gqlOk<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
      `mutation { createApiKey(input: { name: "revoked soon", kind: SERVER, environment: "development" }) {
        secret apiKey { id } } }`,
      {},
      { token: ops },
    );
    const key = { id: created.createApiKey.apiKey.id, secret: created.createApiKey.secret };
    const client = wsClient(wsUrl, key.secret);
    try {
      const sub = subscribe(client, CHANGED);
      await untilLive([sub]);
      await stack.gqlOk(
        'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }',
        { id: key.id },
        { token: ops },
      );
      const close = closeOf(await sub.ended);
      expect(close.code).toBe(4403);
      expect(close.reason).toMatch(/revoked/);
    } finally {
      await client.dispose();
    }
  });

  it('closes the connection with 4401 when its access token expires', async () => {
    // Signed as the flags subgraph signs sessions (development secret), for the admin's open session,
    // living 5 seconds. The close code tells it was admitted, then ended: a token expired at connect gets 4403.
    const { sub, sid } = decodeJwt(await stack.adminToken());
    const token = await new SignJWT({ sid, email: 'short@switchyard.test', role: 'admin', permissions: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub!)
      .setIssuer('switchyard')
      .setAudience('switchyard-api')
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + 5)
      .sign(new TextEncoder().encode(DEV_JWT_SECRET));
    const client = wsClient(wsUrl, token);
    try {
      const sub = subscribe(client, CHANGED);
      const close = closeOf(await sub.ended);
      expect(close.code).toBe(4401);
      expect(close.reason).toMatch(/expired/);
    } finally {
      await client.dispose();
    }
  });
});
