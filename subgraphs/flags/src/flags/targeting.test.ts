import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';
import { Client } from 'pg';

const TARGETING = `mutation Targeting($key: String!, $env: String!, $v: Int!, $input: TargetingInput!) {
  updateTargeting(key: $key, environment: $env, expectedVersion: $v, input: $input) {
    version environment(key: $env) {
      enabled offVariation startsAt endsAt targets { variation values } prerequisites { flagKey variation }
      rules { id description conditions { attribute operator values negate }
        serve { variation rollout { bucketBy variations { variation weight } } } }
      fallthrough { variation rollout { variations { variation weight } } }
    }
  }
}`;

type Flag = { version: number };

describe('flag targeting through the gateway', () => {
  let stack: TestStack;
  const version = async (key: string) =>
    (await stack.gqlOk<{ flag: Flag }>(`{ flag(key: "${key}") { version } }`)).flag.version;
  const create = (key: string, extra = '') =>
    stack.gqlOk(`mutation { createFlag(input: { key: "${key}", name: "${key}" ${extra} }) { key } }`);

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
    await stack.gqlOk(
      `mutation { createSegment(input: { key: "beta", name: "Beta", included: ["u1"] }) { key } }`,
    );
    await create(
      'color',
      `, type: STRING, variations: [{ key: "red", value: "red" }, { key: "green", value: "green" }, { key: "blue", value: "blue" }]`,
    );
  }, 120_000);
  afterAll(() => stack?.stop());

  it('stores targets, ordered rules, a split fallthrough, a schedule and prerequisites, and bumps the version', async () => {
    await create('gate');
    const input = {
      enabled: true,
      offVariation: 'red',
      targets: [{ variation: 'blue', values: ['vip-1', 'vip-2', 'vip-1'] }],
      rules: [
        {
          id: 'beta',
          description: 'Beta users',
          conditions: [{ attribute: 'key', operator: 'inSegment', values: ['beta'] }],
          serve: { variation: 'green' },
        },
        {
          id: 'pros',
          conditions: [
            { attribute: 'user.plan', operator: 'in', values: ['pro', 'team'] },
            { attribute: 'country', operator: 'equals', values: ['DE'], negate: true },
          ],
          serve: {
            rollout: {
              bucketBy: 'user.accountId',
              variations: [
                { variation: 'green', weight: 33.333 },
                { variation: 'blue', weight: 66.667 },
              ],
            },
          },
        },
      ],
      fallthrough: { variation: 'red' },
      startsAt: '2026-01-01T00:00:00.000Z',
      endsAt: '2030-01-01T00:00:00.000Z',
      prerequisites: [{ flagKey: 'gate', variation: 'on' }],
    };
    const v = await version('color');
    const data = await stack.gqlOk<{
      updateTargeting: { version: number; environment: Record<string, unknown> };
    }>(TARGETING, { key: 'color', env: 'staging', v, input });
    expect(data.updateTargeting.version).toBe(v + 1);
    expect(data.updateTargeting.environment).toEqual({
      enabled: true,
      offVariation: 'red',
      startsAt: '2026-01-01T00:00:00.000Z',
      endsAt: '2030-01-01T00:00:00.000Z',
      targets: [{ variation: 'blue', values: ['vip-1', 'vip-2'] }],
      prerequisites: [{ flagKey: 'gate', variation: 'on' }],
      rules: [
        {
          id: 'beta',
          description: 'Beta users',
          conditions: [{ attribute: 'key', operator: 'inSegment', values: ['beta'], negate: false }],
          serve: { variation: 'green', rollout: null },
        },
        {
          id: 'pros',
          description: null,
          conditions: [
            { attribute: 'user.plan', operator: 'in', values: ['pro', 'team'], negate: false },
            { attribute: 'country', operator: 'equals', values: ['DE'], negate: true },
          ],
          serve: {
            variation: null,
            rollout: {
              bucketBy: 'user.accountId',
              variations: [
                { variation: 'green', weight: 33.333 },
                { variation: 'blue', weight: 66.667 },
              ],
            },
          },
        },
      ],
      fallthrough: { variation: 'red', rollout: null },
    });
    // Other environments are untouched.
    const prod = await stack.gqlOk<{ flag: { environment: { enabled: boolean; rules: unknown[] } } }>(
      '{ flag(key: "color") { environment(key: "production") { enabled rules { id } } } }',
    );
    expect(prod.flag.environment).toEqual({ enabled: false, rules: [] });

    // Omitted fields are kept; explicit nulls clear the schedule.
    const cleared = await stack.gqlOk<{ updateTargeting: { environment: Record<string, unknown> } }>(
      TARGETING,
      {
        key: 'color',
        env: 'staging',
        v: v + 1,
        input: { startsAt: null, endsAt: null },
      },
    );
    expect(cleared.updateTargeting.environment).toMatchObject({
      startsAt: null,
      endsAt: null,
      enabled: true,
      targets: [{ variation: 'blue', values: ['vip-1', 'vip-2'] }],
    });
  });

  const badInputs: [string, Record<string, unknown>, string][] = [
    [
      'an unknown rule variation',
      { rules: [{ conditions: [], serve: { variation: 'purple' } }] },
      'input.rules[0].serve.variation',
    ],
    [
      'split weights not summing to 100',
      {
        fallthrough: {
          rollout: {
            variations: [
              { variation: 'red', weight: 50 },
              { variation: 'blue', weight: 40 },
            ],
          },
        },
      },
      'input.fallthrough.rollout.variations',
    ],
    [
      'an unknown operator',
      {
        rules: [
          { conditions: [{ attribute: 'a', operator: 'roughly', values: [1] }], serve: { variation: 'red' } },
        ],
      },
      'input.rules[0].conditions[0].operator',
    ],
    [
      'an unknown segment',
      {
        rules: [
          { conditions: [], serve: { variation: 'red' } },
          { conditions: [], serve: { variation: 'red' } },
          {
            conditions: [{ attribute: 'key', operator: 'inSegment', values: ['ghosts'] }],
            serve: { variation: 'red' },
          },
        ],
      },
      'input.rules[2].conditions[0].values[0]',
    ],
    [
      'a catastrophically backtracking regex',
      {
        rules: [
          {
            conditions: [{ attribute: 'email', operator: 'matches', values: ['(a+)+$'] }],
            serve: { variation: 'red' },
          },
        ],
      },
      'input.rules[0].conditions[0].values[0]',
    ],
    [
      'a too long regex',
      {
        rules: [
          {
            conditions: [{ attribute: 'email', operator: 'matches', values: ['a'.repeat(2000)] }],
            serve: { variation: 'red' },
          },
        ],
      },
      'input.rules[0].conditions[0].values[0]',
    ],
    [
      'a number operator with a string',
      {
        rules: [
          { conditions: [{ attribute: 'age', operator: 'gt', values: ['18'] }], serve: { variation: 'red' } },
        ],
      },
      'input.rules[0].conditions[0].values[0]',
    ],
    [
      'dates the wrong way round',
      { startsAt: '2027-01-01T00:00:00Z', endsAt: '2026-01-01T00:00:00Z' },
      'input.startsAt',
    ],
    ['an unknown off variation', { offVariation: 'black' }, 'input.offVariation'],
    [
      'a target with an unknown variation',
      { targets: [{ variation: 'x', values: ['u'] }] },
      'input.targets[0].variation',
    ],
    [
      'an unknown prerequisite flag',
      { prerequisites: [{ flagKey: 'nope', variation: 'on' }] },
      'input.prerequisites[0].flagKey',
    ],
    [
      'a prerequisite on itself',
      { prerequisites: [{ flagKey: 'color', variation: 'red' }] },
      'input.prerequisites[0].flagKey',
    ],
    [
      'a prerequisite in two forms at once',
      { prerequisites: [{ flagKey: 'gate', variation: 'on', off: true }] },
      'input.prerequisites[0]',
    ],
    [
      'an any-of prerequisite naming a variation the parent lacks',
      { prerequisites: [{ flagKey: 'gate', variations: ['on', 'maybe'] }] },
      'input.prerequisites[0].variations[1]',
    ],
    [
      'an any-of prerequisite with no variations',
      { prerequisites: [{ flagKey: 'gate', variations: [] }] },
      'input.prerequisites[0].variations',
    ],
    [
      'a prerequisite in no form',
      { prerequisites: [{ flagKey: 'gate' }] },
      'input.prerequisites[0].variation',
    ],
    [
      'serving both a variation and a split',
      { fallthrough: { variation: 'red', rollout: { variations: [{ variation: 'red', weight: 100 }] } } },
      'input.fallthrough',
    ],
    [
      'an invalid CIDR range',
      {
        rules: [
          {
            conditions: [{ attribute: 'ip', operator: 'ipInRange', values: ['10.0.0.0/8', '10.0.0.0/33'] }],
            serve: { variation: 'red' },
          },
        ],
      },
      'input.rules[0].conditions[0].values[1]',
    ],
    [
      'a list operator given a list of lists, which cannot match',
      {
        rules: [
          {
            conditions: [{ attribute: 'roles', operator: 'anyOf', values: [['admin', 'beta']] }],
            serve: { variation: 'red' },
          },
        ],
      },
      'input.rules[0].conditions[0].values[0]',
    ],
    [
      'caseInsensitive on a number operator',
      {
        rules: [
          {
            conditions: [{ attribute: 'age', operator: 'gt', values: [18], caseInsensitive: true }],
            serve: { variation: 'red' },
          },
        ],
      },
      'input.rules[0].conditions[0].caseInsensitive',
    ],
    [
      'an unsupported regex flag',
      {
        rules: [
          {
            conditions: [{ attribute: 'email', operator: 'matches', values: ['^a'], regexFlags: 'g' }],
            serve: { variation: 'red' },
          },
        ],
      },
      'input.rules[0].conditions[0].regexFlags',
    ],
    [
      'a rule id reserved for experiments',
      { rules: [{ id: 'experiment:x', conditions: [], serve: { variation: 'red' } }] },
      'input.rules[0].id',
    ],
  ];

  it.each(badInputs)(
    'refuses %s as BAD_USER_INPUT naming the field, writing nothing',
    async (_what, input, field) => {
      const v = await version('color');
      const seq = await stack.gqlOk<{ configChanges: unknown[] }>(
        '{ configChanges(sinceVersion: 0, first: 1000) { seq } }',
      );
      const body = await stack.gql(TARGETING, { key: 'color', env: 'production', v, input });
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(body.errors?.[0]?.extensions?.field).toBe(field);
      expect(body.errors?.[0]?.message).toContain(field);
      expect(await version('color')).toBe(v);
      const after = await stack.gqlOk<{ configChanges: unknown[] }>(
        '{ configChanges(sinceVersion: 0, first: 1000) { seq } }',
      );
      expect(after.configChanges).toHaveLength(seq.configChanges.length);
    },
  );

  it('refuses a prerequisite cycle across flags, naming it', async () => {
    await create('cyc-a');
    await create('cyc-b');
    await stack.gqlOk(TARGETING, {
      key: 'cyc-a',
      env: 'production',
      v: 1,
      input: { prerequisites: [{ flagKey: 'cyc-b', variation: 'on' }] },
    });
    const body = await stack.gql(TARGETING, {
      key: 'cyc-b',
      env: 'production',
      v: 1,
      input: { prerequisites: [{ flagKey: 'cyc-a', variation: 'on' }] },
    });
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe('input.prerequisites');
    expect(body.errors?.[0]?.message).toMatch(/cyc-b → cyc-a → cyc-b/);
  });

  it('lets only one of two concurrent writers close a prerequisite cycle', async () => {
    for (let round = 0; round < 5; round++) {
      await create(`race-a${round}`);
      await create(`race-b${round}`);
      const results = await Promise.all([
        stack.gql(TARGETING, {
          key: `race-a${round}`,
          env: 'production',
          v: 1,
          input: { prerequisites: [{ flagKey: `race-b${round}`, variation: 'on' }] },
        }),
        stack.gql(TARGETING, {
          key: `race-b${round}`,
          env: 'production',
          v: 1,
          input: { prerequisites: [{ flagKey: `race-a${round}`, variation: 'on' }] },
        }),
      ]);
      expect(results.map((r) => errorCodes(r).join()).sort()).toEqual(['', 'BAD_USER_INPUT']);
    }
  });

  it('refuses a stale expectedVersion with CONFLICT carrying the current version', async () => {
    const v = await version('color');
    const body = await stack.gql(
      `mutation { setFlagEnabled(key: "color", environment: "development", enabled: true, expectedVersion: ${v - 1}) { version } }`,
    );
    expect(errorCodes(body)).toEqual(['CONFLICT']);
    expect(body.errors?.[0]?.extensions).toMatchObject({ currentVersion: v, expectedVersion: v - 1 });
  });

  it('refuses an unknown environment with NOT_FOUND', async () => {
    const body = await stack.gql(
      `mutation { setFlagEnabled(key: "color", environment: "moon", enabled: true, expectedVersion: ${await version('color')}) { version } }`,
    );
    expect(errorCodes(body)).toEqual(['NOT_FOUND']);
  });

  it('loses no update under 50 concurrent writers from the same version: one wins, the rest CONFLICT, the audit log has every success', async () => {
    await create('race');
    let expected = 1;
    let successes = 0;
    // Rounds of 50 concurrent writers, each from the version it last read.
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          stack.gql<{ updateTargeting: Flag }>(TARGETING, {
            key: 'race',
            env: 'production',
            v: expected,
            input: { targets: [{ variation: 'on', values: [`writer-${round}-${i}`] }] },
          }),
        ),
      );
      const ok = results.filter((r) => !r.errors);
      const conflicts = results.filter((r) => errorCodes(r).join() === 'CONFLICT');
      expect(ok).toHaveLength(1);
      expect(conflicts).toHaveLength(49);
      successes += ok.length;
      expected = ok[0]!.data!.updateTargeting.version;
    }
    expect(expected).toBe(1 + successes);
    const audit = await stack.gqlOk<{
      auditLog: { totalCount: number; nodes: { after: { version: number } }[] };
    }>(
      '{ auditLog(filter: { resourceKey: "race", action: "flag.targeting.updated" }) { totalCount nodes { after } } }',
    );
    expect(audit.auditLog.totalCount).toBe(successes);
    expect(audit.auditLog.nodes.map((n) => n.after.version).sort()).toEqual([2, 3, 4]);
  });

  it('keeps every concurrent success when writers retry on CONFLICT (no lost update)', async () => {
    await create('counter');
    const writer = async (i: number) => {
      for (;;) {
        const v = await version('counter');
        const body = await stack.gql(TARGETING, {
          key: 'counter',
          env: 'development',
          v,
          input: { rules: [{ id: `w${i}`, conditions: [], serve: { variation: 'on' } }] },
        });
        if (!body.errors) return;
        expect(errorCodes(body)).toEqual(['CONFLICT']);
      }
    };
    await Promise.all(Array.from({ length: 50 }, (_, i) => writer(i)));
    expect(await version('counter')).toBe(51);
    const audit = await stack.gqlOk<{
      auditLog: { totalCount: number; nodes: { after: { rules: { id: string }[] } }[] };
    }>(
      '{ auditLog(filter: { resourceKey: "counter", action: "flag.targeting.updated" }, first: 100) { totalCount nodes { after } } }',
    );
    expect(audit.auditLog.totalCount).toBe(50);
    expect(new Set(audit.auditLog.nodes.map((n) => n.after.rules[0]!.id)).size).toBe(50);
  }, 120_000);

  it('copies targeting between environments, leaving experiment rules alone', async () => {
    await create('copy-me');
    await stack.gqlOk(TARGETING, {
      key: 'copy-me',
      env: 'staging',
      v: 1,
      input: {
        enabled: true,
        rules: [
          {
            id: 'r1',
            conditions: [{ attribute: 'plan', operator: 'equals', values: ['pro'] }],
            serve: { variation: 'on' },
          },
        ],
      },
    });
    await stack.gqlOk(`mutation { attachExperiment(flagKey: "copy-me", environment: "production", experiment: {
      key: "e1", coverage: 1, variants: [{ variation: "on", weight: 50 }, { variation: "off", weight: 50 }] }) { key } }`);
    const data = await stack.gqlOk<{
      copyTargeting: { version: number; environment: { enabled: boolean; rules: { id: string }[] } };
    }>(
      `mutation { copyTargeting(key: "copy-me", fromEnvironment: "staging", toEnvironment: "production", expectedVersion: 3) {
        version environment(key: "production") { enabled rules { id } } } }`,
    );
    expect(data.copyTargeting).toEqual({
      version: 4,
      environment: { enabled: true, rules: [{ id: 'experiment:e1' }, { id: 'r1' }] },
    });
  });

  it('writes audit entry (actor, before/after, ip, user agent) and outbox row in the transaction of the change', async () => {
    const v = await version('color');
    await stack.gqlOk(
      `mutation { setFlagEnabled(key: "color", environment: "development", enabled: true, expectedVersion: ${v}) { version } }`,
      {},
      { headers: { 'user-agent': 'targeting-test/1.0' } },
    );
    const db = new Client({ connectionString: stack.db.url });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT a.*, c.kind, c.environment AS change_env FROM platform.audit_log a
         JOIN platform.config_changes c ON c.seq = a.change_seq
         WHERE a.resource_key = 'color' AND a.action = 'flag.enabled'`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        kind: 'FLAG_TARGETING_UPDATED',
        change_env: 'development',
        environment: 'development',
        user_agent: 'targeting-test/1.0',
      });
      expect(rows[0].actor_name).toBeTruthy();
      expect(rows[0].before).toMatchObject({ enabled: false, version: v });
      expect(rows[0].after).toMatchObject({ enabled: true, version: v + 1 });
      const seqs = (await db.query('SELECT seq FROM platform.config_changes ORDER BY seq')).rows.map((r) =>
        Number(r.seq),
      );
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    } finally {
      await db.end();
    }
  });
});
