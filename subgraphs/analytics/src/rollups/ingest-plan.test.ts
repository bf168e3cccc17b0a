import { startTestStack, type TestStack } from '@switchyard/testkit';
import { Client } from 'pg';

// Ingestion's per-user probes (a user's stored metric values, a user's metric events) must go by
// user. On tables that grow from empty the planner's statistics lag, and it took the value index
// of the results (experiment, metric, period, value) and the guards' name-and-time index instead:
// each probe then read every value of the metric, or every event of that name in the window, and
// the rollup transaction grew with the table (1-3 s per batch at 20,000 users, 2,500 events/s).
// PostgreSQL's own index usage counters show which index served the ingest.

const NOT_FOR_INGEST = ['user_metric_values_value', 'user_metric_pre_values_value', 'events_name_time'];

describe('ingestion probes users by user', () => {
  let stack: TestStack;
  let pg: Client;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    pg = new Client({ connectionString: stack.db.url });
    await pg.connect();
    await stack.gqlOk(
      `mutation { createFlag(input: { key: "f", name: "F", variations: [{ key: "control", value: false }, { key: "treatment", value: true }] }) { key } }`,
    );
    for (const m of [
      '{ key: "purchase", name: "Purchase", kind: CONVERSION, eventName: "purchase" }',
      '{ key: "revenue", name: "Revenue", kind: MEAN, eventName: "purchase" }',
      '{ key: "views", name: "Views", kind: COUNT, eventName: "view" }',
    ]) {
      await stack.gqlOk(`mutation { createMetric(input: ${m}) { key } }`);
    }
    await stack.gqlOk(
      `mutation { createExperiment(input: { key: "exp", name: "E", environment: "production", flagKey: "f",
        variants: [{ key: "control", weight: 50 }, { key: "treatment", weight: 50 }], primaryMetric: "purchase" }) { key } }`,
    );
  }, 120_000);
  afterAll(async () => {
    await pg?.end();
    await stack?.stop();
  });

  it('uses neither the value indexes nor the name-and-time index while ingesting', async () => {
    const token = await stack.adminToken();
    const now = Date.now();
    // As the ingestion benchmark: each batch exposes new users, whose earlier events (CUPED's
    // pre-period) are looked up, and adds metric events of users exposed before.
    for (let b = 0; b < 12; b++) {
      const events: object[] = [];
      const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
      for (let i = 0; i < 100; i++) {
        const user = `u-${b}-${i}`;
        events.push({
          eventId: `pv-${user}`,
          type: 'CUSTOM',
          userKey: user,
          eventName: 'view',
          timestamp: at(30),
        });
        events.push({
          eventId: `x-${user}`,
          type: 'EXPOSURE',
          userKey: user,
          experimentKey: 'exp',
          variant: i % 2 ? 'treatment' : 'control',
          timestamp: at(20),
        });
      }
      const earlier = (i: number) => `u-${Math.max(0, b - 1 - (i % 5))}-${(i * 7) % 100}`;
      for (let i = 0; i < 200; i++) {
        events.push({
          eventId: `v-${b}-${i}`,
          type: 'CUSTOM',
          userKey: earlier(i),
          eventName: 'view',
          timestamp: at(10),
        });
      }
      for (let i = 0; i < 100; i++) {
        events.push({
          eventId: `p-${b}-${i}`,
          type: 'CONVERSION',
          userKey: earlier(i * 3),
          eventName: 'purchase',
          value: 10 + (i % 40),
          timestamp: at(5),
        });
      }
      const res = await fetch(`${stack.gatewayUrl}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ events }),
      });
      const body = (await res.json()) as { accepted?: number };
      expect({ status: res.status, accepted: body.accepted }).toEqual({ status: 200, accepted: 500 });
    }
    // The service's backends report their counters when idle (at most a second later); wait until
    // the ingest's own index (events by user) shows up, then read the others.
    let scans: Record<string, number> = {};
    for (let i = 0; i < 100 && !(scans.events_user_metric! > 0); i++) {
      await new Promise((r) => setTimeout(r, 200));
      const { rows } = await pg.query<{ name: string; scans: string }>(
        `SELECT indexrelname AS name, idx_scan AS scans FROM pg_stat_user_indexes WHERE schemaname = 'analytics'`,
      );
      scans = Object.fromEntries(rows.map((r) => [r.name, Number(r.scans)]));
    }
    expect(scans.events_user_metric).toBeGreaterThan(0);
    expect(Object.fromEntries(NOT_FOR_INGEST.map((name) => [name, scans[name]]))).toEqual(
      Object.fromEntries(NOT_FOR_INGEST.map((name) => [name, 0])),
    );
  }, 120_000);
});
