import { requireRedis, startTestStack, type TestStack } from '@switchyard/testkit';
import { assign, createExperiment, createFlag, createMetric, transition } from '../test-support';

// Exposures are published in batches (EventBus.publishMany); with Redis as the bus that is one pipeline.
describe('exposures over the Redis event bus', () => {
  let stack: TestStack;
  // Redis channels are shared by every stack on this machine: a key of our own keeps ours apart.
  const key = `redis-exp-${Date.now().toString(36)}`;

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags', 'experiments', 'analytics'],
      redisUrl: await requireRedis(),
    });
    await createMetric(stack, 'purchase');
    await createFlag(stack, 'redis-flag', ['control', 'treatment']);
    await createExperiment(stack, { key, flagKey: 'redis-flag' });
    await transition(stack, 'startExperiment', key);
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('delivers one exposure per first assignment of a concurrent burst to analytics', async () => {
    const users = Array.from({ length: 60 }, (_, i) => `redis-user-${i}`);
    const results = await Promise.all(users.map((u) => assign(stack, key, { key: u })));
    expect(results.every((r) => r.reason === 'ASSIGNED')).toBe(true);
    const exposures = async () =>
      (
        await stack.gqlOk<{ experiment: { exposures: number } }>(
          `{ experiment(key: "${key}") { exposures } }`,
        )
      ).experiment.exposures;
    const deadline = Date.now() + 15_000;
    let seen = await exposures();
    while (seen < users.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      seen = await exposures();
    }
    expect(seen).toBe(users.length);
  });
});
