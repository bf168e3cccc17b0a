import type { FlagSet } from '@switchyard/core';
import { createLogger } from '@switchyard/server-kit';
import { LiveFlagSets } from './live-flag-sets';

const logger = createLogger('test', 'silent');

/** A flag set whose one flag serves `variation` to everyone. */
function flagSet(environment: string, version: number, variation: string): FlagSet {
  return {
    environment,
    version,
    segments: [],
    flags: [
      {
        key: 'f',
        type: 'STRING',
        variations: [
          { key: 'a', value: 'a' },
          { key: 'b', value: 'b' },
        ],
        archived: false,
        version,
        environment: {
          enabled: true,
          offVariation: 'a',
          targets: [],
          rules: [],
          fallthrough: { variation },
          prerequisites: [],
        },
      },
    ],
  };
}

/** A loader whose answers the test releases one by one. */
function controlledLoader() {
  const calls: { environment: string; resolve: (s: FlagSet | null) => void; reject: (e: Error) => void }[] =
    [];
  const load = (environment: string) =>
    new Promise<FlagSet | null>((resolve, reject) => calls.push({ environment, resolve, reject }));
  return { load, calls };
}

const served = async (sets: LiveFlagSets, env = 'production') => {
  const { set, stale } = await sets.get(env);
  return { version: set?.snapshot.version ?? null, stale };
};

describe('LiveFlagSets', () => {
  it('loads an environment once for concurrent callers, and keeps it until invalidated', async () => {
    const loader = controlledLoader();
    const sets = new LiveFlagSets(loader.load, { logger });
    const first = Promise.all([served(sets), served(sets)]);
    expect(loader.calls).toHaveLength(1);
    loader.calls[0]!.resolve(flagSet('production', 1, 'a'));
    expect(await first).toEqual([
      { version: 1, stale: false },
      { version: 1, stale: false },
    ]);
    expect(await served(sets)).toEqual({ version: 1, stale: false });
    expect(loader.calls).toHaveLength(1);
  });

  it('answers null for an environment the loader does not know', async () => {
    const sets = new LiveFlagSets(async () => null, { logger });
    expect(await sets.get('nowhere')).toEqual({ set: null, stale: false });
  });

  it('never joins a build that started before a change, so a caller reads its own write', async () => {
    const loader = controlledLoader();
    const sets = new LiveFlagSets(loader.load, { logger, staleWaitMs: Number.POSITIVE_INFINITY });
    const cold = served(sets);
    sets.invalidate('production');
    const afterWrite = served(sets);
    expect(loader.calls).toHaveLength(2);
    loader.calls[0]!.resolve(flagSet('production', 1, 'a'));
    loader.calls[1]!.resolve(flagSet('production', 2, 'b'));
    expect(await cold).toEqual({ version: 1, stale: false });
    expect(await afterWrite).toEqual({ version: 2, stale: false });
    expect(await served(sets)).toEqual({ version: 2, stale: false });
  });

  it('drops only the environment a change names, and every one for a global change', async () => {
    let version = 0;
    const sets = new LiveFlagSets(async (env) => flagSet(env, ++version, 'a'), { logger });
    await sets.get('production');
    await sets.get('staging');
    sets.invalidate('staging');
    expect((await sets.get('production')).set?.snapshot.version).toBe(1);
    expect((await sets.get('staging')).set?.snapshot.version).toBe(3);
    sets.invalidate(null);
    expect((await sets.get('production')).set?.snapshot.version).toBe(4);
    expect((await sets.get('staging')).set?.snapshot.version).toBe(5);
  });

  it('serves the last known set, marked stale, while the source fails, and fresh once it answers', async () => {
    const loader = controlledLoader();
    const sets = new LiveFlagSets(loader.load, { logger, unreachableMs: 60_000 });
    const first = served(sets);
    loader.calls[0]!.resolve(flagSet('production', 1, 'a'));
    await first;
    sets.invalidate(null);
    const during = served(sets);
    loader.calls[1]!.reject(new Error('flags subgraph down'));
    expect(await during).toEqual({ version: 1, stale: true });
    // Within the unreachable window the last known set is served at once, a rebuild still tried.
    const next = served(sets);
    expect(await next).toEqual({ version: 1, stale: true });
    expect(loader.calls).toHaveLength(3);
    loader.calls[2]!.resolve(flagSet('production', 2, 'b'));
    await new Promise((r) => setImmediate(r));
    expect(await served(sets)).toEqual({ version: 2, stale: false });
  });

  it('throws when the source fails and no set was ever loaded', async () => {
    const sets = new LiveFlagSets(
      async () => {
        throw new Error('down');
      },
      { logger },
    );
    await expect(sets.get('production')).rejects.toThrow('down');
  });
});
