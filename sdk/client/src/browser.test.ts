// The browser entry with stand-ins for window, document, localStorage and WebSocket.

import { createClient, LocalStorageConfigCache } from './browser';

type Listener = () => void;

class FakeTarget {
  listeners = new Map<string, Set<Listener>>();
  visibilityState = 'visible';
  addEventListener(type: string, l: Listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(l);
  }
  removeEventListener(type: string, l: Listener) {
    this.listeners.get(type)?.delete(l);
  }
  fire(type: string) {
    for (const l of this.listeners.get(type) ?? []) l();
  }
}

/** A socket that never opens: subscriptions wait, queries go over fetch. */
class SilentWebSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  readyState = 0;
  protocol = 'graphql-transport-ws';
  onopen = null;
  onclose = null;
  onerror = null;
  onmessage = null;
  send() {}
  close() {}
}

const g = globalThis as Record<string, unknown>;
const saved = { window: g.window, document: g.document, localStorage: g.localStorage };

afterEach(() => Object.assign(g, saved));

test('localStorage keeps the last values; hiding the page sends queued events with keepalive', async () => {
  const store = new Map<string, string>();
  const window = new FakeTarget();
  const document = new FakeTarget();
  Object.assign(g, {
    window,
    document,
    localStorage: {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
    },
  });
  const requests: { body: string; keepalive: boolean }[] = [];
  const fetchStub = (async (_url: string, init: RequestInit) => {
    const body = String(init.body);
    requests.push({ body, keepalive: init.keepalive === true });
    const data = body.includes('trackEvents')
      ? { trackEvents: { accepted: 1, duplicates: 0, rejected: 0 } }
      : {
          evaluate: [
            { key: 'beta', variation: 'on', booleanValue: true, reason: 'FALLTHROUGH', inExperiment: false },
          ],
        };
    return new Response(JSON.stringify({ data }), { headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const options = {
    url: 'http://gw/graphql',
    sdkKey: 'sy_client_k',
    context: { key: 'u1' },
    fetch: fetchStub,
    webSocketImpl: SilentWebSocket,
    logger: { warn: () => {} },
  };
  const client = createClient(options);
  await client.ready();
  expect(client.isEnabled('beta', false)).toBe(true);
  client.track('purchase', 1);

  document.visibilityState = 'hidden';
  document.fire('visibilitychange');
  await new Promise((r) => setTimeout(r, 20));
  const beacon = requests.find((r) => r.body.includes('trackEvents'));
  expect(beacon?.keepalive).toBe(true);
  expect(beacon?.body).toContain('"eventName":"purchase"');
  await client.close();

  // A later page load serves the stored values before the network answers.
  expect(LocalStorageConfigCache.forClient(options.url, options.sdkKey, 'production').load()).toMatchObject({
    kind: 'evaluated',
    context: { key: 'u1' },
  });
  const offline = createClient({ ...options, offline: true });
  expect(offline.isEnabled('beta', false)).toBe(true);
  await offline.close();
});
