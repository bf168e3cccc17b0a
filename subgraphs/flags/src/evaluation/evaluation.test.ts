import { compileFlagSet, type FlagSet } from '@switchyard/core';
import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';
import { Client } from 'pg';

const EVALUATE = `query Evaluate($env: String!, $context: JSON!, $keys: [String!]) {
  evaluate(environment: $env, context: $context, keys: $keys) {
    __typename key variation reason ruleId errorCode inExperiment prerequisiteKey
    ... on BooleanFlagValue { boolean: value }
    ... on StringFlagValue { string: value }
    ... on NumberFlagValue { number: value }
    ... on JsonFlagValue { json: value }
  }
}`;

type Value = Record<string, unknown> & { key: string };

describe('evaluate and flagSet through the gateway', () => {
  let stack: TestStack;
  const evaluate = async (context: Record<string, unknown>, keys?: string[], env = 'production') =>
    (await stack.gqlOk<{ evaluate: Value[] }>(EVALUATE, { env, context, keys })).evaluate;
  const target = (key: string, input: Record<string, unknown>, v: number, env = 'production') =>
    stack.gqlOk(
      `mutation($input: TargetingInput!) { updateTargeting(key: "${key}", environment: "${env}", expectedVersion: ${v}, input: $input) { version } }`,
      { input },
    );

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
    await stack.gqlOk(`mutation { createSegment(input: { key: "germans", name: "Germans",
      rules: [{ conditions: [{ attribute: "country", operator: "equals", values: ["DE"] }] }] }) { key } }`);
    const flags = [
      `{ key: "b-flag", name: "b" }`,
      `{ key: "s-flag", name: "s", type: STRING, variations: [{ key: "a", value: "alpha" }, { key: "b", value: "beta" }] }`,
      `{ key: "n-flag", name: "n", type: NUMBER, variations: [{ key: "small", value: 1.5 }, { key: "big", value: 100 }] }`,
      `{ key: "j-flag", name: "j", type: JSON, variations: [{ key: "x", value: { a: [1, 2] } }, { key: "y", value: null }] }`,
      `{ key: "off-flag", name: "off" }`,
      `{ key: "later", name: "later" }`,
      `{ key: "needs-b", name: "needs b" }`,
      `{ key: "gone", name: "gone" }`,
    ];
    for (const input of flags) await stack.gqlOk(`mutation { createFlag(input: ${input}) { key } }`);
    await target(
      'b-flag',
      { enabled: true, targets: [{ variation: 'off', values: ['vip'] }], fallthrough: { variation: 'on' } },
      1,
    );
    await target(
      's-flag',
      {
        enabled: true,
        rules: [
          {
            id: 'de',
            conditions: [{ attribute: 'key', operator: 'inSegment', values: ['germans'] }],
            serve: { variation: 'b' },
          },
        ],
        fallthrough: { variation: 'a' },
      },
      1,
    );
    await target(
      'n-flag',
      {
        enabled: true,
        rules: [
          {
            id: 'old-app',
            conditions: [{ attribute: 'app.version', operator: 'semverLt', values: ['2.0.0'] }],
            serve: { variation: 'small' },
          },
        ],
        fallthrough: { variation: 'big' },
      },
      1,
    );
    await target('j-flag', { enabled: true, fallthrough: { variation: 'x' } }, 1);
    await target(
      'later',
      { enabled: true, fallthrough: { variation: 'on' }, startsAt: '2099-01-01T00:00:00Z' },
      1,
    );
    await target(
      'needs-b',
      {
        enabled: true,
        fallthrough: { variation: 'on' },
        prerequisites: [{ flagKey: 'b-flag', variation: 'on' }],
      },
      1,
    );
    await target('gone', { enabled: true, fallthrough: { variation: 'on' } }, 1);
    await stack.gqlOk('mutation { archiveFlag(key: "gone", expectedVersion: 2) { archived } }');
  }, 120_000);
  afterAll(() => stack?.stop());

  it('evaluates every flag with typed values and reasons', async () => {
    const values = await evaluate({ key: 'u1', country: 'DE', app: { version: '1.9.3' } });
    const byKey = Object.fromEntries(values.map((v) => [v.key, v]));
    expect(Object.keys(byKey).sort()).toEqual([
      'b-flag',
      'j-flag',
      'later',
      'n-flag',
      'needs-b',
      'off-flag',
      's-flag',
    ]);
    expect(byKey['b-flag']).toMatchObject({
      __typename: 'BooleanFlagValue',
      boolean: true,
      variation: 'on',
      reason: 'FALLTHROUGH',
    });
    expect(byKey['s-flag']).toMatchObject({
      __typename: 'StringFlagValue',
      string: 'beta',
      reason: 'RULE_MATCH',
      ruleId: 'de',
    });
    expect(byKey['n-flag']).toMatchObject({
      __typename: 'NumberFlagValue',
      number: 1.5,
      reason: 'RULE_MATCH',
      ruleId: 'old-app',
    });
    expect(byKey['j-flag']).toMatchObject({
      __typename: 'JsonFlagValue',
      json: { a: [1, 2] },
      reason: 'FALLTHROUGH',
    });
    expect(byKey['off-flag']).toMatchObject({ boolean: false, variation: 'off', reason: 'OFF' });
    expect(byKey.later).toMatchObject({ boolean: false, reason: 'SCHEDULED_OFF' });
    expect(byKey['needs-b']).toMatchObject({ boolean: true, reason: 'FALLTHROUGH' });
  });

  it.each([
    [{ key: 'vip' }, 'b-flag', { variation: 'off', reason: 'TARGET_MATCH' }],
    [
      { key: 'vip' },
      'needs-b',
      { variation: 'off', reason: 'PREREQUISITE_FAILED', prerequisiteKey: 'b-flag' },
    ],
    [{ key: 'u2', country: 'FR' }, 's-flag', { string: 'alpha', reason: 'FALLTHROUGH', ruleId: null }],
    [{ key: 'u2', app: { version: '2.1.0' } }, 'n-flag', { number: 100, reason: 'FALLTHROUGH' }],
    [
      { key: 'u2' },
      'gone',
      { __typename: 'JsonFlagValue', variation: null, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' },
    ],
    [{ key: 'u2' }, 'never-existed', { variation: null, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' }],
  ])('for %j, %s serves %j', async (context, key, expected) => {
    const [value] = await evaluate(context, [key]);
    expect(value).toMatchObject({ key, ...expected });
  });

  it.each([
    [{ country: 'DE' }, 'context.key'],
    [{ key: '' }, 'context.key'],
    [[1, 2], 'context'],
  ])('refuses the context %j as BAD_USER_INPUT naming %s', async (context, field) => {
    const body = await stack.gql(EVALUATE, { env: 'production', context });
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe(field);
  });

  // The edge and the flags subgraph bound a context alike: a long attribute is what makes `matches` costly.
  it.each([
    [{ key: 'u', bio: 'x'.repeat(900_000) }, 'context.bio', 'is 900000 characters long; the limit is 1024'],
    [
      { key: 'u', ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`a${i}`, 'y'.repeat(1000)])) },
      'context.a32',
      'larger than 32768 characters',
    ],
  ])(
    'refuses an oversized context (%#) with a clear error, with an SDK key too',
    async (context, field, message) => {
      const { secret } = await stack.createApiKey('client', { environment: 'production' });
      for (const token of [undefined, secret]) {
        const body = await stack.gql(EVALUATE, { env: 'production', context }, { token });
        expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
        expect(body.errors?.[0]?.extensions?.field).toBe(field);
        expect(body.errors?.[0]?.message).toContain(message);
      }
    },
  );

  it('refuses an unknown environment with NOT_FOUND', async () => {
    const body = await stack.gql(EVALUATE, { env: 'moon', context: { key: 'u' } });
    expect(errorCodes(body)).toEqual(['NOT_FOUND']);
  });

  it('serves a flag set that @switchyard/core evaluates exactly like the graph, at the current change sequence', async () => {
    const { flagSet } = await stack.gqlOk<{ flagSet: FlagSet }>(
      '{ flagSet(environment: "production") { environment version flags segments } }',
    );
    const changes = await stack.gqlOk<{ configChanges: { seq: number }[] }>(
      '{ configChanges(sinceVersion: 0, first: 1000) { seq } }',
    );
    expect(flagSet.version).toBe(changes.configChanges[changes.configChanges.length - 1]!.seq);
    expect(flagSet.flags.map((f) => f.key)).not.toContain('gone');
    expect(flagSet.segments.map((s) => s.key)).toEqual(['germans']);
    const compiled = compileFlagSet(flagSet);
    for (const context of [
      { key: 'vip' },
      { key: 'u1', country: 'DE', app: { version: '1.0.0' } },
      { key: 'u3' },
    ]) {
      const graph = await evaluate(context);
      const local = compiled.evaluateAll(context);
      expect(graph.map((v) => [v.key, v.variation, v.reason])).toEqual(
        local.map((r) => [r.key, r.variation, r.reason.kind]),
      );
    }
  });

  it('reflects a write at once, and another replica’s write when its change event arrives', async () => {
    const before = await evaluate({ key: 'u9' }, ['j-flag']);
    expect(before[0]).toMatchObject({ variation: 'x' });
    await target('j-flag', { fallthrough: { variation: 'y' } }, 2);
    expect((await evaluate({ key: 'u9' }, ['j-flag']))[0]).toMatchObject({ variation: 'y', json: null });

    // Another replica: the row changes behind this process's back, then the event arrives.
    const db = new Client({ connectionString: stack.db.url });
    await db.connect();
    try {
      await db.query(
        `UPDATE flags.flag_environments SET fallthrough = '{"variation":"x"}'
         WHERE environment_key = 'production' AND flag_id = (SELECT id FROM flags.flags WHERE key = 'j-flag')`,
      );
      expect((await evaluate({ key: 'u9' }, ['j-flag']))[0]).toMatchObject({ variation: 'y' });
      await db.query(`SELECT pg_notify('switchyard_config_changes', $1)`, [
        JSON.stringify({
          seq: 999,
          environment: 'production',
          kind: 'FLAG_TARGETING_UPDATED',
          resourceType: 'flag',
          resourceKey: 'j-flag',
          at: new Date().toISOString(),
        }),
      ]);
      let served: unknown;
      for (let i = 0; i < 50; i++) {
        served = (await evaluate({ key: 'u9' }, ['j-flag']))[0]!.variation;
        if (served === 'x') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(served).toBe('x');
    } finally {
      await db.end();
    }
  });

  it('publishes aggregated evaluation counts on the evaluations channel', async () => {
    const db = new Client({ connectionString: stack.db.url });
    await db.connect();
    try {
      const messages: string[] = [];
      db.on('notification', (n) => {
        if (n.channel === 'switchyard_evaluations') messages.push(n.payload ?? '');
      });
      await db.query('LISTEN switchyard_evaluations');
      for (let i = 0; i < 3; i++) await evaluate({ key: `counted-${i}` }, ['b-flag', 's-flag'], 'staging');
      const deadline = Date.now() + 25_000;
      let rows: { environment: string; flagKey: string; variation: string; count: number }[] = [];
      while (Date.now() < deadline) {
        rows = messages
          .flatMap((m) => JSON.parse(m))
          .filter((r: { environment: string }) => r.environment === 'staging');
        if (rows.length > 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ environment: 'staging', flagKey: 'b-flag', variation: 'off', count: 3 }),
          expect.objectContaining({ environment: 'staging', flagKey: 's-flag', variation: 'b', count: 3 }),
        ]),
      );
      expect(rows[0]).toHaveProperty('windowStart');
      expect(rows[0]).toHaveProperty('windowEnd');
    } finally {
      await db.end();
    }
  }, 40_000);

  it('stores the new operators and their options, and evaluates them through the graph', async () => {
    await stack.gqlOk('mutation { createFlag(input: { key: "new-ops", name: "new operators" }) { key } }');
    const rules = [
      {
        id: 'office',
        conditions: [{ attribute: 'ip', operator: 'ipInRange', values: ['10.0.0.0/8', '2001:db8::/32'] }],
        serve: { variation: 'on' },
      },
      {
        id: 'admins',
        conditions: [
          { attribute: 'roles', operator: 'anyOf', values: ['ADMIN'], caseInsensitive: true },
          { attribute: 'email', operator: 'matches', values: ['^.+@ACME\\.com$'], regexFlags: 'i' },
        ],
        serve: { variation: 'on' },
      },
      {
        id: 'modern',
        conditions: [{ attribute: 'appVersion', operator: 'looseVersionGt', values: ['2'] }],
        serve: { variation: 'on' },
      },
    ];
    const stored = await stack.gqlOk<{
      updateTargeting: { environment: { rules: { conditions: Record<string, unknown>[] }[] } };
    }>(
      `mutation($input: TargetingInput!) { updateTargeting(key: "new-ops", environment: "production", expectedVersion: 1, input: $input) {
        environment(key: "production") { rules { conditions { attribute operator values negate caseInsensitive regexFlags } } } } }`,
      { input: { enabled: true, rules, fallthrough: { variation: 'off' } } },
    );
    expect(stored.updateTargeting.environment.rules[1]!.conditions).toEqual([
      {
        attribute: 'roles',
        operator: 'anyOf',
        values: ['ADMIN'],
        negate: false,
        caseInsensitive: true,
        regexFlags: null,
      },
      {
        attribute: 'email',
        operator: 'matches',
        values: ['^.+@ACME\\.com$'],
        negate: false,
        caseInsensitive: false,
        regexFlags: 'i',
      },
    ]);
    const served = async (context: Record<string, unknown>) => {
      const [value] = await evaluate(context, ['new-ops']);
      return [value!.variation, value!.ruleId ?? null];
    };
    expect(await served({ key: 'a', ip: '10.20.30.40' })).toEqual(['on', 'office']);
    expect(await served({ key: 'a', ip: '2001:db8:1::5' })).toEqual(['on', 'office']);
    expect(await served({ key: 'a', ip: '192.168.0.1' })).toEqual(['off', null]);
    expect(await served({ key: 'a', roles: ['beta', 'admin'], email: 'jo@acme.com' })).toEqual([
      'on',
      'admins',
    ]);
    expect(await served({ key: 'a', roles: 'admin', email: 'jo@acme.com' })).toEqual(['off', null]);
    expect(await served({ key: 'a', appVersion: 'v2.1' })).toEqual(['on', 'modern']);
    expect(await served({ key: 'a', appVersion: '1.9' })).toEqual(['off', null]);
  });
  it('stores the other prerequisite forms (parent off; parent serves any of several) and evaluates them', async () => {
    await stack.gqlOk(`mutation { createFlag(input: { key: "tier", name: "tier", type: STRING,
      variations: [{ key: "free", value: "free" }, { key: "pro", value: "pro" }, { key: "team", value: "team" }] }) { key } }`);
    for (const key of ['paid-only', 'legacy-only'])
      await stack.gqlOk(`mutation { createFlag(input: { key: "${key}", name: "${key}" }) { key } }`);
    await target(
      'tier',
      {
        enabled: true,
        rules: [
          {
            conditions: [{ attribute: 'plan', operator: 'in', values: ['pro', 'team'] }],
            serve: { variation: 'pro' },
          },
        ],
        fallthrough: { variation: 'free' },
      },
      1,
    );
    const stored = await stack.gqlOk<{
      updateTargeting: { environment: { prerequisites: Record<string, unknown>[] } };
    }>(
      `mutation($input: TargetingInput!) { updateTargeting(key: "paid-only", environment: "production", expectedVersion: 1, input: $input) {
        environment(key: "production") { prerequisites { flagKey variation variations off } } } }`,
      {
        input: {
          enabled: true,
          prerequisites: [{ flagKey: 'tier', variations: ['pro', 'team'] }],
          fallthrough: { variation: 'on' },
        },
      },
    );
    expect(stored.updateTargeting.environment.prerequisites).toEqual([
      { flagKey: 'tier', variation: null, variations: ['pro', 'team'], off: false },
    ]);
    await target(
      'legacy-only',
      {
        enabled: true,
        prerequisites: [{ flagKey: 'off-flag', off: true }],
        fallthrough: { variation: 'on' },
      },
      1,
    );
    const served = async (key: string, context: Record<string, unknown>) => {
      const [value] = await evaluate(context, [key]);
      return [value!.variation, value!.reason, value!.prerequisiteKey ?? null];
    };
    expect(await served('paid-only', { key: 'a', plan: 'team' })).toEqual(['on', 'FALLTHROUGH', null]);
    expect(await served('paid-only', { key: 'a', plan: 'hobby' })).toEqual([
      'off',
      'PREREQUISITE_FAILED',
      'tier',
    ]);
    // off-flag is switched off in production, so the "parent is off" prerequisite holds.
    expect(await served('legacy-only', { key: 'a' })).toEqual(['on', 'FALLTHROUGH', null]);
    const v = (await stack.gqlOk<{ flag: { version: number } }>('{ flag(key: "off-flag") { version } }')).flag
      .version;
    await target('off-flag', { enabled: true }, v);
    // Polled, not timed: since the edge move the parent's change can reach this replica's flag set after the
    // write returns (reported on TEAM.md); the answer must still come.
    let answer: unknown[] = [];
    for (let i = 0; i < 50; i++) {
      answer = await served('legacy-only', { key: 'a' });
      if (answer[1] === 'PREREQUISITE_FAILED') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(answer).toEqual(['off', 'PREREQUISITE_FAILED', 'off-flag']);
  });
});
