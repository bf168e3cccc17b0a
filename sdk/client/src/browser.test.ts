// The browser entry with stand-ins for window, document, localStorage and WebSocket.

import { createClient, eventsUrl, LocalStorageConfigCache } from './browser';
import { SilentWebSocket } from './test-support';

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

const g = globalThis as Record<string, unknown>;
const saved = {
  window: g.window,
  document: g.document,
  localStorage: g.localStorage,
  navigator: g.navigator,
};

afterEach(() => Object.assign(g, saved));

test('the events endpoint sits beside the GraphQL endpoint', () => {
  expect(eventsUrl('http://gw:4000/graphql')).toBe('http://gw:4000/events');
  expect(eventsUrl('https://example.com/api/graphql/')).toBe('https://example.com/api/events');
  expect(eventsUrl('https://example.com/')).toBe('https://example.com/events');
});

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

test('hiding the page hands queued events to sendBeacon, with the key in the body; keepalive fetch when refused', async () => {
  const window = new FakeTarget();
  const document = new FakeTarget();
  const beacons: { url: string; body: string }[] = [];
  let accept = true;
  Object.assign(g, {
    window,
    document,
    navigator: {
      sendBeacon(url: string, body: string) {
        beacons.push({ url, body });
        return accept;
      },
    },
  });
  const mutations: boolean[] = [];
  const fetchStub = (async (_url: string, init: RequestInit) => {
    const body = String(init.body);
    if (body.includes('trackEvents')) mutations.push(init.keepalive === true);
    const data = body.includes('trackEvents')
      ? { trackEvents: { accepted: 1, duplicates: 0, rejected: 0 } }
      : { evaluate: [] };
    return new Response(JSON.stringify({ data }), { headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const client = createClient({
    url: 'http://gw/graphql',
    sdkKey: 'sy_client_k',
    context: { key: 'u1' },
    fetch: fetchStub,
    webSocketImpl: SilentWebSocket,
    cache: false,
    logger: { warn: () => {} },
  });
  await client.ready();
  client.track('purchase', 1);
  window.fire('pagehide');
  await new Promise((r) => setTimeout(r, 20));
  expect(beacons).toHaveLength(1);
  expect(beacons[0]!.url).toBe('http://gw/events');
  const sent = JSON.parse(beacons[0]!.body);
  expect(sent.apiKey).toBe('sy_client_k');
  expect(sent.events[0]).toMatchObject({
    type: 'CONVERSION',
    eventName: 'purchase',
    userKey: 'u1',
    value: 1,
  });
  expect(mutations).toEqual([]);

  // The browser refuses the beacon (too much queued): the same batch goes as a keepalive request.
  accept = false;
  client.track('purchase', 2);
  window.fire('pagehide');
  await new Promise((r) => setTimeout(r, 20));
  expect(beacons).toHaveLength(2);
  expect(mutations).toEqual([true]);
  await client.close();
});
