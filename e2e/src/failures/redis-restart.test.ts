import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '@switchyard/infra';
import { requireRedis, startTestStack, type TestStack, type TestSubscription } from '@switchyard/testkit';

const CHANGED = 'subscription { configChanged(environment: "development") { seq resourceKey } }';
type Changed = { configChanged: { seq: number; resourceKey: string } };

/** A private Redis on a free loopback port, so restarting it disturbs nobody else's tests. */
function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start')), 10_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', () => reject(new Error('redis-server exited')));
  });
}

describe('Redis restarted while changes are being made', () => {
  let stack: TestStack;
  let redis: ChildProcess | null = null;
  let port = 0;
  let replicaUrl = '';

  beforeAll(async () => {
    await requireRedis(); // fails with the one-line hint when redis-server is missing
    port = await freePort();
    redis = await startRedis(port);
    stack = await startTestStack({
      subgraphs: ['flags'],
      redisUrl: `redis://127.0.0.1:${port}`,
      env: { SUBSCRIPTION_POLL_MS: '1000' },
    });
    replicaUrl = (await stack.addGateway('gateway-2')).graphqlUrl;
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    redis?.kill('SIGKILL');
  });

  it('delivers every change exactly once, in order, to subscribers of both replicas', async () => {
    const subs: TestSubscription<Changed>[] = [];
    for (const url of [stack.graphqlUrl, replicaUrl]) {
      for (let i = 0; i < 3; i++) subs.push(await stack.subscribe<Changed>(CHANGED, {}, { url }));
    }
    await new Promise((r) => setTimeout(r, 500));
    const keys: string[] = [];
    let restarted: Promise<void> = Promise.resolve();
    for (let i = 0; i < 60; i++) {
      if (i === 20) {
        redis!.kill('SIGKILL');
        // Back after 1.5 s, whatever the writes are doing meanwhile.
        restarted = new Promise<void>((r) => setTimeout(r, 1500)).then(async () => {
          redis = await startRedis(port);
        });
      }
      if (i >= 20 && i < 40) await new Promise((r) => setTimeout(r, 75));
      const key = `during-restart-${i}`;
      // Writes go on while Redis is away: the outbox holds the events until it returns.
      await stack.gqlOk(
        `mutation { createFlag(input: { key: "${key}", name: "${key}" }) { key } }`,
        {},
        {
          url: i % 2 ? replicaUrl : stack.graphqlUrl,
        },
      );
      keys.push(key);
    }
    await restarted;
    for (const sub of subs) {
      await sub.waitFor(60, 30_000);
      await new Promise((r) => setTimeout(r, 200));
      const seqs = sub.events.map((e) => e.data!.configChanged.seq);
      expect(sub.events.map((e) => e.data!.configChanged.resourceKey)).toEqual(keys);
      expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
      await sub.close();
    }
  }, 90_000);
});
