// The browser build in a real browser (Debian's chromium) against a running stack: events queued on a page reach
// analytics when the user leaves it, through sendBeacon to the gateway's POST /events, or through a keepalive
// request where the browser refuses the beacon.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startTestStack, type TestStack } from '@switchyard/testkit';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startFlagExperiment } from './experiment-setup';

const ENV = 'development';

/** The browser entry bundled the way an application's bundler would, exposed as `window.Switchyard`. */
async function bundleBrowserClient(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(__dirname, '..', 'src', 'browser.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'Switchyard',
    platform: 'browser',
    conditions: ['development', 'browser'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('browser client: events leave with the page', () => {
  let stack: TestStack;
  let browser: Browser;
  let server: http.Server;
  let origin: string;
  let clientKey: string;

  beforeAll(async () => {
    const script = await bundleBrowserClient();
    server = http.createServer((req, res) => {
      if (req.url === '/client.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
        return;
      }
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><title>shop</title><script src="/client.js"></script>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The page calls the gateway from its own origin.
    stack = await startTestStack({ env: { CORS_ORIGINS: origin } });
    await startFlagExperiment(stack, {
      flagKey: 'shop-flag',
      experimentKey: 'shop-exp',
      environment: ENV,
      trafficAllocation: 100,
    });
    // Starting attaches the experiment to the flag; wait until the graph serves it.
    await until(
      () =>
        stack.gqlOk<{ evaluate: { experimentKey: string | null }[] }>(
          `{ evaluate(environment: "${ENV}", context: { key: "probe" }, keys: ["shop-flag"]) { experimentKey } }`,
        ),
      (data) => data.evaluate[0]?.experimentKey === 'shop-exp',
    );
    clientKey = (await stack.createApiKey('client', { environment: ENV })).secret;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  const exposures = async () =>
    (
      await stack.gqlOk<{ experiment: { exposures: number } }>(
        '{ experiment(key: "shop-exp") { exposures } }',
      )
    ).experiment.exposures;

  /** Opens the shop as `user`, sees the variant (an exposure) and buys (a conversion); nothing is sent yet. */
  async function shop(page: Page, user: string): Promise<string> {
    await page.goto(origin);
    return page.evaluate(
      async ({ url, sdkKey, user }) => {
        const { createClient } = (globalThis as unknown as { Switchyard: typeof import('../src/browser') })
          .Switchyard;
        const client = createClient({
          url,
          sdkKey,
          environment: 'development',
          context: { key: user },
          // Only leaving the page sends the events.
          flushIntervalMs: 600_000,
        });
        await client.ready();
        const variant = client.getVariant('shop-exp');
        client.track('purchase', 1);
        return variant;
      },
      { url: stack.graphqlUrl, sdkKey: clientKey, user },
    );
  }

  it('sends the queued events with sendBeacon to POST /events when the page goes away', async () => {
    const page = await browser.newPage();
    // Requests from the page itself cannot carry events: only the beacon can. Beacons are noted in sessionStorage,
    // which outlives the page in this tab.
    await page.addInitScript(() => {
      const g = globalThis as unknown as {
        fetch: typeof fetch;
        navigator: { sendBeacon(url: string, body: string): boolean };
        sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void };
      };
      const original = g.fetch.bind(g);
      g.fetch = (input, init) =>
        String(init?.body ?? '').includes('trackEvents')
          ? Promise.reject(new TypeError('events must go by beacon in this test'))
          : original(input, init);
      const send = g.navigator.sendBeacon.bind(g.navigator);
      g.navigator.sendBeacon = (url, body) => {
        const noted = JSON.parse(g.sessionStorage.getItem('beacons') ?? '[]');
        g.sessionStorage.setItem('beacons', JSON.stringify([...noted, { url, body }]));
        return send(url, body);
      };
    });
    const before = await exposures();
    const variant = await shop(page, 'beacon-shopper');
    expect(['control', 'treatment']).toContain(variant);
    expect(await exposures()).toBe(before);

    await page.goto('about:blank');
    expect(await until(exposures, (n) => n >= before + 1)).toBe(before + 1);
    await page.goto(origin);
    const beacons = JSON.parse(
      (await page.evaluate(() =>
        (
          globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
        ).sessionStorage.getItem('beacons'),
      )) ?? '[]',
    ) as { url: string; body: string }[];
    expect(beacons.map((b) => b.url)).toEqual([stack.graphqlUrl.replace(/graphql$/, 'events')]);
    const sent = JSON.parse(beacons[0]!.body) as { apiKey: string; events: { type: string }[] };
    expect(sent.apiKey).toBe(clientKey);
    expect(sent.events.map((e) => e.type).sort()).toEqual(['CONVERSION', 'EXPOSURE']);
    await page.close();
  }, 60_000);

  it('falls back to a keepalive request when the browser refuses the beacon', async () => {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      (globalThis as unknown as { navigator: { sendBeacon: () => boolean } }).navigator.sendBeacon = () =>
        false;
    });
    const before = await exposures();
    await shop(page, 'keepalive-shopper');
    await page.goto('about:blank');
    expect(await until(exposures, (n) => n >= before + 1)).toBe(before + 1);
    await page.close();
  }, 60_000);
});
