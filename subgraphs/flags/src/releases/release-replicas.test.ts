// Two flags-subgraph replicas run the release executor on one database: 100 plans walk their stages with every
// transition made exactly once (claims are `FOR UPDATE SKIP LOCKED`), and when one replica is killed mid-plan the
// other takes its plans over, skipping nothing and applying nothing twice.

import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { startTestStack, type TestStack } from '@switchyard/testkit';
import { Client } from 'pg';

const MINUTE = 60_000;
const PLANS = 100;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('release executor on two replicas (moved clock)', () => {
  let stack: TestStack;
  let db: Client;
  let second: ChildProcess | null = null;

  const moveClock = (ms: number) =>
    db.query('UPDATE flags.executor_clock SET offset_ms = offset_ms + $1', [ms]);

  /** Waits until every plan is at `stage` (or, past the last stage, completed). */
  async function allAt(stage: number, status = 'ACTIVE'): Promise<void> {
    for (;;) {
      const { rows } = await db.query(
        'SELECT count(*)::int AS n FROM flags.release_plans WHERE stage_index = $1 AND status = $2',
        [stage, status],
      );
      if (rows[0].n === PLANS) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags'],
      env: { RELEASE_TEST_CLOCK: 'true', RELEASE_EXECUTOR_INTERVAL_MS: '100' },
    });
    db = new Client({ connectionString: stack.db.url });
    await db.connect();
    // The second replica: the same service, same settings and database, another port.
    const spec = stack.services.get('flags')!.spec;
    const port = await freePort();
    second = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...spec.env, FLAGS_PORT: String(port) },
      stdio: 'ignore',
    });
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${port}/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 180_000);
  afterAll(async () => {
    second?.kill('SIGKILL');
    await db?.end();
    await stack?.stop();
  });

  it('walks 100 plans with each transition made once, and one replica killed mid-plan is taken over', async () => {
    // Timers stopped while the plans are created: nothing is due until the clock moves.
    for (let i = 0; i < PLANS; i++) {
      const key = `rep-${i}`;
      await stack.gqlOk(`mutation { createFlag(input: { key: "${key}", name: "${key}" }) { key } }`);
      const { flag } = await stack.gqlOk<{ flag: { version: number } }>(
        `{ flag(key: "${key}") { version } }`,
      );
      await stack.gqlOk(
        `mutation { updateTargeting(key: "${key}", environment: "production", expectedVersion: ${flag.version},
          input: { enabled: true, fallthrough: { variation: "off" } }) { version } }`,
      );
      await stack.gqlOk(
        `mutation { createReleasePlan(input: { flagKey: "${key}", environment: "production", variation: "on", guards: [],
          stages: [{ percent: 10, minDurationMinutes: 10 }, { percent: 50, minDurationMinutes: 10 }, { percent: 100, minDurationMinutes: 10 }] }) { id } }`,
      );
    }
    await moveClock(11 * MINUTE);
    await allAt(1);
    // Killed as a crash would: its open transaction (if any) rolls back and its row locks go with its connections.
    second!.kill('SIGKILL');
    await moveClock(11 * MINUTE);
    await allAt(2);
    await moveClock(11 * MINUTE);
    await allAt(2, 'COMPLETED');

    const { rows: events } = await db.query<{ plan_id: string; kind: string; replica: string | null }>(
      `SELECT plan_id, kind, detail->>'replica' AS replica FROM flags.release_plan_events ORDER BY id`,
    );
    const perPlan = new Map<string, string[]>();
    for (const e of events) perPlan.set(e.plan_id, [...(perPlan.get(e.plan_id) ?? []), e.kind]);
    expect(perPlan.size).toBe(PLANS);
    for (const kinds of perPlan.values())
      expect(kinds).toEqual(['STARTED', 'ADVANCED', 'ADVANCED', 'COMPLETED']);
    // Both replicas made transitions of the first stage (before the kill); only the survivor after it.
    const firstAdvances = events.filter((e) => e.kind === 'ADVANCED').slice(0, PLANS);
    expect(new Set(firstAdvances.map((e) => e.replica)).size).toBe(2);
    const afterKill = events.filter((e) => e.kind === 'COMPLETED');
    expect(new Set(afterKill.map((e) => e.replica)).size).toBe(1);

    // One audited write per transition, on the plan and (start and advances) on the flag, none twice.
    const { rows: audit } = await db.query<{ resource_type: string; action: string; n: number }>(
      `SELECT resource_type, action, count(*)::int AS n FROM platform.audit_log WHERE action LIKE 'release_plan.%'
       GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(audit).toEqual([
      { resource_type: 'flag', action: 'release_plan.advanced', n: 2 * PLANS },
      { resource_type: 'flag', action: 'release_plan.started', n: PLANS },
      { resource_type: 'release_plan', action: 'release_plan.advanced', n: 2 * PLANS },
      { resource_type: 'release_plan', action: 'release_plan.completed', n: PLANS },
      { resource_type: 'release_plan', action: 'release_plan.started', n: PLANS },
    ]);
    // And every plan went through the same number of versioned writes.
    const { rows: versions } = await db.query<{ n: number }>(
      'SELECT count(DISTINCT version)::int AS n FROM flags.release_plans',
    );
    expect(versions[0]!.n).toBe(1);
  }, 300_000);
});
