// The SDK where WebSockets do not get through (a proxy refusing the upgrade): its subscriptions go over GraphQL
// over Server-Sent Events and it stays current; where SSE does not get through either, it polls.

import { startTestStack, type TestStack } from '@switchyard/testkit';
import WebSocket from 'ws';
import { createClient, type SwitchyardClient } from '../src/index';

const ENV = 'development';
const quiet = { warn: () => {}, debug: () => {} };

/** A WebSocket whose connection is refused, as behind a proxy that does not pass upgrades. */
class RefusedWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(String(url).replace(/:\/\/[^/]+/, '://127.0.0.1:9'), protocols);
  }
}

/** `fetch` that cannot reach the SSE endpoint (a proxy buffering or refusing event streams). */
const noEventStreams: typeof fetch = (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (url.includes('/graphql/stream')) return Promise.reject(new TypeError('fetch failed: stream refused'));
  return fetch(input, init);
};

function nextChange(client: SwitchyardClient, key: string, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no change of ${key} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = client.onChange((e) => {
      if (!e.changed.includes(key)) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

describe('client SDK falls back from WebSocket to SSE to polling', () => {
  let stack: TestStack;
  let serverKey: string;
  let clientKey: string;
  const clients: SwitchyardClient[] = [];

  const toggle = async (key: string) => {
    const { flag } = await stack.gqlOk<{ flag: { version: number; environment: { enabled: boolean } } }>(
      `{ flag(key: "${key}") { version environment(key: "${ENV}") { enabled } } }`,
    );
    await stack.gqlOk(
      `mutation { setFlagEnabled(key: "${key}", environment: "${ENV}", enabled: ${!flag.environment.enabled}, expectedVersion: ${flag.version}) { version } }`,
    );
  };

  const open = (sdkKey: string, extra: Partial<Parameters<typeof createClient>[0]>) => {
    const client = createClient({
      url: stack.graphqlUrl,
      sdkKey,
      environment: ENV,
      context: { key: 'user-1' },
      logger: quiet,
      cache: false,
      webSocketImpl: RefusedWebSocket,
      reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
      ...extra,
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    for (const key of ['sse-server', 'sse-client', 'poll-server'])
      await stack.gqlOk(`mutation { createFlag(input: { key: "${key}", name: "${key}" }) { key } }`);
    serverKey = (await stack.createApiKey('server', { environment: ENV })).secret;
    clientKey = (await stack.createApiKey('client', { environment: ENV })).secret;
  }, 180_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await stack?.stop();
  });

  it('with WebSockets refused, server and client modes follow changes over SSE', async () => {
    // Polling is off (an hour): a change can only arrive through a stream.
    const server = open(serverKey, { pollIntervalMs: 3_600_000 });
    const browser = open(clientKey, { mode: 'client', pollIntervalMs: 3_600_000 });
    await Promise.all([server.ready(), browser.ready()]);
    expect(server.isEnabled('sse-server', true)).toBe(false);
    // Wait until both stream over SSE: a first change reaches them (the WebSocket attempt fails first).
    for (let attempt = 0; ; attempt++) {
      const arrived = Promise.all([
        nextChange(server, 'sse-server', 5000),
        nextChange(browser, 'sse-server', 5000),
      ]);
      await toggle('sse-server');
      if (
        await arrived.then(
          () => true,
          () => attempt > 10,
        )
      )
        break;
    }
    for (const key of ['sse-server', 'sse-client']) {
      const arrived = Promise.all([nextChange(server, key), nextChange(browser, key)]);
      await toggle(key);
      await arrived;
    }
    expect(server.isEnabled('sse-client', false)).toBe(true);
    expect(browser.isEnabled('sse-client', false)).toBe(true);
    expect([server.status, browser.status]).toEqual(['ready', 'ready']);
  }, 120_000);

  it('with WebSockets and SSE refused, it polls with If-None-Match and stays current', async () => {
    // The flag set downloads the client makes, with what the gateway answered.
    const downloads: { etag: string | null; status: number }[] = [];
    const recording: typeof fetch = async (input, init) => {
      const res = await noEventStreams(input, init);
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.includes('flagSet')) {
        const headers = new Headers(init?.headers);
        downloads.push({ etag: headers.get('if-none-match'), status: res.status });
      }
      return res;
    };
    const server = open(serverKey, { pollIntervalMs: 300, fetch: recording });
    await server.ready();
    expect(server.isEnabled('poll-server', true)).toBe(false);
    // Settled on polling (WebSocket and SSE each refused twice): no more failing reconnections, so no 'stale'.
    await new Promise((r) => setTimeout(r, 3000));
    // Nothing changed meanwhile: after the first download, each poll names the set it holds and gets a 304.
    expect(downloads.length).toBeGreaterThan(3);
    expect(downloads[0]).toEqual({ etag: null, status: 200 });
    expect(downloads.slice(1).every((d) => d.etag !== null && d.status === 304)).toBe(true);
    const statuses: string[] = [];
    server.onChange((e) => statuses.push(e.status));
    const arrived = nextChange(server, 'poll-server');
    await toggle('poll-server');
    await arrived;
    expect(server.isEnabled('poll-server', false)).toBe(true);
    expect(server.status).toBe('ready');
    expect(statuses).not.toContain('stale');
    expect(downloads.some((d) => d.etag !== null && d.status === 200)).toBe(true);
  }, 120_000);
});
