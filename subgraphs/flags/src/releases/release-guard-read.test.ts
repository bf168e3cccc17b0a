import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestStack, type TestStack } from '@switchyard/testkit';
import { Client } from 'pg';

// The executor reads a plan's guards from analytics before it opens the transition's transaction,
// so a slow analytics holds no row lock: a person's action on the plan goes through while a guard
// read is still waiting, and the reading (of the plan before that action) is then dropped. Analytics
// is a small GraphQL server started here, whose guard answers the test holds back.

const MINUTE = 60_000;
const PLAN = 'id status version events { kind }';

interface Held {
  respond(): void;
}

function fakeAnalytics(held: Held[]): Promise<Server> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { query } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string };
      const send = (data: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data }));
      };
      if (query.includes('flagVariationMetric')) {
        // Enough users, no errors: a healthy guard, answered when the test says so.
        held.push({
          respond: () =>
            send({
              flagVariationMetric: {
                kind: 'CONVERSION',
                higherIsBetter: false,
                variations: [{ variation: 'on', users: 5000, mean: 0, quantile: null }],
                comparison: null,
              },
            }),
        });
      } else send({ metric: { key: 'errors' } });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('release guards read outside the transition transaction (moved clock, slow analytics)', () => {
  let stack: TestStack;
  let db: Client;
  let analytics: Server;
  const held: Held[] = [];

  beforeAll(async () => {
    analytics = await fakeAnalytics(held);
    const { port } = analytics.address() as AddressInfo;
    stack = await startTestStack({
      subgraphs: ['flags'],
      externalSubgraphUrls: { analytics: `http://127.0.0.1:${port}/graphql` },
      env: { RELEASE_TEST_CLOCK: 'true', RELEASE_EXECUTOR_INTERVAL_MS: '100' },
    });
    db = new Client({ connectionString: stack.db.url });
    await db.connect();
  }, 120_000);
  afterAll(async () => {
    for (const h of held) h.respond();
    await db?.end();
    await stack?.stop();
    await new Promise((r) => analytics?.close(r));
  });

  it('lets a person pause a plan while its guard read waits, and drops that stale reading', async () => {
    await stack.gqlOk('mutation { createFlag(input: { key: "slow-guard", name: "Slow guard" }) { key } }');
    const { flag } = await stack.gqlOk<{ flag: { version: number } }>(
      '{ flag(key: "slow-guard") { version } }',
    );
    await stack.gqlOk(
      `mutation { updateTargeting(key: "slow-guard", environment: "production", expectedVersion: ${flag.version},
        input: { enabled: true, fallthrough: { variation: "off" } }) { version } }`,
    );
    const { createReleasePlan: plan } = await stack.gqlOk<{
      createReleasePlan: { id: string; version: number };
    }>(
      `mutation { createReleasePlan(input: { flagKey: "slow-guard", environment: "production", variation: "on",
        stages: [{ percent: 10, minDurationMinutes: 1 }, { percent: 100, minDurationMinutes: 1 }],
        guards: [{ metric: "errors", threshold: 0.05, minSample: 10 }] }) { id version } }`,
    );
    // The stage is over: the executor reads the guard, and analytics does not answer yet.
    await db.query('UPDATE flags.executor_clock SET offset_ms = offset_ms + $1', [2 * MINUTE]);
    while (held.length === 0) await new Promise((r) => setTimeout(r, 50));

    // Before, the read ran inside the transaction that held the plan's row: the pause waited until
    // the read was given up (5 s), and the executor first recorded the plan WAITING for its guard.
    const pause = stack.gqlOk<{ releasePlanAction: { status: string; version: number } }>(
      `mutation { releasePlanAction(id: "${plan.id}", action: PAUSE, expectedVersion: ${plan.version}) { status version } }`,
    );
    const paused = (await pause).releasePlanAction;
    expect(paused.status).toBe('PAUSED');

    // Analytics answers now, healthy: the reading is of the plan before the pause, so nothing advances.
    for (const h of held.splice(0)) h.respond();
    await new Promise((r) => setTimeout(r, 1000));
    const { releasePlan } = await stack.gqlOk<{
      releasePlan: { status: string; version: number; events: { kind: string }[] };
    }>(`{ releasePlan(id: "${plan.id}") { ${PLAN} } }`);
    expect(releasePlan.status).toBe('PAUSED');
    expect(releasePlan.version).toBe(paused.version);
    expect(releasePlan.events.map((e) => e.kind)).toEqual(['STARTED', 'PAUSED']);
  }, 120_000);
});
