import { BusCache, readConfigChange } from './bus-cache';
import type { EventBus } from './event-bus';

/** A load the test answers when it chooses, to order it against invalidations. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** An in-memory bus with the EventBus shape: what is published reaches the subscribers at once. */
function memoryBus() {
  const handlers = new Map<string, ((message: string) => void)[]>();
  const bus = {
    async subscribe(channel: string, handler: (message: string) => void) {
      handlers.set(channel, [...(handlers.get(channel) ?? []), handler]);
      return async () => {
        handlers.set(
          channel,
          (handlers.get(channel) ?? []).filter((h) => h !== handler),
        );
      };
    },
    publish(channel: string, message: string) {
      for (const h of handlers.get(channel) ?? []) h(message);
    },
  };
  return bus;
}

const unavailable = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

describe('BusCache', () => {
  it('loads once for concurrent misses and answers from memory until invalidated', async () => {
    const loads: string[] = [];
    const lookups: string[] = [];
    const cache = new BusCache<string, string>({
      load: async (key) => {
        loads.push(key);
        return `${key}@${loads.length}`;
      },
      ttlMs: 60_000,
      onLookup: (r) => lookups.push(r),
    });
    expect(await Promise.all([cache.get('a'), cache.get('a')])).toEqual(['a@1', 'a@1']);
    expect(await cache.get('a')).toBe('a@1');
    cache.invalidate('a');
    expect(await cache.get('a')).toBe('a@2');
    expect(loads).toEqual(['a', 'a']);
    expect(lookups).toEqual(['miss', 'miss', 'hit', 'miss']);
  });

  it('never keeps a load that raced an invalidation, so a reader sees the change', async () => {
    const first = deferred<string>();
    let calls = 0;
    const cache = new BusCache<string, string>({
      load: () => (++calls === 1 ? first.promise : Promise.resolve('new')),
      ttlMs: 60_000,
    });
    const early = cache.get('k');
    cache.invalidate('k');
    // A reader after the change does not join the load that started before it.
    const late = cache.get('k');
    first.resolve('old');
    expect(await early).toBe('old');
    expect(await late).toBe('new');
    expect(await cache.get('k')).toBe('new');
  });

  it('serves the last known value when a reload fails as the owner allows, and never an invalidated one', async () => {
    let fail = false;
    const cache = new BusCache<string, string | null>({
      load: async (key) => {
        if (fail) throw unavailable;
        return key === 'known' ? 'identity' : null;
      },
      ttlMs: 0,
      serveLastKnown: (err, last) => last !== null && err === unavailable,
    });
    expect(await cache.get('known')).toBe('identity');
    expect(await cache.get('unknown')).toBeNull();
    fail = true;
    expect(await cache.get('known')).toBe('identity');
    await expect(cache.get('unknown')).rejects.toBe(unavailable);
    cache.invalidate('known');
    await expect(cache.get('known')).rejects.toBe(unavailable);
  });

  it('drops what a predicate picks, bounds its size, and follows a bus channel', async () => {
    let version = 0;
    const cache = new BusCache<string, { key: string; version: number }>({
      load: async (key) => ({ key, version: ++version }),
      ttlMs: 60_000,
      maxEntries: 2,
    });
    const bus = memoryBus();
    await cache.follow(bus as unknown as EventBus, 'changes', (message) => {
      const change = readConfigChange(message);
      if (change?.resourceKey) cache.invalidate(change.resourceKey);
      if (message === 'boom') throw new Error('unreadable');
    });
    const a1 = await cache.get('a');
    const b1 = await cache.get('b');
    cache.invalidateWhere((value) => value.key === 'b');
    expect(await cache.get('a')).toBe(a1);
    expect(await cache.get('b')).not.toBe(b1);
    bus.publish('changes', JSON.stringify({ resourceKey: 'a' }));
    const a2 = await cache.get('a');
    expect(a2).not.toBe(a1);
    // An unreadable message may have been the change to anything kept: everything goes.
    bus.publish('changes', 'boom');
    expect(await cache.get('a')).not.toBe(a2);
    // Two entries at most: a third key pushes out the oldest.
    const before = version;
    await cache.get('c');
    await cache.get('d');
    await cache.get('a');
    expect(version).toBe(before + 3);
    expect(readConfigChange('not json')).toBeNull();
  });

  it('serves a value past refreshAfterMs while one background load replaces it', async () => {
    const answers: ReturnType<typeof deferred<number>>[] = [];
    const cache = new BusCache<string, number>({
      load: () => {
        const d = deferred<number>();
        answers.push(d);
        return d.promise;
      },
      ttlMs: Number.POSITIVE_INFINITY,
      refreshAfterMs: 20,
    });
    expect(cache.peek('k')).toBeUndefined();
    const first = cache.get('k');
    answers[0]!.resolve(1);
    expect(await first).toBe(1);
    expect(cache.peek('k')).toEqual({ value: 1 });
    expect(answers).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 30));
    // Due: still answered at once, and a single reload starts however many callers ask.
    expect(await cache.get('k')).toBe(1);
    expect(cache.peek('k')).toEqual({ value: 1 });
    expect(answers).toHaveLength(2);
    answers[1]!.resolve(2);
    await new Promise((r) => setImmediate(r));
    expect(cache.peek('k')).toEqual({ value: 2 });
    expect(answers).toHaveLength(2);
  });
});
