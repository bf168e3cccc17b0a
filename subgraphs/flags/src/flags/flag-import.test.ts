// importFlag through the gateway: a whole flag written as one change (one version, one audit entry, one outbox
// row), replaced at its version, and every bad input refused naming the input path with nothing written.

import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';

const IMPORT = `mutation($input: ImportFlagInput!, $v: Int) { importFlag(input: $input, expectedVersion: $v) {
  key name tags archived version variations { key }
  environments { environment enabled rules { id conditions { operator caseInsensitive } } prerequisites { flagKey variation variations off } }
} }`;

type Imported = {
  importFlag: {
    version: number;
    archived: boolean;
    name: string;
    environments: {
      environment: string;
      enabled: boolean;
      rules: { id: string }[];
      prerequisites: unknown[];
    }[];
  };
};

const targeting = (extra: Record<string, unknown> = {}) => ({
  enabled: true,
  offVariation: 'off',
  targets: [],
  rules: [
    {
      id: 'admins',
      conditions: [{ attribute: 'roles', operator: 'anyOf', values: ['ADMIN'], caseInsensitive: true }],
      serve: { variation: 'on' },
    },
  ],
  fallthrough: { variation: 'off' },
  prerequisites: [],
  ...extra,
});

describe('importFlag through the gateway', () => {
  let stack: TestStack;
  const seq = async () =>
    (
      await stack.gqlOk<{ configChanges: { seq: number }[] }>(
        '{ configChanges(sinceVersion: 0, first: 1000) { seq } }',
      )
    ).configChanges.length;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
    await stack.gqlOk('mutation { createFlag(input: { key: "parent", name: "Parent" }) { key } }');
  }, 120_000);
  afterAll(() => stack?.stop());

  it('creates a flag with its targeting in several environments as one change, and replaces it at its version', async () => {
    const before = await seq();
    const created = await stack.gqlOk<Imported>(IMPORT, {
      input: {
        key: 'imported',
        name: 'Imported',
        tags: ['migrated'],
        environments: [
          { environment: 'production', targeting: targeting() },
          {
            environment: 'staging',
            targeting: targeting({ prerequisites: [{ flagKey: 'parent', off: true }] }),
          },
        ],
      },
    });
    expect(created.importFlag.version).toBe(1);
    const env = (key: string) => created.importFlag.environments.find((e) => e.environment === key)!;
    expect(env('production')).toMatchObject({ enabled: true, rules: [{ id: 'admins' }] });
    expect(env('staging').prerequisites).toEqual([
      { flagKey: 'parent', variation: null, variations: null, off: true },
    ]);
    expect(env('development')).toMatchObject({ enabled: false, rules: [] });
    expect(await seq()).toBe(before + 1);

    const replaced = await stack.gqlOk<Imported>(IMPORT, {
      v: 1,
      input: {
        key: 'imported',
        name: 'Imported again',
        archived: true,
        environments: [{ environment: 'production', targeting: targeting({ enabled: false }) }],
      },
    });
    expect(replaced.importFlag).toMatchObject({ version: 2, name: 'Imported again', archived: true });
    expect(
      replaced.importFlag.environments.find((e) => e.environment === 'staging')!.prerequisites,
    ).toHaveLength(1);
    expect(await seq()).toBe(before + 2);
    const { auditLog } = await stack.gqlOk<{
      auditLog: { nodes: { action: string; resourceKey: string }[] };
    }>('{ auditLog(first: 2) { nodes { action resourceKey } } }');
    expect(auditLog.nodes).toEqual([
      { action: 'flag.imported', resourceKey: 'imported' },
      { action: 'flag.imported', resourceKey: 'imported' },
    ]);

    const stale = await stack.gql(IMPORT, { v: 1, input: { key: 'imported', name: 'x' } });
    expect(errorCodes(stale)).toEqual(['CONFLICT']);
    const exists = await stack.gql(IMPORT, { input: { key: 'imported', name: 'x' } });
    expect(errorCodes(exists)).toEqual(['CONFLICT']);
  });

  const badInputs: [string, Record<string, unknown>, string][] = [
    ['a malformed key', { key: 'Not A Key', name: 'x' }, 'input.key'],
    [
      'an unknown environment',
      { key: 'bad-1', name: 'x', environments: [{ environment: 'moon', targeting: targeting() }] },
      'input.environments[0].environment',
    ],
    [
      'an invalid CIDR range in the second environment',
      {
        key: 'bad-2',
        name: 'x',
        environments: [
          { environment: 'production', targeting: targeting() },
          {
            environment: 'staging',
            targeting: targeting({
              rules: [
                {
                  conditions: [{ attribute: 'ip', operator: 'ipInRange', values: ['10.0.0.0/33'] }],
                  serve: { variation: 'on' },
                },
              ],
            }),
          },
        ],
      },
      'input.environments[1].targeting.rules[0].conditions[0].values[0]',
    ],
    [
      'a prerequisite in two forms',
      {
        key: 'bad-3',
        name: 'x',
        environments: [
          {
            environment: 'production',
            targeting: targeting({ prerequisites: [{ flagKey: 'parent', variation: 'on', off: true }] }),
          },
        ],
      },
      'input.environments[0].targeting.prerequisites[0]',
    ],
    [
      'a variation value of the wrong type',
      {
        key: 'bad-4',
        name: 'x',
        type: 'NUMBER',
        variations: [
          { key: 'a', value: 1 },
          { key: 'b', value: 'two' },
        ],
      },
      'input.variations[1].value',
    ],
  ];

  it.each(badInputs)(
    'refuses %s as BAD_USER_INPUT naming the field, writing nothing',
    async (_what, input, field) => {
      const before = await seq();
      const body = await stack.gql(IMPORT, { input });
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(body.errors?.[0]?.extensions?.field).toBe(field);
      expect(await seq()).toBe(before);
      const read = await stack.gql('query($k: String!) { flag(key: $k) { key } }', { k: input.key });
      expect(errorCodes(read)).toEqual(['NOT_FOUND']);
    },
  );
});
