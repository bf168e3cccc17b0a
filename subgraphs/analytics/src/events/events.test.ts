import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';

const TRACK = `mutation Track($events: [EventInput!]!) {
  trackEvents(events: $events) { accepted duplicates rejected results { eventId accepted duplicate reason } }
}`;

type Track = {
  trackEvents: {
    accepted: number;
    duplicates: number;
    rejected: number;
    results: { eventId: string; accepted: boolean; duplicate: boolean; reason: string | null }[];
  };
};

const exposure = (eventId: string, userKey: string, variant = 'control') => ({
  eventId,
  type: 'EXPOSURE',
  userKey,
  experimentKey: 'exp-x',
  variant,
});

describe('event ingestion through the gateway', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    await stack.gqlOk('mutation { createFlag(input: { key: "f", name: "F" }) { key } }');
    await stack.gqlOk(`mutation { createExperiment(input: { key: "exp-x", name: "X", environment: "production", flagKey: "f",
        variants: [{ key: "control", weight: 50 }, { key: "treatment", weight: 50 }] }) { key } }`);
  }, 120_000);
  afterAll(() => stack?.stop());

  it('counts unique exposed users, ignoring duplicate event ids and repeat exposures', async () => {
    const first = await stack.gqlOk<Track>(TRACK, {
      events: [
        exposure('e1', 'u1'),
        exposure('e2', 'u2', 'treatment'),
        exposure('e1', 'u1'),
        exposure('e3', 'u1'),
      ],
    });
    expect(first.trackEvents).toMatchObject({ accepted: 3, duplicates: 1, rejected: 0 });
    const again = await stack.gqlOk<Track>(TRACK, {
      events: [exposure('e2', 'u2', 'treatment')],
    });
    expect(again.trackEvents.results).toEqual([
      { eventId: 'e2', accepted: true, duplicate: true, reason: null },
    ]);
    const data = await stack.gqlOk<{ experiment: { exposures: number } }>(
      '{ experiment(key: "exp-x") { exposures } }',
    );
    expect(data.experiment.exposures).toBe(2);
  });

  it('rejects invalid events with a reason while storing the valid ones', async () => {
    const now = Date.now();
    const data = await stack.gqlOk<Track>(TRACK, {
      events: [
        exposure('ok-1', 'u9'),
        { ...exposure('future', 'u9'), timestamp: new Date(now + 10 * 60_000).toISOString() },
        { ...exposure('old', 'u9'), timestamp: new Date(now - 31 * 24 * 3600_000).toISOString() },
        { eventId: 'big', type: 'CUSTOM', userKey: 'u9', properties: { blob: 'x'.repeat(9000) } },
        { eventId: 'no-name', type: 'CONVERSION', userKey: 'u9' },
      ],
    });
    const reasons = Object.fromEntries(data.trackEvents.results.map((r) => [r.eventId, r.reason]));
    expect(reasons['ok-1']).toBeNull();
    expect(reasons.future).toMatch(/future/);
    expect(reasons.old).toMatch(/older than 30 days/);
    expect(reasons.big).toMatch(/8 KB/);
    expect(reasons['no-name']).toMatch(/eventName/);
    expect(data.trackEvents).toMatchObject({ accepted: 1, rejected: 4 });
  });

  it('refuses more than 1,000 events in one call', async () => {
    const events = Array.from({ length: 1001 }, (_, i) => exposure(`bulk-${i}`, `bulk-${i}`));
    const body = await stack.gql(TRACK, { events });
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
  });
});
