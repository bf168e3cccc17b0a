import { startTestStack, type TestStack, type TestSubscription, wsClient } from '@switchyard/testkit';
import { subscribe } from '@switchyard/testkit';

const SUBSCRIBERS = 1000;
const CHANGES = 100;
const CHANGED =
  'subscription { configChanged(environment: "production") { seq resourceKey flag { key version } } }';
type Changed = { configChanged: { seq: number; resourceKey: string } };

describe(`${SUBSCRIBERS} concurrent subscribers and ${CHANGES} rapid changes`, () => {
  let stack: TestStack;

  beforeAll(async () => {
    // One connection per subscriber, all from loopback: above the per-address default.
    stack = await startTestStack({ subgraphs: ['flags'], env: { WS_MAX_CONNECTIONS_PER_IP: '2000' } });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('gives every subscriber every change, in order', async () => {
    const token = await stack.adminToken();
    const url = stack.graphqlUrl.replace(/^http/, 'ws');
    const clients = Array.from({ length: SUBSCRIBERS }, () => wsClient(url, token));
    const subs: TestSubscription<Changed>[] = clients.map((c) => subscribe<Changed>(c, CHANGED));
    // Wait until the gateway counts them all as open.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const text = await (await fetch(`${stack.gatewayUrl}/metrics`)).text();
      const open = Number(
        text.match(/switchyard_subscriptions_open\{field="configChanged"[^}]*\} (\d+)/)?.[1] ?? 0,
      );
      if (open >= SUBSCRIBERS) break;
      if (Date.now() > deadline) throw new Error(`only ${open} subscriptions open`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const started = Date.now();
    const keys = Array.from({ length: CHANGES }, (_, i) => `rapid-${i}`);
    // Four writers at once: changes commit as fast as the flags subgraph takes them.
    for (let i = 0; i < keys.length; i += 4) {
      await Promise.all(
        keys
          .slice(i, i + 4)
          .map((key) =>
            stack.gqlOk(`mutation { createFlag(input: { key: "${key}", name: "${key}" }) { key } }`),
          ),
      );
    }
    await Promise.all(subs.map((s) => s.waitFor(CHANGES, 60_000)));
    const elapsed = Date.now() - started;
    for (const sub of subs) {
      const seqs = sub.events.map((e) => e.data!.configChanged.seq);
      expect(seqs).toHaveLength(CHANGES);
      expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
      expect(new Set(sub.events.map((e) => e.data!.configChanged.resourceKey))).toEqual(new Set(keys));
    }
    console.log(`${SUBSCRIBERS} subscribers × ${CHANGES} changes delivered in ${elapsed} ms`);
    await Promise.all(clients.map((c) => c.dispose()));
  }, 150_000);
});
