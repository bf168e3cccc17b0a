import { startTestStack, type TestStack } from '@switchyard/testkit';
import { Client } from 'pg';

const HOUR = 3600_000;
// The rollup lock of rollup.repository.ts: holding it from the test keeps a rebuild waiting.
const ROLLUP_LOCK = '7311992101';

interface Rebuild {
  status: string;
  metricVersion: number;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
}

describe('metrics through the gateway', () => {
  let stack: TestStack;
  let db: Client;
  const now = Date.now();

  const rebuild = async (key: string) =>
    (
      await stack.gqlOk<{ metric: { rebuild: Rebuild | null } }>(
        'query($key: String!) { metric(key: $key) { rebuild { status metricVersion attempts startedAt finishedAt } } }',
        { key },
      )
    ).metric.rebuild;
  const waitForRebuild = async (key: string, status: string[]) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const r = await rebuild(key);
      if (r && status.includes(r.status)) return r;
      if (Date.now() > deadline) throw new Error(`rebuild of ${key} is ${JSON.stringify(r)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const results = async (metric: string) =>
    (
      await stack.gqlOk<{
        experiment: {
          results: { stale: boolean; notes: string[]; variants: { users: number; mean: number }[] };
        };
      }>(
        'query($m: String!) { experiment(key: "exp-m") { results(metricKey: $m) { stale notes variants { users mean } } } }',
        { m: metric },
      )
    ).experiment.results;
  const createExperiment = (key: string, metrics: string) =>
    stack.gqlOk(
      `mutation { createExperiment(input: { key: "${key}", name: "M", environment: "production", flagKey: "f",
        variants: [{ key: "control", weight: 50 }, { key: "treatment", weight: 50 }], ${metrics} }) { key } }`,
    );

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags', 'experiments', 'analytics'],
      // A dead replica's rebuild is taken over after 1.5 s without a heartbeat.
      env: {
        METRIC_REBUILD_POLL_MS: '200',
        METRIC_REBUILD_HEARTBEAT_MS: '300',
        METRIC_REBUILD_STALE_MS: '1500',
      },
    });
    db = new Client({ connectionString: stack.db.url });
    await db.connect();
    await stack.gqlOk(
      `mutation { createFlag(input: { key: "f", name: "F", variations: [{ key: "control", value: false }, { key: "treatment", value: true }] }) { key } }`,
    );
    for (const key of ['views', 'used', 'archived-use', 'spare']) {
      await stack.gqlOk(
        `mutation { createMetric(input: { key: "${key}", name: "${key}", kind: COUNT, eventName: "view", conversionWindowHours: 24 }) { key } }`,
      );
    }
    await createExperiment('exp-m', 'primaryMetric: "views"');
    // Each user: exposed 5 h ago, one view 30 minutes later and two 3 hours later.
    const events = [0, 1, 2, 3].flatMap((i) => {
      const user = `m-user-${i}`;
      const exposed = now - 5 * HOUR;
      return [
        {
          eventId: `x-${user}`,
          type: 'EXPOSURE',
          userKey: user,
          experimentKey: 'exp-m',
          variant: i % 2 ? 'treatment' : 'control',
          timestamp: new Date(exposed).toISOString(),
        },
        ...[0.5, 3, 3.2].map((h, j) => ({
          eventId: `v-${user}-${j}`,
          type: 'CUSTOM',
          userKey: user,
          eventName: 'view',
          timestamp: new Date(exposed + h * HOUR).toISOString(),
        })),
      ];
    });
    await stack.gqlOk('mutation($e: [EventInput!]!) { trackEvents(events: $e) { accepted } }', { e: events });
    await waitForRebuild('views', ['DONE']);
  }, 180_000);
  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  it('refuses to delete a metric an experiment uses, archived ones included, naming them', async () => {
    await createExperiment('exp-uses', 'primaryMetric: "views", secondaryMetrics: ["used"]');
    await createExperiment('exp-old', 'primaryMetric: "views", guardrailMetrics: ["archived-use", "used"]');
    await stack.gqlOk('mutation { archiveExperiment(key: "exp-old") { key } }');

    const used = await stack.gql('mutation { deleteMetric(key: "used") }');
    expect(used.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      experiments: ['exp-uses', 'exp-old'],
    });
    expect(used.errors?.[0]?.message).toMatch(
      /^Metric "used" is used by experiments "exp-uses" \(DRAFT\), "exp-old" \(DRAFT, archived\); remove it/,
    );
    const archived = await stack.gql('mutation { deleteMetric(key: "archived-use") }');
    expect(archived.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', experiments: ['exp-old'] });
    expect(await stack.gqlOk('{ metric(key: "used") { key } }')).toEqual({ metric: { key: 'used' } });

    // Once no experiment names it, it goes.
    await stack.gqlOk(
      'mutation { updateExperiment(key: "exp-uses", expectedVersion: 1, input: { secondaryMetrics: [] }) { key } }',
    );
    const stillArchived = await stack.gql('mutation { deleteMetric(key: "used") }');
    expect(stillArchived.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      experiments: ['exp-old'],
    });
    expect(await stack.gqlOk('mutation { deleteMetric(key: "spare") }')).toEqual({ deleteMetric: true });
    const missing = await stack.gql('mutation { deleteMetric(key: "spare") }');
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('rebuilds a changed metric in the background, says so in results, and survives a restart', async () => {
    const before = await results('views');
    expect(before).toMatchObject({
      stale: false,
      variants: [
        { users: 2, mean: 3 },
        { users: 2, mean: 3 },
      ],
    });

    // While the test holds the rollup lock no rebuild can finish: the mutation must not wait for it.
    await db.query('SELECT pg_advisory_lock($1)', [ROLLUP_LOCK]);
    let locked = true;
    try {
      const updated = await stack.gqlOk<{ updateMetric: { version: number; rebuild: Rebuild } }>(
        'mutation { updateMetric(key: "views", expectedVersion: 1, input: { conversionWindowHours: 1 }) { version rebuild { status metricVersion } } }',
      );
      expect(updated.updateMetric.version).toBe(2);
      expect(['PENDING', 'RUNNING']).toContain(updated.updateMetric.rebuild.status);
      expect(updated.updateMetric.rebuild.metricVersion).toBe(2);

      const running = await waitForRebuild('views', ['RUNNING']);
      expect(running).toMatchObject({ attempts: 1, finishedAt: null });
      expect(running.startedAt).not.toBeNull();
      const stale = await results('views');
      expect(stale.stale).toBe(true);
      expect(stale.notes.join(' ')).toMatch(/metric "views" are being rebuilt/);
      // Still the old definition's numbers.
      expect(stale.variants.map((v) => v.mean)).toEqual([3, 3]);

      // The replica doing the rebuild dies; the restarted one takes the job over.
      const analytics = stack.services.get('analytics')!;
      await analytics.kill();
      analytics.start();
      await analytics.waitUntilReady(60_000);
      const deadline = Date.now() + 30_000;
      while ((await rebuild('views'))?.attempts !== 2 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await rebuild('views')).toMatchObject({ status: 'RUNNING', attempts: 2 });
      await db.query('SELECT pg_advisory_unlock($1)', [ROLLUP_LOCK]);
      locked = false;
    } finally {
      if (locked) await db.query('SELECT pg_advisory_unlock($1)', [ROLLUP_LOCK]);
    }

    const done = await waitForRebuild('views', ['DONE']);
    expect(done).toMatchObject({ metricVersion: 2, attempts: 2 });
    expect(done.finishedAt).not.toBeNull();
    const after = await results('views');
    // One view per user falls in the first hour now.
    expect(after).toMatchObject({
      stale: false,
      variants: [
        { users: 2, mean: 1 },
        { users: 2, mean: 1 },
      ],
    });
    expect(after.notes.join(' ')).not.toMatch(/rebuilt/);
    const { rows } = await db.query(
      `SELECT status, count(*)::int AS n FROM analytics.metric_rebuilds WHERE metric_key = 'views' GROUP BY status`,
    );
    expect(rows).toEqual([{ status: 'DONE', n: 2 }]);
  });
});
