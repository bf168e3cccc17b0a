import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryConfigCache } from './caches';
import { ContextTooLargeError, createClientOn, type Platform } from './client';
import { FileConfigCache } from './file-cache';
import { localEvaluation } from './flag-set-state';
import { TransportError } from './transport';
import { MAX_CONTEXT_SIZE, MAX_CONTEXT_STRING_LENGTH } from '@switchyard/core';
import { booleanFlag, experimentFlag, flagSet, stringFlag } from '@switchyard/core/test-fixtures';
import { FakeTransport, settle } from './test-support';
import type { ClientOptions, ConfigCache } from './types';

const quiet = { warn: () => {}, debug: () => {} };

function setup(options: Partial<ClientOptions> = {}, cache: ConfigCache | null = new MemoryConfigCache()) {
  const transport = new FakeTransport();
  const platform: Platform = { cache, createTransport: () => transport, localEvaluation };
  const client = createClientOn(
    { url: 'http://gateway/graphql', sdkKey: 'sy_server_test', logger: quiet, ...options },
    platform,
  );
  return { client, transport, cache };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('server mode', () => {
  it('downloads the flag set, evaluates locally and subscribes from its version', async () => {
    const { client, transport } = setup({ context: { key: 'u1' } });
    transport.onQuery = () => ({ flagSet: flagSet(7, [booleanFlag('beta'), stringFlag('color', 'red')]) });
    await client.ready();
    await settle();
    expect(client.status).toBe('ready');
    expect(client.isEnabled('beta', false)).toBe(true);
    expect(client.getValue('color', 'none')).toBe('red');
    expect(client.getDetails('color', 'none').reason).toEqual({ kind: 'FALLTHROUGH' });
    expect(transport.live?.variables).toEqual({ environment: 'production', sinceVersion: 7 });
    await client.close();
  });

  it('a configChanged newer than what it holds refetches the flag set and fires onChange with the changed keys', async () => {
    const { client, transport } = setup({ context: { key: 'u1' } });
    let current = flagSet(7, [booleanFlag('beta'), stringFlag('color', 'red')]);
    transport.onQuery = () => ({ flagSet: current });
    await client.ready();
    await settle();
    const events: string[][] = [];
    client.onChange((e) => events.push(e.changed));

    transport.live!.observer.next({ configChanged: { seq: 5, resourceType: 'flag', resourceKey: 'beta' } });
    await jest.advanceTimersByTimeAsync(50);
    expect(transport.queries).toHaveLength(1); // replayed change already held

    current = flagSet(8, [booleanFlag('beta', { enabled: false }), stringFlag('color', 'red')]);
    transport.live!.observer.next({ configChanged: { seq: 8, resourceType: 'flag', resourceKey: 'beta' } });
    await jest.advanceTimersByTimeAsync(50);
    expect(client.isEnabled('beta', true)).toBe(false);
    expect(client.version).toBe(8);
    expect(events).toEqual([['beta']]);
    await client.close();
  });

  it('keeps serving the last config when the stream drops, then resumes with sinceVersion after a jittered backoff', async () => {
    const { client, transport } = setup({ reconnect: { initialDelayMs: 100, maxDelayMs: 1000 } });
    let current = flagSet(3, [booleanFlag('beta')]);
    transport.onQuery = () => ({ flagSet: current });
    await client.ready();
    await settle();
    const statuses: string[] = [];
    client.onChange((e) => statuses.push(e.status));

    transport.onQuery = () => {
      throw new Error('ECONNREFUSED');
    };
    transport.live!.observer.error(Object.assign(new Error('closed'), { fatal: false }) as never);
    expect(client.status).toBe('stale');
    expect(client.isEnabled('beta', false)).toBe(true);
    // Failed attempts back off: 50–100 ms, then 100–200 ms, ...
    await jest.advanceTimersByTimeAsync(100);
    const failedAttempts = transport.queries.length;
    expect(failedAttempts).toBeGreaterThanOrEqual(2);
    await jest.advanceTimersByTimeAsync(100);
    expect(transport.queries.length - failedAttempts).toBeLessThanOrEqual(1);

    current = flagSet(4, [booleanFlag('beta', { enabled: false })]);
    transport.onQuery = () => ({ flagSet: current });
    await jest.advanceTimersByTimeAsync(2000);
    expect(client.status).toBe('ready');
    expect(client.isEnabled('beta', true)).toBe(false);
    expect(transport.live?.variables).toEqual({ environment: 'production', sinceVersion: 4 });
    expect(statuses).toEqual(['stale', 'ready']);
    await client.close();
  });

  it('a stream that fails at once backs off instead of refetching in a tight loop', async () => {
    const { client, transport } = setup({ reconnect: { initialDelayMs: 100, maxDelayMs: 2000 } });
    transport.onQuery = () => ({ flagSet: flagSet(1, [booleanFlag('beta')]) });
    const subscribe = transport.subscribe.bind(transport);
    transport.subscribe = (d, v, observer) => {
      const off = subscribe(d, v, observer);
      void Promise.resolve().then(() => observer.error(new TransportError('no WebSocket', false)));
      return off;
    };
    await jest.advanceTimersByTimeAsync(10_000);
    // 100, 200, 400, 800, 1600, then 2000 ms ceilings (half of each at least): about 8 attempts, not 40.
    expect(transport.queries.length).toBeLessThanOrEqual(12);
    expect(client.isEnabled('beta', false)).toBe(true);
    await client.close();
  });

  it('a refused key is not retried; the client serves what it knows', async () => {
    const { client, transport } = setup();
    transport.onQuery = () => {
      throw new TransportError('bad key', true, 'UNAUTHENTICATED');
    };
    await client.ready();
    await settle();
    expect(client.status).toBe('error');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(transport.queries).toHaveLength(1);
    expect(client.getValue('anything', 'fallback')).toBe('fallback');
    await client.close();
  });

  it('evaluates for a context passed per call', async () => {
    const { client, transport } = setup();
    const flag = booleanFlag('beta', { targets: [{ variation: 'off', values: ['blocked'] }] });
    transport.onQuery = () => ({ flagSet: flagSet(1, [flag]) });
    await client.ready();
    await settle();
    expect(client.isEnabled('beta', true, { key: 'blocked' })).toBe(false);
    expect(client.isEnabled('beta', false, { key: 'someone' })).toBe(true);
    await client.close();
  });
});

describe('offline and before ready', () => {
  it('serves the persisted config, then defaults, and never throws', async () => {
    const cache = new MemoryConfigCache();
    cache.save({ kind: 'flagSet', version: 2, flagSet: flagSet(2, [booleanFlag('beta')]) });
    const { client } = setup({ readyTimeoutMs: 1000, defaults: { 'from-defaults': 'd' } }, cache);
    // Before any network answer the cached config is already served.
    expect(client.isEnabled('beta', false)).toBe(true);
    expect(client.getValue('from-defaults', undefined as unknown)).toBe('d');
    expect(client.getValue('unknown', 42)).toBe(42);
    await jest.advanceTimersByTimeAsync(1000);
    await client.ready();
    await settle();
    expect(client.status).toBe('stale');
    await client.close();
  });

  it('with nothing known it serves the caller defaults and reports PROVIDER_NOT_READY', async () => {
    const { client } = setup({ readyTimeoutMs: 1000 }, null);
    expect(client.getDetails('beta', true)).toMatchObject({
      value: true,
      variation: null,
      reason: { kind: 'ERROR', errorCode: 'PROVIDER_NOT_READY' },
    });
    await jest.advanceTimersByTimeAsync(1000);
    expect(client.status).toBe('error');
    await client.close();
  });

  it('a cache that throws, a transport that cannot be created and nonsense input do not throw', async () => {
    const broken: ConfigCache = {
      load: () => {
        throw new Error('disk');
      },
      save: () => {
        throw new Error('disk');
      },
    };
    const client = createClientOn(
      { url: 'x', sdkKey: 'k', logger: quiet, readyTimeoutMs: 10 },
      {
        cache: broken,
        createTransport: () => {
          throw new Error('no sockets here');
        },
      },
    );
    expect(client.getValue('x', 1)).toBe(1);
    expect(client.getVariant('exp')).toBe('control');
    expect(() => client.track('', Number.NaN)).not.toThrow();
    await client.ready();
    await settle();
    await client.close();
  });

  it('bootstrap values are served synchronously, with no network (server-side rendering)', async () => {
    const { client, transport } = setup({
      offline: true,
      mode: 'client',
      bootstrap: {
        kind: 'evaluated',
        version: 9,
        values: { color: { value: 'blue', variation: 'blue', reason: { kind: 'FALLTHROUGH' } } },
      },
    });
    expect(client.getValue('color', 'red')).toBe('blue');
    expect(client.status).toBe('ready');
    expect(transport.queries).toHaveLength(0);
    await client.close();
  });

  it('the file cache persists the config with its version and reloads it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'switchyard-test-'));
    const cache = new FileConfigCache(path.join(dir, 'nested', 'config.json'));
    const first = setup({}, cache);
    first.transport.onQuery = () => ({ flagSet: flagSet(11, [stringFlag('color', 'green')]) });
    await first.client.ready();
    await first.client.close();
    expect(cache.load()).toMatchObject({ kind: 'flagSet', version: 11 });

    const second = setup({ readyTimeoutMs: 10 }, cache);
    expect(second.client.getValue('color', 'red')).toBe('green');
    expect(second.client.version).toBe(11);
    await second.client.close();

    writeFileSync(cache.file, '{not json');
    expect(cache.load()).toBeNull();
  });
});

describe('client mode', () => {
  const value = (key: string, v: unknown, variation: string) => ({
    key,
    variation,
    reason: 'FALLTHROUGH',
    inExperiment: false,
    ...(typeof v === 'boolean' ? { booleanValue: v } : { stringValue: v }),
  });

  it('fetches evaluate for its context and follows evaluatedConfig', async () => {
    const { client, transport } = setup({ sdkKey: 'sy_client_abc', context: { key: 'u1' } });
    transport.onQuery = () => ({ evaluate: [value('beta', true, 'on'), value('color', 'red', 'red')] });
    await client.ready();
    await settle();
    expect(client.mode).toBe('client');
    expect(client.isEnabled('beta', false)).toBe(true);
    expect(transport.live?.variables).toEqual({ environment: 'production', context: { key: 'u1' } });
    const changes: string[][] = [];
    client.onChange((e) => changes.push(e.changed));
    transport.live!.observer.next({
      evaluatedConfig: [value('beta', true, 'on'), value('color', 'blue', 'blue')],
    });
    expect(client.getValue('color', 'red')).toBe('blue');
    expect(changes).toEqual([['color']]);
    // A default of the wrong type is a TYPE_MISMATCH, as in local evaluation.
    expect(client.getDetails('color', 1).reason.errorCode).toBe('TYPE_MISMATCH');
    await client.close();
  });

  it('identify fetches the new context and resubscribes', async () => {
    const { client, transport } = setup({ sdkKey: 'sy_client_abc', context: { key: 'u1' } });
    transport.onQuery = (_d, vars) => ({
      evaluate: [value('beta', (vars.context as { key: string }).key === 'u2', 'x')],
    });
    await client.ready();
    await settle();
    expect(client.isEnabled('beta', true)).toBe(false);
    await client.identify({ key: 'u2' });
    expect(client.isEnabled('beta', false)).toBe(true);
    expect(transport.live?.variables).toMatchObject({ context: { key: 'u2' } });
    expect(transport.subscriptions.filter((s) => !s.closed)).toHaveLength(1);
    await client.close();
  });
});

describe('a context over the server bounds (MAX_CONTEXT_STRING_LENGTH, MAX_CONTEXT_SIZE)', () => {
  const huge = { key: 'u1', bio: 'x'.repeat(MAX_CONTEXT_STRING_LENGTH + 1) };
  const value = {
    key: 'beta',
    variation: 'on',
    reason: 'FALLTHROUGH',
    inExperiment: false,
    booleanValue: true,
  };

  it.each(['sy_client_abc', 'sy_server_abc'])(
    'createClient with one (%s) sends nothing, says why and serves defaults until identify gives a smaller one',
    async (sdkKey) => {
      const warnings: string[] = [];
      const { client, transport } = setup({
        sdkKey,
        context: huge,
        logger: { warn: (m) => warnings.push(m) },
      });
      transport.onQuery = () => ({ evaluate: [value], flagSet: flagSet(3, [booleanFlag('beta')]) });
      await client.ready();
      await settle();
      expect(transport.queries).toHaveLength(0);
      expect(transport.subscriptions).toHaveLength(0);
      expect(client.status).toBe('error');
      expect(client.isEnabled('beta', false)).toBe(false);
      expect(warnings.join('\n')).toContain('context.bio is 1025 characters long; the limit is 1024');

      await client.identify({ key: 'u1' });
      expect(client.status).toBe('ready');
      expect(client.isEnabled('beta', false)).toBe(true);
      await client.close();
    },
  );

  it('identify rejects it with ContextTooLargeError before any network call, keeping the current context', async () => {
    const { client, transport } = setup({ sdkKey: 'sy_client_abc', context: { key: 'u1' } });
    transport.onQuery = () => ({ evaluate: [value] });
    await client.ready();
    await settle();
    const queries = transport.queries.length;
    const subscriptions = transport.subscriptions.length;
    const big = {
      key: 'u2',
      ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`a${i}`, 'x'.repeat(1000)])),
    };
    const refusal = client.identify(big);
    await expect(refusal).rejects.toBeInstanceOf(ContextTooLargeError);
    await expect(refusal).rejects.toThrow(`larger than ${MAX_CONTEXT_SIZE} characters`);
    expect(transport.queries).toHaveLength(queries);
    expect(transport.subscriptions).toHaveLength(subscriptions);
    expect(client.context).toEqual({ key: 'u1' });
    expect(client.isEnabled('beta', false)).toBe(true);
    await client.close();
  });
});

describe('experiments and events', () => {
  it('getVariant evaluates the experiment rule locally, records one exposure per user and variant', async () => {
    const { client, transport } = setup({ flushIntervalMs: 1000 });
    transport.onQuery = () => ({ flagSet: flagSet(1, [experimentFlag('checkout', 'checkout-test')]) });
    await client.ready();
    await settle();
    const variants = new Set<string>();
    for (let i = 0; i < 50; i++) variants.add(client.getVariant('checkout-test', { key: `user-${i}` }));
    expect(variants).toEqual(new Set(['control', 'treatment']));
    client.getVariant('checkout-test', { key: 'user-1' });
    expect(client.getVariant('unknown-experiment', { key: 'user-1' })).toBe('control');
    await client.flush();
    const sent = transport.mutations.flatMap(
      (m) => m.variables.events as { type: string; userKey: string }[],
    );
    expect(sent.filter((e) => e.type === 'EXPOSURE')).toHaveLength(50);
    await client.close();
  });

  it('counts evaluations per flag and variation and sends them with track events on close', async () => {
    const { client, transport } = setup({ context: { key: 'u1' }, flushIntervalMs: 60_000 });
    transport.onQuery = () => ({ flagSet: flagSet(1, [booleanFlag('beta')]) });
    await client.ready();
    await settle();
    for (let i = 0; i < 3; i++) client.isEnabled('beta');
    client.track('purchase', 12.5, { sku: 'a' });
    expect(transport.mutations).toHaveLength(0);
    await client.close();
    const events = transport.mutations.flatMap((m) => m.variables.events as Record<string, unknown>[]);
    expect(events).toEqual(
      expect.arrayContaining([
        // Stamped with the variations served to the user and the environment, for release guards.
        expect.objectContaining({
          type: 'CONVERSION',
          userKey: 'u1',
          eventName: 'purchase',
          value: 12.5,
          properties: { environment: 'production', sku: 'a', flags: { beta: 'on' } },
        }),
        expect.objectContaining({
          type: 'EVALUATION',
          eventName: 'beta',
          variant: 'on',
          value: 3,
          properties: { environment: 'production' },
        }),
      ]),
    );
  });

  it('samples the contexts it evaluates locally for POST /usage; an upstream that keeps failing never reaches evaluation', async () => {
    const { client, transport } = setup({ flushIntervalMs: 60_000, contextAttributes: ['country'] });
    transport.onQuery = () => ({ flagSet: { ...flagSet(1, [booleanFlag('beta')]), project: 'mobile' } });
    await client.ready();
    await settle();
    let refused = 0;
    transport.onUsage = () => {
      refused++;
      throw new TransportError('connection refused', false);
    };
    for (let i = 0; i < 5000; i++)
      expect(client.isEnabled('beta', false, { key: `user-${i}`, country: 'DE', email: `u${i}@x` })).toBe(
        true,
      );
    await client.flush();
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 100; i++)
        expect(client.isEnabled('beta', false, { key: `late-${round}-${i}` })).toBe(true);
      await jest.advanceTimersByTimeAsync(120_000);
    }
    expect(refused).toBeGreaterThan(1);
    transport.onUsage = () => {};
    await client.close();
    // Bounded while the gateway was away: one flush's sample (1,000 keys), the first ones kept.
    const [body] = transport.usagePosts as { counts: unknown[]; contexts: Record<string, unknown>[] }[];
    expect(transport.usagePosts).toHaveLength(1);
    expect(body!.counts).toEqual([]);
    expect(body!.contexts).toHaveLength(1000);
    expect(body!.contexts[0]).toEqual({
      project: 'mobile',
      environment: 'production',
      key: 'user-0',
      attributes: { country: 'DE' },
    });
    // Counts went as EVALUATION events all along.
    const events = transport.mutations.flatMap((m) => m.variables.events as Record<string, unknown>[]);
    expect(events.filter((e) => e.type === 'EVALUATION').reduce((n, e) => n + (e.value as number), 0)).toBe(
      5500,
    );
  });

  it('sendContexts: false sends counts only; sendUsage: false neither counts nor contexts', async () => {
    for (const [options, counts, contexts] of [
      [{ sendContexts: false }, 1, 0],
      [{ sendUsage: false }, 0, 0],
      [{}, 1, 1],
    ] as const) {
      const { client, transport } = setup({ context: { key: 'u1' }, ...options });
      transport.onQuery = () => ({ flagSet: flagSet(1, [booleanFlag('beta')]) });
      await client.ready();
      await settle();
      client.isEnabled('beta');
      client.track('purchase');
      await client.close();
      const events = transport.mutations.flatMap((m) => m.variables.events as { type: string }[]);
      expect(events.filter((e) => e.type === 'EVALUATION')).toHaveLength(counts);
      expect(events.filter((e) => e.type === 'CONVERSION')).toHaveLength(1);
      expect(transport.usagePosts).toHaveLength(contexts);
    }
  });

  it('peek does not record anything', async () => {
    const { client, transport } = setup({ context: { key: 'u1' } });
    transport.onQuery = () => ({ flagSet: flagSet(1, [booleanFlag('beta')]) });
    await client.ready();
    await settle();
    client.peek('beta', false);
    await client.close();
    expect(transport.mutations).toHaveLength(0);
  });
});

test('without local evaluation (browser build) a server key evaluates through the graph', async () => {
  const transport = new FakeTransport();
  transport.onQuery = () => ({
    evaluate: [
      { key: 'beta', variation: 'on', booleanValue: true, reason: 'FALLTHROUGH', inExperiment: false },
    ],
  });
  const client = createClientOn(
    { url: 'http://gw/graphql', sdkKey: 'sy_server_k', context: { key: 'u' }, logger: quiet },
    { cache: null, createTransport: () => transport },
  );
  await client.ready();
  expect(client.mode).toBe('client');
  expect(client.isEnabled('beta', false)).toBe(true);
  await client.close();
});
