import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';
import { Client } from 'pg';

const TRACK = `mutation Track($events: [EventInput!]!) {
  trackEvents(events: $events) { accepted duplicates rejected results { eventId accepted duplicate reason } }
}`;

interface TrackPayload {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: { eventId: string; accepted: boolean; duplicate: boolean; reason: string | null }[];
}
type Track = { trackEvents: TrackPayload };

// The rollup lock of RollupRepository.applyBatch (as metrics.test.ts holds it).
const ROLLUP_LOCK = '7311992101';

const exposure = (eventId: string, userKey: string, variant = 'control') => ({
  eventId,
  type: 'EXPOSURE',
  userKey,
  experimentKey: 'exp-x',
  variant,
});

describe('event ingestion through the gateway', () => {
  let stack: TestStack;
  const exposures = async () =>
    (await stack.gqlOk<{ experiment: { exposures: number } }>('{ experiment(key: "exp-x") { exposures } }'))
      .experiment.exposures;
  const postEvents = async (body: string, headers: Record<string, string>) => {
    const res = await fetch(`${stack.gatewayUrl}/events`, { method: 'POST', headers, body });
    return { status: res.status, body: (await res.json()) as TrackPayload & { error?: { code: string } } };
  };

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    await stack.gqlOk(
      `mutation { createFlag(input: { key: "f", name: "F", variations: [{ key: "control", value: false }, { key: "treatment", value: true }] }) { key } }`,
    );
    await stack.gqlOk(
      `mutation { createExperiment(input: { key: "exp-x", name: "X", environment: "production", flagKey: "f",
        variants: [{ key: "control", weight: 50 }, { key: "treatment", weight: 50 }] }) { key } }`,
    );
  }, 180_000);
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
    const again = await stack.gqlOk<Track>(TRACK, { events: [exposure('e2', 'u2', 'treatment')] });
    expect(again.trackEvents.results).toEqual([
      { eventId: 'e2', accepted: true, duplicate: true, reason: null },
    ]);
    expect(await exposures()).toBe(2);
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
        { ...exposure('no-exp', 'u9'), experimentKey: 'nope' },
        { ...exposure('bad-variant', 'u9'), variant: 'purple' },
        { eventId: 'eval-bad', type: 'EVALUATION', userKey: 'sdk', eventName: 'f', variant: 'on', value: -1 },
      ],
    });
    const reasons = Object.fromEntries(data.trackEvents.results.map((r) => [r.eventId, r.reason]));
    expect(reasons['ok-1']).toBeNull();
    expect(reasons.future).toMatch(/future/);
    expect(reasons.old).toMatch(/older than 30 days/);
    expect(reasons.big).toMatch(/8 KB/);
    expect(reasons['no-name']).toMatch(/eventName/);
    expect(reasons['no-exp']).toMatch(/experiment "nope" does not exist/);
    expect(reasons['bad-variant']).toMatch(/variant "purple" is not a variant/);
    expect(reasons['eval-bad']).toMatch(/non-negative integer/);
    expect(data.trackEvents).toMatchObject({ accepted: 1, rejected: 7 });
  });

  it('rebuilds a production experiment’s rollups only for callers who may write it there', async () => {
    const recompute = 'mutation { recomputeRollups(experimentKey: "exp-x") { experimentKey } }';
    const editor = await stack.createUser('editor');
    const trusted = await stack.createUser('editor', { production: true });
    // events:write used to be enough: any editor (and a token with it) rebuilt production results.
    for (const [token, permission] of [
      [(await stack.createUser('viewer')).token, 'experiments:write'],
      [editor.token, 'production'],
    ] as const) {
      const body = await stack.gql(recompute, {}, { token });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', permission });
    }
    const ok = await stack.gqlOk<{ recomputeRollups: { experimentKey: string } }>(
      recompute,
      {},
      { token: trusted.token },
    );
    expect(ok.recomputeRollups.experimentKey).toBe('exp-x');
    const missing = await stack.gql('mutation { recomputeRollups(experimentKey: "nope") { experimentKey } }');
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses more than 1,000 events in one call', async () => {
    const events = Array.from({ length: 1001 }, (_, i) => exposure(`bulk-${i}`, `bulk-${i}`));
    const body = await stack.gql(TRACK, { events });
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
  });

  it('accepts POST /events as JSON and as text/plain (sendBeacon), with per-event results', async () => {
    const auth = { authorization: `Bearer ${await stack.adminToken()}` };
    const json = await postEvents(JSON.stringify({ events: [exposure('p1', 'p-user-1')] }), {
      ...auth,
      'content-type': 'application/json',
    });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ accepted: 1, rejected: 0 });

    // A bare array, a duplicate, and a value JSON turns into Infinity.
    const text = await postEvents(
      `[${JSON.stringify(exposure('p2', 'p-user-2', 'treatment'))}, ${JSON.stringify(exposure('p1', 'p-user-1'))},
        {"eventId": "inf", "type": "CUSTOM", "userKey": "p-user-2", "eventName": "x", "value": 1e999}]`,
      { ...auth, 'content-type': 'text/plain;charset=UTF-8' },
    );
    expect(text.status).toBe(200);
    expect(text.body).toMatchObject({ accepted: 1, duplicates: 1, rejected: 1 });
    expect(text.body.results.map((r) => r.eventId)).toEqual(['p2', 'p1', 'inf']);
    expect(text.body.results[2]!.reason).toMatch(/finite/);
    expect(await exposures()).toBe(5);
  });

  it('authenticates POST /events with an SDK key in the query string, as a beacon must', async () => {
    const key = await stack.createApiKey('client', { environment: 'production' });
    const res = await postEvents(JSON.stringify({ events: [exposure('k1', 'k-user')] }), {
      'content-type': 'text/plain',
    });
    expect(res.status).toBe(401);
    const url = `${stack.gatewayUrl}/events?apiKey=${encodeURIComponent(key.secret)}`;
    const ok = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify([exposure('k1', 'k-user')]),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ accepted: 1 });
  });

  it('refuses an unreadable or oversized POST /events body', async () => {
    const auth = { authorization: `Bearer ${await stack.adminToken()}`, 'content-type': 'text/plain' };
    expect((await postEvents('not json', auth)).status).toBe(400);
    // JSON, but neither a batch nor an array of events.
    expect((await postEvents('{"event": {"eventId": "x"}}', auth)).status).toBe(400);
    expect((await postEvents('42', auth)).status).toBe(400);
    const many = JSON.stringify(Array.from({ length: 1001 }, (_, i) => exposure(`m-${i}`, `m-${i}`)));
    const res = await postEvents(many, auth);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('BAD_USER_INPUT');
  });

  it('stores a batch of events with large properties, within the limits, whatever its size', async () => {
    // 400 events of 7 KB of properties: under the 1,000 events and 8 KB each, 2.8 MB in all.
    const properties = { note: 'x'.repeat(7000) };
    const events = Array.from({ length: 400 }, (_, i) => ({
      eventId: `large-${i}`,
      type: 'CUSTOM',
      userKey: `large-${i}`,
      eventName: 'note',
      properties,
    }));
    const auth = { authorization: `Bearer ${await stack.adminToken()}`, 'content-type': 'application/json' };
    const res = await postEvents(JSON.stringify({ events }), auth);
    expect({ status: res.status, accepted: res.body.accepted }).toEqual({ status: 200, accepted: 400 });
  });

  it('announces changed results on the bus, for the gateway’s experimentResultsUpdated', async () => {
    const client = new Client({ connectionString: stack.db.url });
    await client.connect();
    try {
      const notices: string[] = [];
      client.on('notification', (n) => notices.push(n.payload ?? ''));
      await client.query('LISTEN switchyard_experiment_results');
      await stack.gqlOk(TRACK, { events: [exposure('n1', 'n-user'), exposure('n2', 'n-user-2')] });
      const deadline = Date.now() + 5000;
      while (notices.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(notices.map((n) => JSON.parse(n))).toEqual([{ experimentKey: 'exp-x' }]);
    } finally {
      await client.end();
    }
  });

  it('stores exposures the experiments subgraph publishes on the bus', async () => {
    const client = new Client({ connectionString: stack.db.url });
    await client.connect();
    try {
      const message = {
        eventId: 'exposure:exp-x:bus-user',
        experimentKey: 'exp-x',
        variant: 'treatment',
        userKey: 'bus-user',
        timestamp: new Date().toISOString(),
      };
      await client.query('SELECT pg_notify($1, $2)', ['switchyard_exposures', JSON.stringify(message)]);
      const deadline = Date.now() + 10_000;
      while ((await exposures()) < 9 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await exposures()).toBe(9);
    } finally {
      await client.end();
    }
  });

  it('answers each malformed POST /events item with a reason and stores the well-formed ones', async () => {
    const auth = { authorization: `Bearer ${await stack.adminToken()}`, 'content-type': 'application/json' };
    const before = await exposures();
    const res = await postEvents(
      JSON.stringify([
        exposure('shape-ok-1', 'shape-user-1'),
        42,
        'an event',
        null,
        [exposure('nested', 'shape-user-9')],
        { ...exposure('no-type', 'shape-user-9'), type: undefined },
        { ...exposure('bad-type', 'shape-user-9'), type: 'CLICK' },
        { ...exposure('user-number', 'shape-user-9'), userKey: 7 },
        { eventId: 12, type: 'CUSTOM', userKey: 'shape-user-9' },
        { eventId: 'value-string', type: 'CUSTOM', userKey: 'shape-user-9', eventName: 'x', value: '12' },
        { ...exposure('bad-time', 'shape-user-9'), timestamp: 'yesterday' },
        { ...exposure('time-object', 'shape-user-9'), timestamp: { at: 1 } },
        { ...exposure('extra-field', 'shape-user-9'), colour: 'red' },
        { ...exposure('variant-array', 'shape-user-9'), variant: ['control'] },
        exposure('shape-ok-2', 'shape-user-2', 'treatment'),
      ]),
      auth,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 0, rejected: 13 });
    const results = res.body.results;
    expect(results.map((r) => r.eventId)).toEqual([
      'shape-ok-1',
      '',
      '',
      '',
      '',
      'no-type',
      'bad-type',
      'user-number',
      '12',
      'value-string',
      'bad-time',
      'time-object',
      'extra-field',
      'variant-array',
      'shape-ok-2',
    ]);
    expect(results.map((r) => r.accepted)).toEqual([true, ...Array(13).fill(false), true]);
    const reasons = results.map((r) => r.reason);
    expect(reasons[1]).toBe('events[1] must be an object, not a number');
    expect(reasons[2]).toBe('events[2] must be an object, not a string');
    expect(reasons[3]).toBe('events[3] must be an object, not null');
    expect(reasons[4]).toBe('events[4] must be an object, not an array');
    expect(reasons[5]).toMatch(/^type must be one of EXPOSURE, CONVERSION, CUSTOM, EVALUATION, not missing/);
    expect(reasons[6]).toMatch(/^type must be one of .*not "CLICK"/);
    expect(reasons[7]).toBe('userKey must be a string, not a number');
    expect(reasons[8]).toBe('eventId must be a string, not a number');
    expect(reasons[9]).toBe('value must be a number, not a string');
    expect(reasons[10]).toBe('timestamp "yesterday" is not an ISO-8601 date-time');
    expect(reasons[11]).toBe('timestamp must be an ISO-8601 string, not an object');
    expect(reasons[12]).toMatch(/^events\[12\]\.colour is not a field of an event/);
    expect(reasons[13]).toBe('variant must be a string, not an array');
    expect(await exposures()).toBe(before + 2);
  });

  it('commits concurrent calls together and tells each which of its events it stored', async () => {
    const before = await exposures();
    // 12 calls at once: each has its own exposure, and all carry the same shared one.
    const calls = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        stack.gqlOk<Track>(TRACK, {
          events: [
            exposure(`group-own-${i}`, `group-user-${i}`),
            exposure('group-shared', 'group-shared-user'),
          ],
        }),
      ),
    );
    for (const { trackEvents } of calls) {
      expect(trackEvents.rejected).toBe(0);
      expect(trackEvents.results.find((r) => r.eventId.startsWith('group-own-'))).toMatchObject({
        accepted: true,
        duplicate: false,
      });
    }
    const shared = calls.map((c) => c.trackEvents.results.find((r) => r.eventId === 'group-shared')!);
    expect(shared.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(calls.reduce((n, c) => n + c.trackEvents.accepted, 0)).toBe(13);
    expect(await exposures()).toBe(before + 13);
  });

  it('a call the database refuses fails alone; the calls committed in its group are stored once', async () => {
    const client = new Client({ connectionString: stack.db.url });
    await client.connect();
    try {
      // A fault only PostgreSQL sees: a trigger refusing one event id.
      await client.query(`CREATE FUNCTION analytics.refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.event_id LIKE 'poison-%' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
      await client.query(`CREATE TRIGGER refuse_poison BEFORE INSERT ON analytics.events
        FOR EACH ROW EXECUTE FUNCTION analytics.refuse_poison()`);
      const before = await exposures();
      // Holding the rollup lock keeps the first call's transaction open, so the next calls are grouped together.
      await client.query('SELECT pg_advisory_lock($1)', [ROLLUP_LOCK]);
      const first = stack.gql(TRACK, { events: [exposure('iso-first', 'iso-user-first')] });
      await waitForLockWaiter(client);
      const calls = Array.from({ length: 8 }, (_, i) =>
        stack.gql(TRACK, {
          events: [
            exposure(i === 3 ? 'poison-3' : `iso-own-${i}`, `iso-user-${i}`),
            exposure('iso-shared', 'iso-shared-user'),
          ],
        }),
      );
      await new Promise((r) => setTimeout(r, 500));
      await client.query('SELECT pg_advisory_unlock($1)', [ROLLUP_LOCK]);
      const answers = await Promise.all([first, ...calls]);
      expect(answers[0]!.errors).toBeUndefined();
      const ok = answers.slice(1).filter((_a, i) => i !== 3);
      for (const answer of ok) expect(answer.errors).toBeUndefined();
      expect(answers[4]!.errors).toBeDefined();
      const tracked = ok.map((a) => (a.data as Track).trackEvents);
      expect(tracked.reduce((n, t) => n + t.accepted, 0)).toBe(7 + 1);
      expect(
        tracked.flatMap((t) => t.results).filter((r) => r.eventId === 'iso-shared' && !r.duplicate),
      ).toHaveLength(1);
      // iso-first, seven own exposures and the shared one; nothing of the refused call.
      expect(await exposures()).toBe(before + 9);
      const stored = await client.query(
        `SELECT count(*)::int AS n FROM analytics.events WHERE event_id LIKE 'iso-%' OR event_id LIKE 'poison-%'`,
      );
      expect(stored.rows[0].n).toBe(9);
    } finally {
      await client.query('DROP TRIGGER IF EXISTS refuse_poison ON analytics.events').catch(() => undefined);
      await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      await client.end();
    }
  });
});

/** Waits until a session waits for the rollup lock (the first call's transaction is inside it). */
async function waitForLockWaiter(client: Client): Promise<void> {
  for (;;) {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
    );
    if (rows[0].n > 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
