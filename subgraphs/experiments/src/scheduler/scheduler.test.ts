import { freePort, ServiceProcess } from '@switchyard/infra';
import { startTestStack, type TestStack } from '@switchyard/testkit';
import { Client } from 'pg';
import { createExperiment, createFlag, createMetric } from '../test-support';

const INTERVAL_MS = 200;

describe('scheduled start and stop with two experiments replicas', () => {
  let stack: TestStack;
  let replica: ServiceProcess;
  let db: Client;

  const status = async (key: string) =>
    (await db.query<{ status: string }>('SELECT status FROM experiments.experiments WHERE key = $1', [key]))
      .rows[0]?.status;
  const auditCount = async (key: string, action: string) =>
    Number(
      (
        await db.query<{ n: string }>(
          'SELECT count(*) AS n FROM platform.audit_log WHERE resource_key = $1 AND action = $2',
          [key, action],
        )
      ).rows[0]!.n,
    );
  async function waitFor(probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags', 'experiments', 'analytics'],
      env: { EXPERIMENT_SCHEDULER_INTERVAL_MS: String(INTERVAL_MS) },
    });
    // A second replica of the experiments subgraph on the same database: both schedulers poll.
    const first = stack.services.get('experiments')!.spec;
    const port = await freePort();
    replica = new ServiceProcess(
      {
        ...first,
        name: 'experiments-2',
        env: { ...first.env, EXPERIMENTS_PORT: String(port) },
        readyUrl: `http://127.0.0.1:${port}/ready`,
      },
      (service, line) => stack.logs.push(`${service}: ${line}`),
      () => {},
    );
    replica.start();
    await replica.waitUntilReady(60_000);
    db = new Client({ connectionString: stack.db.url });
    await db.connect();
    await createMetric(stack, 'purchase');
  }, 180_000);
  afterAll(async () => {
    await db?.end();
    await replica?.stop();
    await stack?.stop();
  });

  it('starts and completes each due experiment exactly once across replicas', async () => {
    const keys = Array.from({ length: 6 }, (_, i) => `scheduled-${i}`);
    // Flags first, so the time to their start is spent only on creating the experiments (a loaded
    // CI machine took more than a second and a half for all twelve writes).
    for (const key of keys) await createFlag(stack, `${key}-flag`, ['control', 'treatment']);
    const startsAt = new Date(Date.now() + 3000);
    const endsAt = new Date(startsAt.getTime() + 2500);
    for (const key of keys) {
      await createExperiment(stack, {
        key,
        flagKey: `${key}-flag`,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
      });
      if (key === keys[0]) expect(await status(key)).toBe('DRAFT');
    }
    await waitFor(async () => (await Promise.all(keys.map(status))).every((s) => s === 'RUNNING'));
    const started = await stack.gqlOk<{ experiment: { startedAt: string } }>(
      `{ experiment(key: "${keys[0]}") { startedAt } }`,
    );
    expect(new Date(started.experiment.startedAt).getTime()).toBeGreaterThanOrEqual(startsAt.getTime());
    await waitFor(async () => (await Promise.all(keys.map(status))).every((s) => s === 'COMPLETED'));
    // Let both schedulers poll a few more times: nothing may run twice.
    await new Promise((r) => setTimeout(r, INTERVAL_MS * 5));
    for (const key of keys) {
      expect(await auditCount(key, 'experiment.started')).toBe(1);
      expect(await auditCount(key, 'experiment.completed')).toBe(1);
      expect(await auditCount(`${key}-flag`, 'flag.experiment.attached')).toBe(1);
      expect(await auditCount(`${key}-flag`, 'flag.experiment.detached')).toBe(1);
    }
    // The schedule stops the experiment without deciding it: no winner, and the reason says why.
    const done = await stack.gqlOk<{ experiment: { winner: string | null; status: string } }>(
      `{ experiment(key: "${keys[0]}") { status winner completionReason } }`,
    );
    expect(done.experiment).toEqual({
      status: 'COMPLETED',
      winner: null,
      completionReason: 'SCHEDULE_ENDED',
    });
  });

  it('keeps a failing scheduled start as DRAFT with the reason, and retries it', async () => {
    await createFlag(stack, 'no-metric-flag', ['control', 'treatment']);
    await createExperiment(stack, {
      key: 'no-metric',
      flagKey: 'no-metric-flag',
      primaryMetric: null,
      startsAt: new Date(Date.now() - 1000).toISOString(),
    });
    await waitFor(async () => {
      const row = await db.query('SELECT schedule_error FROM experiments.experiments WHERE key = $1', [
        'no-metric',
      ]);
      return row.rows[0].schedule_error !== null;
    });
    const body = await stack.gqlOk<{ experiment: { status: string; scheduleError: string } }>(
      '{ experiment(key: "no-metric") { status scheduleError } }',
    );
    expect(body.experiment.status).toBe('DRAFT');
    expect(body.experiment.scheduleError).toMatch(/primary metric/);
  });

  it('runs transitions that fell due while every replica was down, once one comes back', async () => {
    await createFlag(stack, 'after-restart-flag', ['control', 'treatment']);
    await createExperiment(stack, {
      key: 'after-restart',
      flagKey: 'after-restart-flag',
      startsAt: new Date(Date.now() + 1500).toISOString(),
    });
    const original = stack.services.get('experiments')!;
    await Promise.all([original.stop(), replica.stop()]);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await status('after-restart')).toBe('DRAFT');
    original.start();
    await original.waitUntilReady(60_000);
    await waitFor(async () => (await status('after-restart')) === 'RUNNING');
    expect(await auditCount('after-restart', 'experiment.started')).toBe(1);
  });
});
