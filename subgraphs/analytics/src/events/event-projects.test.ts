import { errorCodes, startTestStack, type TestStack, until } from '@switchyard/testkit';

// Events per project (issue 19): a person's trackEvents (a user or TOKEN, bound to no project) stores its
// events in the project the call names (`project`), or each event names (`properties.project`): its exposures
// count for that project's experiment, its conversions are that project's. Nothing lands in the default
// project while another was named: an event naming another project than the call's, an unknown project or
// one the caller may not write events in is rejected with its reason. Through the gateway, against the
// flags, experiments and analytics subgraphs.

const TRACK = `mutation($events: [EventInput!]!, $project: String) {
  trackEvents(events: $events, project: $project) { accepted rejected results { eventId accepted reason } }
}`;

interface Tracked {
  accepted: number;
  rejected: number;
  results: { eventId: string; accepted: boolean; reason: string | null }[];
}

const exposure = (eventId: string, userKey: string, variant: string, properties?: object) => ({
  eventId,
  type: 'EXPOSURE',
  userKey,
  experimentKey: 'same-exp',
  variant,
  ...(properties ? { properties } : {}),
});

describe('events per project', () => {
  let stack: TestStack;
  const track = async (events: unknown[], project?: string, token?: string) =>
    (await stack.gqlOk<{ trackEvents: Tracked }>(TRACK, { events, project }, token ? { token } : {}))
      .trackEvents;
  const exposures = () =>
    stack.gqlOk<Record<'d' | 'c', { project: string; exposures: number }>>(
      `{ d: experiment(key: "same-exp") { project exposures }
         c: experiment(key: "same-exp", project: "checkout") { project exposures } }`,
    );
  const stored = async (eventId: string) =>
    (
      await stack.db.query<{ experiment_key: string | null; project: string | null }>(
        `SELECT experiment_key, properties ->> 'project' AS project FROM analytics.events WHERE event_id = $1`,
        [eventId],
      )
    )[0] ?? null;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    await stack.gqlOk(`mutation { createProject(input: { key: "checkout", name: "Checkout",
      environments: [{ key: "production" }] }) { key } }`);
    // The same flag and experiment key in both projects, with variants of their own.
    for (const [project, variants] of [
      ['default', ['control', 'treatment']],
      ['checkout', ['blue', 'green']],
    ] as const) {
      await stack.gqlOk('mutation($input: CreateFlagInput!) { createFlag(input: $input) { key } }', {
        input: {
          project,
          key: 'same-flag',
          name: 'Same flag',
          type: 'STRING',
          variations: variants.map((v) => ({ key: v, value: v })),
        },
      });
      await stack.gqlOk(
        'mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { key } }',
        {
          input: {
            project,
            key: 'same-exp',
            name: `Same (${project})`,
            environment: 'production',
            flagKey: 'same-flag',
            variants: variants.map((key) => ({ key, weight: 50 })),
          },
        },
      );
    }
  }, 180_000);
  afterAll(() => stack?.stop());

  it("counts a person's exposures for the project the call or the event names, never the default's", async () => {
    // Named by the call: checkout's experiment, whose variants are blue and green.
    const byCall = await track(
      [
        exposure('x-call', 'p1', 'blue'),
        { eventId: 'c-call', type: 'CONVERSION', userKey: 'p1', eventName: 'buy' },
      ],
      'checkout',
    );
    expect(byCall).toMatchObject({ accepted: 2, rejected: 0 });
    // Named by the event.
    const byEvent = await track([exposure('x-event', 'p2', 'green', { project: 'checkout' })]);
    expect(byEvent).toMatchObject({ accepted: 1, rejected: 0 });
    // Named by neither: the default project's experiment, whose variants are not checkout's.
    const neither = await track([exposure('x-default', 'p3', 'control'), exposure('x-wrong', 'p4', 'blue')]);
    expect(neither.results).toEqual([
      { eventId: 'x-default', accepted: true, reason: null },
      {
        eventId: 'x-wrong',
        accepted: false,
        reason: 'variant "blue" is not a variant of experiment "same-exp" (control, treatment)',
      },
    ]);

    expect(
      await until('exposures counted', async () => {
        const e = await exposures();
        return e.c.exposures === 2 && e.d.exposures === 1 ? e : undefined;
      }),
    ).toEqual({ d: { project: 'default', exposures: 1 }, c: { project: 'checkout', exposures: 2 } });
    // Stored under checkout's project-scoped key; the call's conversion is stamped with its project.
    expect(await stored('x-call')).toEqual({ experiment_key: 'checkout/same-exp', project: null });
    expect(await stored('x-event')).toEqual({ experiment_key: 'checkout/same-exp', project: 'checkout' });
    expect(await stored('x-default')).toEqual({ experiment_key: 'same-exp', project: null });
    expect(await stored('c-call')).toEqual({ experiment_key: null, project: 'checkout' });
  });

  it('rejects an event naming another project than the call, or an unknown one; NOT_FOUND for the call', async () => {
    const contradicting = await track(
      [
        exposure('x-other', 'p5', 'control', { project: 'default' }),
        {
          eventId: 'c-other',
          type: 'CONVERSION',
          userKey: 'p5',
          eventName: 'buy',
          properties: { project: 'default' },
        },
      ],
      'checkout',
    );
    expect(contradicting.results.map((r) => r.reason)).toEqual([
      `this call's events are project "checkout"'s; this event names "default"`,
      `this call's events are project "checkout"'s; this event names "default"`,
    ]);
    const unknownEvent = await track([exposure('x-nowhere', 'p5', 'control', { project: 'nowhere' })]);
    expect(unknownEvent.results[0]!.reason).toBe('project "nowhere" does not exist');

    const unknownCall = await stack.gql(TRACK, {
      events: [exposure('x-none', 'p5', 'control')],
      project: 'nowhere',
    });
    expect(errorCodes(unknownCall)).toEqual(['NOT_FOUND']);
    expect(unknownCall.errors?.[0]?.extensions?.field).toBe('project');
    for (const id of ['x-other', 'c-other', 'x-nowhere', 'x-none']) expect(await stored(id)).toBeNull();
  });

  it('checks events:write in the project the events are of', async () => {
    await stack.gqlOk(`mutation { createRole(input: { key: "checkout-events", name: "Checkout events",
      grants: [{ permission: "events:write", project: "checkout" }] }) { key } }`);
    const { createApiKey } = await stack.gqlOk<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "checkout events", kind: TOKEN, customRoles: ["checkout-events"] }) { secret } }',
    );
    const token = createApiKey.secret;
    expect((await track([exposure('t-call', 't1', 'blue')], 'checkout', token)).accepted).toBe(1);
    expect(
      (await track([exposure('t-event', 't2', 'green', { project: 'checkout' })], undefined, token)).accepted,
    ).toBe(1);
    // The default project: refused for the call, rejected for an event naming none.
    const forbidden = await stack.gql(
      TRACK,
      { events: [exposure('t-forbidden', 't3', 'control')], project: 'default' },
      { token },
    );
    expect(errorCodes(forbidden)).toEqual(['FORBIDDEN']);
    const unnamed = await track([exposure('t-default', 't3', 'control')], undefined, token);
    expect(unnamed.results[0]!.reason).toBe('no permission to write events in project "default"');
    expect(await stored('t-default')).toBeNull();
  });

  it("keeps an SDK key's events in its project: another named is refused", async () => {
    const { createApiKey } = await stack.gqlOk<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "checkout app", kind: SERVER, environment: "production", project: "checkout" }) { secret } }',
    );
    const token = createApiKey.secret;
    const own = await track([exposure('k-own', 'k1', 'blue')], undefined, token);
    expect(own.accepted).toBe(1);
    expect(await stored('k-own')).toEqual({ experiment_key: 'checkout/same-exp', project: null });
    const other = await track(
      [
        {
          eventId: 'k-other',
          type: 'CONVERSION',
          userKey: 'k1',
          eventName: 'buy',
          properties: { project: 'default' },
        },
      ],
      undefined,
      token,
    );
    expect(other.results[0]!.reason).toBe(
      'this key belongs to project "checkout" and cannot report conversions in "default"',
    );
    expect(errorCodes(await stack.gql(TRACK, { events: [], project: 'default' }, { token }))).toEqual([
      'FORBIDDEN',
    ]);
  });
});
