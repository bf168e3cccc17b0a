// A server SDK through a PostgreSQL outage (a server of this suite's own, stopped and started again), with its
// connection cut mid-stream: it keeps serving the last config, retries instead of giving up, catches up with every
// change made after the database is back, and stores every event it queued during the outage.

import net from 'node:net';
import {
  type PrivatePostgres,
  startPrivatePostgres,
  startTestStack,
  type TestStack,
} from '@switchyard/testkit';
import { type ClientStatus, createClient, type SwitchyardClient } from '../src/index';

const ENV = 'development';
const quiet = { warn: () => {}, debug: () => {} };

/** A TCP relay to the gateway that the test can cut, as a load balancer drops connections in an outage. */
async function relayTo(port: number) {
  const open = new Set<net.Socket>();
  let requests = 0;
  const server = net.createServer((socket) => {
    // Requests, not connections: fetch keeps its connection alive between attempts.
    socket.on('data', (chunk: Buffer) => {
      requests += chunk.toString('latin1').match(/^(POST|GET) \/graphql/gm)?.length ?? 0;
    });
    const upstream = net.connect(port, '127.0.0.1');
    for (const s of [socket, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {});
    }
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/graphql`,
    get requests() {
      return requests;
    },
    cut: () => {
      for (const s of open) s.destroy();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until(
  check: () => boolean | Promise<boolean>,
  what: string | (() => string),
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`${typeof what === 'string' ? what : what()}: not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('server SDK through a database outage', () => {
  let pg: PrivatePostgres;
  let stack: TestStack;
  let relay: Awaited<ReturnType<typeof relayTo>>;
  let client: SwitchyardClient | null = null;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    // No key cache: every call of the SDK needs the database, as it does once a cache entry expires.
    stack = await startTestStack({
      postgres: pg,
      subgraphs: ['flags', 'analytics'],
      env: { API_KEY_CACHE_TTL_MS: '0', SUBSCRIPTION_POLL_MS: '500' },
      // A loaded machine starts services slowly.
      readyTimeoutMs: 180_000,
    });
    relay = await relayTo(Number(new URL(stack.gatewayUrl).port));
  }, 240_000);
  afterAll(async () => {
    await client?.close();
    await relay?.close();
    await pg?.start();
    await stack?.stop();
    await pg?.stop();
  });

  const latestVersion = async () =>
    (await stack.gqlOk<{ flagSet: { version: number } }>(`{ flagSet(environment: "${ENV}") { version } }`))
      .flagSet.version;
  const toggle = async (key: string, enabled: boolean) => {
    const { flag } = await stack.gqlOk<{ flag: { version: number } }>(
      'query($k: String!) { flag(key: $k) { version } }',
      { k: key },
    );
    await stack.gqlOk(
      'mutation($k: String!, $e: String!, $on: Boolean!, $v: Int!) { setFlagEnabled(key: $k, environment: $e, enabled: $on, expectedVersion: $v) { key } }',
      { k: key, e: ENV, on: enabled, v: flag.version },
    );
  };

  it('serves the last config, retries, ends on the latest version, and every queued event is stored', async () => {
    await stack.gqlOk('mutation { createFlag(input: { key: "outage-sdk", name: "Outage" }) { key } }');
    await toggle('outage-sdk', true);
    const { secret } = await stack.createApiKey('server', { environment: ENV });
    client = createClient({
      url: relay.url,
      sdkKey: secret,
      environment: ENV,
      context: { key: 'outage-user' },
      logger: quiet,
      cache: false,
      flushIntervalMs: 200,
      reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
    });
    const statuses: ClientStatus[] = [];
    client.onChange((e) => statuses.push(e.status));
    await client.ready();
    expect(client.isEnabled('outage-sdk', false)).toBe(true);
    const before = client.version;

    await pg.stop();
    const requestsBefore = relay.requests;
    relay.cut();
    for (let i = 0; i < 20; i++) client.track('outage-event', i);
    await client.flush();
    // It reconnects (several times, with backoff) while the gateway answers SERVICE_UNAVAILABLE.
    await until(
      () => relay.requests >= requestsBefore + 3,
      () => `reconnection attempts (statuses ${statuses.join(',')})`,
    );
    // A reconnection whose download succeeds (the gateway serves its last flag set) reads `ready` until its
    // stream fails again, so the status is waited for rather than read at one instant.
    await until(
      () => client!.status === 'stale',
      () => `status stale during the outage (statuses ${statuses.join(',')})`,
    );
    expect(client.version).toBe(before);
    expect(client.isEnabled('outage-sdk', false)).toBe(true);
    await pg.start();

    // Changes right after recovery, while the SDK may still be between attempts, and more once it is live.
    await toggle('outage-sdk', false);
    await stack.gqlOk('mutation { createFlag(input: { key: "after-outage", name: "After" }) { key } }');
    await toggle('after-outage', true);
    let latest = await latestVersion();
    await until(() => client!.version === latest, `SDK at version ${latest}`);
    expect(client.status).toBe('ready');
    await toggle('outage-sdk', true);
    latest = await latestVersion();
    await until(() => client!.version === latest, `SDK at version ${latest}`);
    expect(client.isEnabled('outage-sdk', false)).toBe(true);
    expect(client.isEnabled('after-outage', false)).toBe(true);
    // Stale during the outage, never the terminal error state.
    expect(statuses).toContain('stale');
    expect(statuses).not.toContain('error');

    // The 20 events queued during the outage were kept and sent again, not dropped as refused.
    const stored = async () =>
      Number(
        (
          await stack.db.query<{ n: string }>(
            "SELECT count(*) AS n FROM analytics.events WHERE event_name = 'outage-event' AND user_key = 'outage-user'",
          )
        )[0]!.n,
      );
    await until(async () => {
      await client!.flush();
      return (await stored()) >= 20;
    }, 'events stored');
    expect(await stored()).toBe(20);
  }, 180_000);
});
