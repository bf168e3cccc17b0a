// OFREP (OpenFeature Remote Evaluation Protocol) on the gateway and on a standalone edge, asked by
// OpenFeature's own OFREP providers, unmodified: the server provider (@openfeature/ofrep-provider) in
// Node and the web provider (@openfeature/ofrep-web-provider) in Debian's chromium. Every demo flag
// must come back with the value, variant and reason `evaluate` gives.

import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { OFREPProvider } from '@openfeature/ofrep-provider';
import { type Client, OpenFeature } from '@openfeature/server-sdk';
import { openFeatureReason } from '@switchyard/core';
import { graphql, startTestRelay, startTestStack, type TestStack } from '@switchyard/testkit';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../browser';
import type { WebDetails } from './ofrep-web-entry';

const ENV = 'production';
const EVALUATE = `query Evaluate($environment: String!, $context: JSON!) {
  evaluate(environment: $environment, context: $context) {
    __typename key variation reason inExperiment
    ... on BooleanFlagValue { b: value } ... on StringFlagValue { s: value }
    ... on NumberFlagValue { n: value } ... on JsonFlagValue { j: value }
  }
}`;

interface Evaluated {
  __typename: string;
  key: string;
  variation: string | null;
  reason: string;
  inExperiment: boolean;
  b?: boolean;
  s?: string;
  n?: number;
  j?: unknown;
}

const contexts = Array.from({ length: 6 }, (_, i) => ({
  key: `user-${i}`,
  email: i % 3 === 0 ? `person${i}@example.com` : `person${i}@switchyard.dev`,
  country: ['DE', 'FR', 'US', 'GB', 'JP'][i % 5]!,
  appVersion: `${1 + (i % 3)}.${i % 10}.0`,
  user: { plan: ['free', 'pro', 'enterprise'][i % 3]! },
}));

/** What an OpenFeature provider should give for one `evaluate` result. */
function expected(v: Evaluated) {
  if (v.reason === 'ERROR') return { value: 'default', reason: 'ERROR' };
  return {
    value: v.b ?? v.s ?? v.n ?? v.j,
    variant: v.variation ?? undefined,
    reason: openFeatureReason({ kind: v.reason as 'OFF', inExperiment: v.inExperiment }),
  };
}

describe('OFREP on the gateway and the edge, through OpenFeature providers', () => {
  let stack: TestStack;
  let serverKey: string;
  let clientKey: string;
  let relayUrl: string;
  let dataDir: string;
  let pageServer: http.Server;
  let origin: string;

  const evaluate = async (context: unknown) =>
    (
      await stack.gqlOk<{ evaluate: Evaluated[] }>(
        EVALUATE,
        { environment: ENV, context },
        { token: serverKey },
      )
    ).evaluate;

  beforeAll(async () => {
    const script = (
      await build({
        entryPoints: [path.join(__dirname, 'ofrep-web-entry.ts')],
        bundle: true,
        format: 'iife',
        globalName: 'Ofrep',
        platform: 'browser',
        write: false,
        logLevel: 'silent',
      })
    ).outputFiles[0]!.text;
    pageServer = http.createServer((req, res) => {
      if (req.url === '/ofrep.js')
        return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><title>app</title><script src="/ofrep.js"></script>');
    });
    await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
    stack = await startTestStack({
      seedDemo: true,
      env: { CORS_ORIGINS: origin, SUBGRAPH_TIMEOUT_MS: '60000' },
    });
    serverKey = (await stack.createApiKey('server', { environment: ENV })).secret;
    clientKey = (await stack.createApiKey('client', { environment: ENV })).secret;
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'switchyard-ofrep-'));
    relayUrl = (
      await startTestRelay(stack, 'edge-ofrep', {
        environment: ENV,
        dataDir,
        args: ['--upstream', stack.gatewayUrl, '--server-key', serverKey],
      })
    ).url;
  }, 300_000);
  afterAll(async () => {
    await OpenFeature.close();
    await stack?.stop();
    await new Promise((r) => pageServer?.close(r));
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  const serverClient = async (name: string, baseUrl: string): Promise<Client> => {
    await OpenFeature.setProviderAndWait(
      name,
      new OFREPProvider({ baseUrl, headers: [['Authorization', `Bearer ${clientKey}`]] }),
    );
    return OpenFeature.getClient(name);
  };

  it('the server provider gets every demo flag as evaluate gives it, from the gateway and from the edge', async () => {
    for (const [name, baseUrl] of [
      ['gateway', stack.gatewayUrl],
      ['edge', relayUrl],
    ] as const) {
      const client = await serverClient(name, baseUrl);
      for (const context of contexts) {
        const values = await evaluate(context);
        expect(values.length).toBeGreaterThan(5);
        const { key: targetingKey, ...attributes } = context;
        for (const v of values) {
          const ctx = { targetingKey, ...attributes };
          const d =
            v.__typename === 'BooleanFlagValue'
              ? await client.getBooleanDetails(v.key, false, ctx)
              : v.__typename === 'StringFlagValue'
                ? await client.getStringDetails(v.key, 'default', ctx)
                : v.__typename === 'NumberFlagValue'
                  ? await client.getNumberDetails(v.key, -1, ctx)
                  : await client.getObjectDetails(v.key, {}, ctx);
          expect({ flag: v.key, value: d.value, variant: d.variant, reason: d.reason }).toEqual({
            flag: v.key,
            ...expected(v),
          });
          expect(d.flagMetadata.switchyardReason).toBe(v.reason);
        }
      }
      // An unknown flag: the caller's default, with OpenFeature's FLAG_NOT_FOUND.
      const missing = await client.getBooleanDetails('no-such-flag', true, { targetingKey: 'u1' });
      expect(missing).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
    }
  }, 300_000);

  it('speaks the protocol: bulk with ETag and 304, its error codes, and the caller refused without a key', async () => {
    for (const base of [stack.gatewayUrl, relayUrl]) {
      const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
        fetch(`${base}/ofrep/v1/evaluate/flags${p}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${clientKey}`, ...headers },
          body: JSON.stringify(body),
        });
      const bulk = await post('', { context: { targetingKey: 'user-1', country: 'DE' } });
      expect(bulk.status).toBe(200);
      const etag = bulk.headers.get('etag');
      expect(etag).toMatch(/^".+"$/);
      const { flags } = (await bulk.json()) as { flags: { key: string; reason: string }[] };
      const values = await evaluate({ key: 'user-1', country: 'DE' });
      expect(flags.map((f) => f.key)).toEqual(values.map((v) => v.key));
      expect(
        (await post('', { context: { targetingKey: 'user-1', country: 'DE' } }, { 'if-none-match': etag! }))
          .status,
      ).toBe(304);
      // The tag is the answer's: another tag gets the whole answer again.
      expect(
        (
          await post(
            '',
            { context: { targetingKey: 'user-1', country: 'DE' } },
            { 'if-none-match': '"other"' },
          )
        ).status,
      ).toBe(200);

      const missingKey = await post('/new-checkout', { context: { country: 'DE' } });
      expect(missingKey.status).toBe(400);
      expect(await missingKey.json()).toMatchObject({
        key: 'new-checkout',
        errorCode: 'TARGETING_KEY_MISSING',
      });
      const notFound = await post('/no-such-flag', { context: { targetingKey: 'u' } });
      expect(notFound.status).toBe(404);
      expect(await notFound.json()).toMatchObject({ key: 'no-such-flag', errorCode: 'FLAG_NOT_FOUND' });
      const noKey = await fetch(`${base}/ofrep/v1/evaluate/flags/new-checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ context: { targetingKey: 'u' } }),
      });
      expect(noKey.status).toBe(401);
    }
    // evaluate's own answer for a context without key, for comparison: the same refusal.
    const refused = await graphql(
      stack.graphqlUrl,
      EVALUATE,
      { environment: ENV, context: { country: 'DE' } },
      {
        authorization: `Bearer ${clientKey}`,
      },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  }, 120_000);

  it('the web provider in chromium gets every demo flag as evaluate gives it, from the gateway and from the edge', async () => {
    let browser: Browser | null = null;
    try {
      browser = await launchBrowser();
      for (const baseUrl of [stack.gatewayUrl, relayUrl]) {
        for (const context of contexts.slice(0, 3)) {
          const values = await evaluate(context);
          const page = await browser.newPage();
          await page.goto(origin);
          const { key: targetingKey, ...attributes } = context;
          const details = (await page.evaluate(
            ([b, k, c, f]) =>
              (globalThis as unknown as { Ofrep: typeof import('./ofrep-web-entry') }).Ofrep.evaluateFlags(
                b,
                k,
                c,
                f,
              ),
            [
              baseUrl,
              clientKey,
              { targetingKey, ...attributes },
              values.map((v) => ({ key: v.key, type: v.__typename })),
            ] as const,
          )) as WebDetails[];
          expect(
            details.map((d) => ({ flag: d.key, value: d.value, variant: d.variant, reason: d.reason })),
          ).toEqual(
            values.map((v) => {
              const e = expected(v);
              return {
                flag: v.key,
                ...e,
                value: e.reason === 'ERROR' ? details.find((d) => d.key === v.key)?.value : e.value,
              };
            }),
          );
          await page.close();
        }
      }
    } finally {
      await browser?.close();
    }
  }, 300_000);
});
