import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';

const SEGMENT_FIELDS =
  'key name description version includedCount excludedCount included excluded rules { id conditions { attribute operator values negate } }';

type SegmentView = {
  key: string;
  version: number;
  includedCount: number;
  excludedCount: number;
  included: string[];
  excluded: string[];
  rules: { id: string; conditions: unknown[] }[];
};

describe('segments through the gateway', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('creates a segment with sorted unique keys and rules, and updates it by replacement and in batches', async () => {
    const created = await stack.gqlOk<{ createSegment: SegmentView }>(
      `mutation($input: CreateSegmentInput!) { createSegment(input: $input) { ${SEGMENT_FIELDS} } }`,
      {
        input: {
          key: 'eu-pros',
          name: 'EU pros',
          description: 'Pro users in the EU',
          included: ['zoe', 'adam', 'zoe'],
          excluded: ['mallory'],
          rules: [
            {
              id: 'eu-pro',
              conditions: [
                { attribute: 'country', operator: 'in', values: ['DE', 'FR'] },
                { attribute: 'user.plan', operator: 'equals', values: ['pro'] },
              ],
            },
          ],
        },
      },
    );
    expect(created.createSegment).toMatchObject({
      key: 'eu-pros',
      version: 1,
      included: ['adam', 'zoe'],
      includedCount: 2,
      excluded: ['mallory'],
      rules: [{ id: 'eu-pro' }],
    });
    const updated = await stack.gqlOk<{ updateSegment: SegmentView }>(
      `mutation { updateSegment(key: "eu-pros", expectedVersion: 1, input: {
        addIncluded: ["bea", "carl"], removeIncluded: ["zoe"], excluded: [] }) { ${SEGMENT_FIELDS} } }`,
    );
    expect(updated.updateSegment).toMatchObject({
      version: 2,
      included: ['adam', 'bea', 'carl'],
      excluded: [],
      rules: [{ id: 'eu-pro' }],
    });
    const stale = await stack.gql(
      `mutation { updateSegment(key: "eu-pros", expectedVersion: 1, input: { name: "x" }) { key } }`,
    );
    expect(errorCodes(stale)).toEqual(['CONFLICT']);
    expect(stale.errors?.[0]?.extensions?.currentVersion).toBe(2);
  });

  it.each([
    ['a malformed key', { key: 'Bad Key', name: 'x' }, 'input.key'],
    [
      'an unknown operator',
      { key: 's1', name: 'x', rules: [{ conditions: [{ attribute: 'a', operator: 'near', values: [1] }] }] },
      'input.rules[0].conditions[0].operator',
    ],
    [
      'an unknown segment',
      {
        key: 's2',
        name: 'x',
        rules: [{ conditions: [{ attribute: 'key', operator: 'inSegment', values: ['nope'] }] }],
      },
      'input.rules[0].conditions[0].values[0]',
    ],
    ['an empty key in a list', { key: 's3', name: 'x', included: ['ok', ''] }, 'input.included[1]'],
  ])('refuses %s as BAD_USER_INPUT naming the field', async (_what, input, field) => {
    const body = await stack.gql(
      'mutation($input: CreateSegmentInput!) { createSegment(input: $input) { key } }',
      { input },
    );
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe(field);
    const missing = await stack.gql(`{ segment(key: "${(input as { key: string }).key}") { key } }`);
    expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
  });

  it('refuses to delete a segment a flag or segment uses, naming them; deletes it once unused', async () => {
    await stack.gqlOk(`mutation { createSegment(input: { key: "in-use", name: "In use" }) { key } }`);
    await stack.gqlOk(`mutation { createSegment(input: { key: "wrapper", name: "Wrapper",
      rules: [{ conditions: [{ attribute: "key", operator: "inSegment", values: ["in-use"] }] }] }) { key } }`);
    await stack.gqlOk(`mutation { createFlag(input: { key: "uses-segment", name: "Uses" }) { key } }`);
    await stack.gqlOk(`mutation { updateTargeting(key: "uses-segment", environment: "staging", expectedVersion: 1, input: {
      rules: [{ conditions: [{ attribute: "key", operator: "inSegment", values: ["in-use"] }], serve: { variation: "on" } }] }) { key } }`);
    const used = await stack.gqlOk<{ segment: { usedByFlags: { key: string }[] } }>(
      '{ segment(key: "in-use") { usedByFlags { key } } }',
    );
    expect(used.segment.usedByFlags).toEqual([{ key: 'uses-segment' }]);

    const refused = await stack.gql('mutation { deleteSegment(key: "in-use", expectedVersion: 1) }');
    expect(errorCodes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toMatch(/flags uses-segment and segments wrapper/);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ flags: ['uses-segment'], segments: ['wrapper'] });

    await stack.gqlOk(
      `mutation { updateTargeting(key: "uses-segment", environment: "staging", expectedVersion: 2, input: { rules: [] }) { key } }`,
    );
    await stack.gqlOk('mutation { deleteSegment(key: "wrapper", expectedVersion: 1) }');
    const deleted = await stack.gqlOk<{ deleteSegment: string }>(
      'mutation { deleteSegment(key: "in-use", expectedVersion: 1) }',
    );
    expect(deleted.deleteSegment).toBe('in-use');
    expect(errorCodes(await stack.gql('{ segment(key: "in-use") { key } }'))).toEqual(['NOT_FOUND']);
    const audit = await stack.gqlOk<{ auditLog: { nodes: { action: string }[] } }>(
      '{ auditLog(filter: { resourceType: "segment", resourceKey: "in-use" }) { nodes { action } } }',
    );
    expect(audit.auditLog.nodes.map((n) => n.action)).toEqual(['segment.deleted', 'segment.created']);
  });

  it('holds 100,000 included keys, pages through them, and evaluates membership', async () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `user-${String(i).padStart(6, '0')}`);
    await stack.gqlOk(`mutation { createSegment(input: { key: "big", name: "Big" }) { key } }`);
    // The gateway takes bodies up to 1 MB, so a list this long goes in batches.
    for (let i = 0; i < 4; i++) {
      await stack.gqlOk(
        'mutation($keys: [String!]!, $v: Int!) { updateSegment(key: "big", expectedVersion: $v, input: { addIncluded: $keys }) { version } }',
        {
          keys: keys.slice(i * 25_000, (i + 1) * 25_000),
          v: i + 1,
        },
      );
    }
    const page = await stack.gqlOk<{ segment: { includedCount: number; included: string[] } }>(
      '{ segment(key: "big") { includedCount included(first: 3, after: "user-049999") } }',
    );
    expect(page.segment).toEqual({
      includedCount: 100_000,
      included: ['user-050000', 'user-050001', 'user-050002'],
    });

    await stack.gqlOk(`mutation { createFlag(input: { key: "big-flag", name: "Big" }) { key } }`);
    await stack.gqlOk(`mutation { updateTargeting(key: "big-flag", environment: "production", expectedVersion: 1, input: {
      enabled: true, fallthrough: { variation: "off" },
      rules: [{ id: "big", conditions: [{ attribute: "key", operator: "inSegment", values: ["big"] }], serve: { variation: "on" } }] }) { key } }`);
    const evaluate = (key: string) =>
      stack.gqlOk<{ evaluate: { variation: string; reason: string }[] }>(
        'query($ctx: JSON!) { evaluate(environment: "production", context: $ctx, keys: ["big-flag"]) { variation reason } }',
        { ctx: { key } },
      );
    expect((await evaluate('user-099999')).evaluate[0]).toEqual({ variation: 'on', reason: 'RULE_MATCH' });
    expect((await evaluate('user-100000')).evaluate[0]).toEqual({ variation: 'off', reason: 'FALLTHROUGH' });
    const audit = await stack.gqlOk<{ auditLog: { nodes: { after: { included: { added: unknown } } }[] } }>(
      '{ auditLog(filter: { resourceKey: "big", action: "segment.updated" }, first: 1) { nodes { after } } }',
    );
    // Large lists are summarised in the audit log rather than copied.
    expect(audit.auditLog.nodes[0]!.after.included.added).toEqual({ count: 25_000 });
  }, 120_000);
});
