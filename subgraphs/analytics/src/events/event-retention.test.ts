import { startTestStack, type TestStack } from '@switchyard/testkit';

// Issue 17: raw events older than RAW_EVENT_RETENTION_DAYS are deleted in batches by a scheduled job,
// reported in the graph; what was rolled up from them (here Flag.usage) remains.

type Report = {
  rawEventDays: number;
  lastRunAt: string | null;
  lastCutoff: string | null;
  totalDeleted: number;
  oldestEventAt: string | null;
};
const REPORT = '{ eventRetention { rawEventDays lastRunAt lastCutoff totalDeleted oldestEventAt } }';
const TRACK = `mutation($events: [EventInput!]!) { trackEvents(events: $events) { accepted } }`;
const USAGE = '{ flag(key: "kept") { usage(days: 1, environment: "production") { evaluations } } }';

describe('raw event retention', () => {
  let stack: TestStack;
  const windowDays = 2 / 86_400; // two seconds

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags', 'analytics'],
      env: {
        RAW_EVENT_RETENTION_DAYS: String(windowDays),
        RETENTION_INTERVAL_MS: '500',
        RETENTION_BATCH_SIZE: '2',
      },
    });
    await stack.gqlOk('mutation { createFlag(input: { key: "kept", name: "Kept" }) { key } }');
  }, 120_000);
  afterAll(() => stack?.stop());

  it('deletes events older than the window in batches, reports it, and keeps the rollups', async () => {
    const ids = Array.from({ length: 5 }, (_, i) => `retained-${i}`);
    const tracked = await stack.gqlOk<{ trackEvents: { accepted: number } }>(TRACK, {
      events: ids.map((eventId) => ({
        eventId,
        type: 'EVALUATION',
        userKey: 'server:production',
        eventName: 'kept',
        variant: 'on',
        value: 3,
        properties: { environment: 'production' },
      })),
    });
    expect(tracked.trackEvents.accepted).toBe(5);
    const before = (await stack.gqlOk<{ flag: { usage: { evaluations: number } } }>(USAGE)).flag.usage
      .evaluations;
    expect(before).toBe(15);

    let report: Report | null = null;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      report = (await stack.gqlOk<{ eventRetention: Report }>(REPORT)).eventRetention;
      if (report.totalDeleted >= 5) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(report?.totalDeleted).toBeGreaterThanOrEqual(5);
    expect(report?.rawEventDays).toBeCloseTo(windowDays, 10);
    expect(report?.lastRunAt).not.toBeNull();
    const left = await stack.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM analytics.events WHERE event_id = ANY($1)',
      [ids],
    );
    expect(Number(left[0]!.n)).toBe(0);
    // The usage rolled up from them stays.
    expect(
      (await stack.gqlOk<{ flag: { usage: { evaluations: number } } }>(USAGE)).flag.usage.evaluations,
    ).toBe(15);
  }, 60_000);

  it('is read by people (audit:read), not by SDK keys', async () => {
    const viewer = await stack.createUser('viewer');
    expect((await stack.gql(REPORT, {}, { token: viewer.token })).errors).toBeUndefined();
    const key = (await stack.createApiKey('server', { environment: 'production' })).secret;
    const refused = await stack.gql(REPORT, {}, { token: key });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
