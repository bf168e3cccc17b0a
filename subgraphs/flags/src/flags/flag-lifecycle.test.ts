import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';

describe('flag metadata and life cycle through the gateway', () => {
  let stack: TestStack;
  const version = async (key: string) =>
    (await stack.gqlOk<{ flag: { version: number } }>(`{ flag(key: "${key}") { version } }`)).flag.version;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('updates name, description, tags, owner and variations; the key and type stay', async () => {
    await stack.gqlOk(`mutation { createFlag(input: { key: "limits", name: "Limits", type: NUMBER,
      variations: [{ key: "low", value: 1 }, { key: "high", value: 10 }] }) { key } }`);
    const data = await stack.gqlOk<{ updateFlag: Record<string, unknown> }>(
      `mutation { updateFlag(key: "limits", expectedVersion: 1, input: { name: "Rate limits", description: "Per minute",
        tags: ["api", "api"], owner: "platform", variations: [{ key: "low", value: 5, name: "Low" }, { key: "high", value: 50 }] }) {
        key type name description tags owner version updatedBy variations { key name value } } }`,
    );
    expect(data.updateFlag).toMatchObject({
      key: 'limits',
      type: 'NUMBER',
      name: 'Rate limits',
      description: 'Per minute',
      tags: ['api'],
      owner: 'platform',
      version: 2,
      variations: [
        { key: 'low', name: 'Low', value: 5 },
        { key: 'high', name: null, value: 50 },
      ],
    });
    expect(data.updateFlag.updatedBy).toBeTruthy();
  });

  it.each([
    [
      'a value of the wrong type',
      '[{ key: "low", value: "one" }, { key: "high", value: 50 }]',
      'input.variations[0].value',
    ],
    [
      'a removed variation still served',
      '[{ key: "low", value: 5 }, { key: "mid", value: 20 }]',
      'input.variations',
    ],
    [
      'a duplicate variation key',
      '[{ key: "low", value: 5 }, { key: "low", value: 6 }]',
      'input.variations[1].key',
    ],
  ])('refuses %s as BAD_USER_INPUT naming %s', async (_what, variations, field) => {
    // `high` is the fallthrough of every environment, so removing it must fail.
    const v = await version('limits');
    const body = await stack.gql(
      `mutation { updateFlag(key: "limits", expectedVersion: ${v}, input: { variations: ${variations} }) { key } }`,
    );
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe(field);
    expect(await version('limits')).toBe(v);
  });

  it('archives, restores and deletes (archived only), with CONFLICT for stale versions and wrong states', async () => {
    await stack.gqlOk('mutation { createFlag(input: { key: "old-thing", name: "Old" }) { key } }');
    const notArchived = await stack.gql('mutation { deleteFlag(key: "old-thing", expectedVersion: 1) }');
    expect(errorCodes(notArchived)).toEqual(['CONFLICT']);
    expect(notArchived.errors?.[0]?.message).toMatch(/must be archived/);

    const archived = await stack.gqlOk<{ archiveFlag: { archived: boolean; version: number } }>(
      'mutation { archiveFlag(key: "old-thing", expectedVersion: 1) { archived version } }',
    );
    expect(archived.archiveFlag).toEqual({ archived: true, version: 2 });
    const list = await stack.gqlOk<{ flags: { nodes: { key: string }[] } }>(
      '{ flags(filter: { archived: true }) { nodes { key } } }',
    );
    expect(list.flags.nodes).toEqual([{ key: 'old-thing' }]);

    const restored = await stack.gqlOk<{ restoreFlag: { archived: boolean } }>(
      'mutation { restoreFlag(key: "old-thing", expectedVersion: 2) { archived } }',
    );
    expect(restored.restoreFlag.archived).toBe(false);
    const stale = await stack.gql(
      'mutation { archiveFlag(key: "old-thing", expectedVersion: 2) { archived } }',
    );
    expect(errorCodes(stale)).toEqual(['CONFLICT']);
    expect(stale.errors?.[0]?.extensions?.currentVersion).toBe(3);

    await stack.gqlOk('mutation { archiveFlag(key: "old-thing", expectedVersion: 3) { archived } }');
    const deleted = await stack.gqlOk<{ deleteFlag: string }>(
      'mutation { deleteFlag(key: "old-thing", expectedVersion: 4) }',
    );
    expect(deleted.deleteFlag).toBe('old-thing');
    expect(errorCodes(await stack.gql('{ flag(key: "old-thing") { key } }'))).toEqual(['NOT_FOUND']);
    const audit = await stack.gqlOk<{ auditLog: { nodes: { action: string }[] } }>(
      '{ auditLog(filter: { resourceKey: "old-thing" }) { nodes { action } } }',
    );
    expect(audit.auditLog.nodes.map((n) => n.action)).toEqual([
      'flag.deleted',
      'flag.archived',
      'flag.restored',
      'flag.archived',
      'flag.created',
    ]);
  });

  it('refuses to delete a flag other flags name as a prerequisite', async () => {
    await stack.gqlOk('mutation { createFlag(input: { key: "base", name: "Base" }) { key } }');
    await stack.gqlOk('mutation { createFlag(input: { key: "dependent", name: "Dependent" }) { key } }');
    await stack.gqlOk(`mutation { updateTargeting(key: "dependent", environment: "production", expectedVersion: 1,
      input: { prerequisites: [{ flagKey: "base", variation: "on" }] }) { key } }`);
    await stack.gqlOk('mutation { archiveFlag(key: "base", expectedVersion: 1) { key } }');
    const body = await stack.gql('mutation { deleteFlag(key: "base", expectedVersion: 2) }');
    expect(errorCodes(body)).toEqual(['CONFLICT']);
    expect(body.errors?.[0]?.message).toMatch(/prerequisite of dependent/);
  });

  it('filters by environment and kill switch', async () => {
    await stack.gqlOk(
      'mutation { createFlag(input: { key: "lit", name: "Lit", tags: ["switch"] }) { key } }',
    );
    await stack.gqlOk(
      'mutation { createFlag(input: { key: "dim", name: "Dim", tags: ["switch"] }) { key } }',
    );
    await stack.gqlOk(
      'mutation { setFlagEnabled(key: "lit", environment: "staging", enabled: true, expectedVersion: 1) { key } }',
    );
    const query = (enabled: boolean) =>
      stack.gqlOk<{ flags: { totalCount: number; nodes: { key: string }[] } }>(
        `{ flags(filter: { tags: ["switch"], environment: "staging", enabled: ${enabled} }) { totalCount nodes { key } } }`,
      );
    expect((await query(true)).flags).toEqual({ totalCount: 1, nodes: [{ key: 'lit' }] });
    expect((await query(false)).flags).toEqual({ totalCount: 1, nodes: [{ key: 'dim' }] });
    const body = await stack.gql('{ flags(filter: { enabled: true }) { totalCount } }');
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe('filter.enabled');
  });
});
