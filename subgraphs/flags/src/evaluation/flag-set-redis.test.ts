import type { FlagSet } from '@switchyard/core';
import { requireRedis, startTestStack, type TestStack } from '@switchyard/testkit';
import { createRedisClient } from '@switchyard/server-kit';

describe('flag-set snapshots in Redis', () => {
  let stack: TestStack;
  let redis: ReturnType<typeof createRedisClient>;
  let key: string;
  const evaluate = async () =>
    (
      await stack.gqlOk<{ evaluate: { variation: string }[] }>(
        '{ evaluate(environment: "production", context: { key: "u1" }, keys: ["snap"]) { variation } }',
      )
    ).evaluate[0]!.variation;

  beforeAll(async () => {
    const redisUrl = await requireRedis();
    stack = await startTestStack({ subgraphs: ['flags'], redisUrl });
    redis = createRedisClient({ url: redisUrl });
    await redis.connect();
    key = `switchyard:flagset:${stack.db.name}:production`;
    await stack.gqlOk('mutation { createFlag(input: { key: "snap", name: "Snap" }) { key } }');
    await stack.gqlOk(`mutation { updateTargeting(key: "snap", environment: "production", expectedVersion: 1,
      input: { enabled: true, fallthrough: { variation: "on" } }) { key } }`);
  }, 120_000);
  afterAll(async () => {
    await redis?.del(key);
    await redis?.close();
    await stack?.stop();
  });

  it('stores each built flag set with the change sequence it reflects, replaced after a write', async () => {
    expect(await evaluate()).toBe('on');
    const first = JSON.parse((await redis.get(key))!) as FlagSet;
    expect(first.version).toBe(2);
    expect(first.flags.map((f) => f.key)).toEqual(['snap']);

    await stack.gqlOk(`mutation { updateTargeting(key: "snap", environment: "production", expectedVersion: 2,
      input: { fallthrough: { variation: "off" } }) { key } }`);
    expect(await evaluate()).toBe('off');
    const second = JSON.parse((await redis.get(key))!) as FlagSet;
    expect(second.version).toBe(3);
    expect(second.flags[0]!.environment.fallthrough).toEqual({ variation: 'off' });
  });

  it('rebuilds from a snapshot whose version is current, without reading the flags again', async () => {
    const snapshot = JSON.parse((await redis.get(key))!) as FlagSet;
    // Marked so we can tell the snapshot was used rather than Postgres.
    snapshot.flags[0]!.environment.fallthrough = { variation: 'on' };
    await redis.set(key, JSON.stringify(snapshot));
    await redis.publish(
      'switchyard_config_changes',
      JSON.stringify({
        seq: snapshot.version,
        environment: 'production',
        kind: 'X',
        resourceType: 'flag',
        resourceKey: 'snap',
        at: new Date().toISOString(),
      }),
    );
    let served = '';
    for (let i = 0; i < 50 && served !== 'on'; i++) {
      served = await evaluate();
      if (served !== 'on') await new Promise((r) => setTimeout(r, 100));
    }
    expect(served).toBe('on');
  });
});
