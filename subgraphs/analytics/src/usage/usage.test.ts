import { startTestStack, type TestStack, until } from '@switchyard/testkit';
import { Client } from 'pg';

const DAY = 24 * 3600_000;

interface Usage {
  flagKey: string;
  days: number;
  evaluations: number;
  lastEvaluatedAt: string | null;
  variations: { variation: string; evaluations: number }[];
  daily: { date: string; variation: string; evaluations: number }[];
}

const USAGE = `query Usage($key: String!, $days: Int, $env: String) {
  flag(key: $key) { key usage(days: $days, environment: $env) { flagKey days evaluations lastEvaluatedAt
    variations { variation evaluations } daily { date variation evaluations } } }
}`;

const evaluation = (
  id: string,
  flagKey: string,
  variant: string,
  count: number,
  at: number,
  environment = 'production',
) => ({
  eventId: id,
  type: 'EVALUATION',
  userKey: `server:${environment}`,
  eventName: flagKey,
  variant,
  value: count,
  properties: { environment },
  timestamp: new Date(at).toISOString(),
});

describe('flag usage through the gateway', () => {
  let stack: TestStack;
  let db: Client;
  const now = Date.now();
  const usage = async (key: string, days?: number, env?: string) =>
    (await stack.gqlOk<{ flag: { usage: Usage } }>(USAGE, { key, days, env })).flag.usage;
  const track = (events: unknown[], token?: string) =>
    stack.gqlOk<{ trackEvents: { accepted: number; rejected: number } }>(
      'mutation($e: [EventInput!]!) { trackEvents(events: $e) { accepted rejected } }',
      { e: events },
      token ? { token } : {},
    );

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    db = new Client({ connectionString: stack.db.url });
    await db.connect();
    for (const key of ['busy', 'single', 'unused', 'young']) {
      await stack.gqlOk(`mutation { createFlag(input: { key: "${key}", name: "${key}" }) { key } }`);
    }
    // Staleness needs flags older than the period; only `young` is new.
    await db.query(`UPDATE flags.flags SET created_at = now() - interval '40 days' WHERE key <> 'young'`);
    const events = [];
    for (let d = 0; d < 10; d++) {
      events.push(evaluation(`busy-on-${d}`, 'busy', 'on', 10 + d, now - d * DAY - 60_000));
      events.push(evaluation(`busy-off-${d}`, 'busy', 'off', 5, now - d * DAY - 60_000));
      events.push(evaluation(`single-${d}`, 'single', 'on', 100, now - d * DAY - 60_000));
    }
    events.push(evaluation('busy-staging', 'busy', 'on', 7, now - 60_000, 'staging'));
    events.push(evaluation('young-1', 'young', 'on', 1, now - 60_000));
    expect((await track(events)).trackEvents).toEqual({ accepted: 32, rejected: 0 });
  }, 180_000);
  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  it('counts evaluations per variation per day, with the last evaluation time', async () => {
    const all = await usage('busy');
    expect(all.evaluations).toBe(10 * 5 + (10 + 11 + 12 + 13 + 14 + 15 + 16 + 17 + 18 + 19) + 7);
    expect(all.variations).toEqual([
      { variation: 'on', evaluations: 152 },
      { variation: 'off', evaluations: 50 },
    ]);
    expect(new Date(all.lastEvaluatedAt!).getTime()).toBe(now - 60_000);
    const production = await usage('busy', 3, 'production');
    expect(production.daily.filter((d) => d.variation === 'on').map((d) => d.evaluations)).toEqual([
      12, 11, 10,
    ]);
    expect(production.daily.map((d) => d.date)).toEqual([...production.daily.map((d) => d.date)].sort());
    expect((await usage('unused')).evaluations).toBe(0);
    expect((await usage('unused')).lastEvaluatedAt).toBeNull();
  });

  it('takes evaluation counts the flags subgraph publishes on the bus, once per window', async () => {
    const windowStart = new Date(now - 120_000).toISOString();
    const message = JSON.stringify([
      {
        environment: 'production',
        flagKey: 'unused',
        variation: 'on',
        count: 3,
        windowStart,
        windowEnd: new Date(now - 60_000).toISOString(),
      },
    ]);
    await db.query('SELECT pg_notify($1, $2)', ['switchyard_evaluations', message]);
    await db.query('SELECT pg_notify($1, $2)', ['switchyard_evaluations', message]);
    const deadline = Date.now() + 10_000;
    while ((await usage('unused')).evaluations === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    expect((await usage('unused')).evaluations).toBe(3);
    await db.query(`DELETE FROM analytics.flag_usage_daily WHERE flag_key = 'unused'`);
  });

  it('counts two processes’ windows of the same start, each once, and windows of long keys', async () => {
    const long = `l${'o'.repeat(120)}ng`;
    for (const key of ['twice', long]) {
      await stack.gqlOk('mutation($k: String!) { createFlag(input: { key: $k, name: "x" }) { key } }', {
        k: key,
      });
    }
    const windowStart = new Date(now - 120_000).toISOString();
    const windowEnd = new Date(now - 60_000).toISOString();
    const row = (flagKey: string, variation: string, count: number, counter: string) => ({
      environment: 'production',
      flagKey,
      variation,
      count,
      windowStart,
      windowEnd,
      counter,
    });
    // Two gateways closed a window in the same millisecond; the first also re-sent its row.
    const first = JSON.stringify([row('twice', 'on', 3, 'gatewayA')]);
    const second = JSON.stringify([row('twice', 'on', 4, 'gatewayB')]);
    // An id of 211 characters before it is shortened: stored, not rejected.
    const longRow = JSON.stringify([row(long, 'v'.repeat(40), 5, 'gatewayA')]);
    for (const message of [first, second, first, longRow, longRow])
      await db.query('SELECT pg_notify($1, $2)', ['switchyard_evaluations', message]);
    await until('both windows and the long one counted', async () =>
      (await usage('twice')).evaluations === 7 && (await usage(long)).evaluations === 5 ? true : null,
    );
    // The re-sent windows are not counted again.
    await new Promise((r) => setTimeout(r, 500));
    expect((await usage('twice')).evaluations).toBe(7);
    expect((await usage(long)).variations).toEqual([{ variation: 'v'.repeat(40), evaluations: 5 }]);
  });

  it('counts an SDK key’s evaluations in the key’s environment', async () => {
    const key = await stack.createApiKey('client', { environment: 'staging' });
    const sent = await track(
      [
        {
          eventId: 'sdk-1',
          type: 'EVALUATION',
          userKey: 'browser',
          eventName: 'young',
          variant: 'on',
          value: 4,
        },
      ],
      key.secret,
    );
    expect(sent.trackEvents.accepted).toBe(1);
    expect((await usage('young', 30, 'staging')).evaluations).toBe(4);
    const elsewhere = await track(
      [evaluation('sdk-2', 'young', 'on', 4, now - 60_000, 'production')],
      key.secret,
    );
    expect(elsewhere.trackEvents).toEqual({ accepted: 0, rejected: 1 });
  });

  it('lists flags nobody evaluated or that served one variation for the period', async () => {
    const data = await stack.gqlOk<{
      staleFlags: { flag: { key: string; name: string }; reason: string; variation: string | null }[];
    }>('{ staleFlags(days: 7) { flag { key name } reason variation lastEvaluatedAt } }');
    const byKey = Object.fromEntries(data.staleFlags.map((s) => [s.flag.key, s]));
    expect(Object.keys(byKey).sort()).toEqual(['single', 'unused']);
    expect(byKey.single).toMatchObject({
      reason: 'SINGLE_VARIATION',
      variation: 'on',
      flag: { name: 'single' },
    });
    expect(byKey.unused).toMatchObject({ reason: 'NOT_EVALUATED', variation: null });
  });

  it('refuses a period outside 1–365 days', async () => {
    const body = await stack.gql('{ staleFlags(days: 0) { reason } }');
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
