import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';

type Entry = {
  seq: number;
  action: string;
  resourceKey: string;
  actorName: string;
  environment: string | null;
  before: unknown;
  after: unknown;
};

describe('auditLog and configChanges through the gateway', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
    await stack.gqlOk('mutation { createFlag(input: { key: "a1", name: "A1" }) { key } }');
    await stack.gqlOk('mutation { createSegment(input: { key: "s1", name: "S1" }) { key } }');
    await stack.gqlOk(
      'mutation { setFlagEnabled(key: "a1", environment: "staging", enabled: true, expectedVersion: 1) { key } }',
    );
    await stack.gqlOk(
      'mutation { updateFlag(key: "a1", expectedVersion: 2, input: { name: "A one" }) { key } }',
    );
  }, 120_000);
  afterAll(() => stack?.stop());

  it('lists entries newest first with actor, before/after and paging', async () => {
    const query = `query($after: String) { auditLog(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      nodes { seq action resourceKey actorName environment before after ip userAgent at } } }`;
    type Page = {
      auditLog: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Entry[] };
    };
    const first = await stack.gqlOk<Page>(query);
    // The four writes, and the test stack's sign-in of its admin (an audited event, seq 0: no version taken).
    expect(first.auditLog.totalCount).toBe(5);
    expect(first.auditLog.nodes.map((n) => n.action)).toEqual(['flag.updated', 'flag.enabled']);
    expect(first.auditLog.nodes[0]).toMatchObject({
      before: { name: 'A1' },
      after: { name: 'A one' },
      environment: null,
    });
    expect(first.auditLog.nodes[0]!.actorName).toBeTruthy();
    expect(first.auditLog.nodes[1]).toMatchObject({
      environment: 'staging',
      before: { enabled: false },
      after: { enabled: true },
    });
    const second = await stack.gqlOk<Page>(query, { after: first.auditLog.pageInfo.endCursor });
    expect(second.auditLog.nodes.map((n) => n.action)).toEqual(['segment.created', 'flag.created']);
    expect([...first.auditLog.nodes, ...second.auditLog.nodes].map((n) => n.seq)).toEqual([4, 3, 2, 1]);
    const third = await stack.gqlOk<Page>(query, { after: second.auditLog.pageInfo.endCursor });
    expect(third.auditLog.nodes.map((n) => [n.action, n.seq])).toEqual([['user.signed_in', 0]]);
    expect(third.auditLog.pageInfo.hasNextPage).toBe(false);
  });

  it.each([
    ['{ resourceKey: "s1" }', ['segment.created']],
    ['{ action: "flag." }', ['flag.updated', 'flag.enabled', 'flag.created']],
    ['{ action: "flag.enabled" }', ['flag.enabled']],
    ['{ environment: "staging" }', ['flag.enabled']],
    ['{ from: "2000-01-01T00:00:00Z", to: "2001-01-01T00:00:00Z" }', []],
    ['{ actor: "nobody-at-all" }', []],
  ])('filters by %s', async (filter, actions) => {
    const data = await stack.gqlOk<{ auditLog: { nodes: Entry[] } }>(
      `{ auditLog(filter: ${filter}) { nodes { action } } }`,
    );
    expect(data.auditLog.nodes.map((n) => n.action)).toEqual(actions);
  });

  it('filters by actor id or name', async () => {
    const all = await stack.gqlOk<{ auditLog: { nodes: { actorId: string; actorName: string }[] } }>(
      '{ auditLog { nodes { actorId actorName } } }',
    );
    const { actorId, actorName } = all.auditLog.nodes[0]!;
    for (const [actor, mine] of [
      [actorId, all.auditLog.nodes.filter((n) => n.actorId === actorId).length],
      [actorName, all.auditLog.nodes.filter((n) => n.actorName === actorName).length],
    ] as const) {
      const data = await stack.gqlOk<{ auditLog: { totalCount: number } }>(
        'query($a: String) { auditLog(filter: { actor: $a }) { totalCount } }',
        { a: actor },
      );
      // The four writes at least (the admin's own sign-in too, when its id is the writer's).
      expect(mine).toBeGreaterThanOrEqual(4);
      expect(data.auditLog.totalCount).toBe(mine);
    }
  });

  it('replays config changes after a version, per environment, with the changed entity', async () => {
    const data = await stack.gqlOk<{ configChanges: Record<string, unknown>[] }>(
      `{ configChanges(sinceVersion: 1, environment: "staging") { seq environment kind resourceType resourceKey at
        flag { key name } segment { key } experiment { key } } }`,
    );
    expect(data.configChanges.map(({ at: _at, ...c }) => c)).toEqual([
      {
        seq: 2,
        environment: null,
        kind: 'SEGMENT_CREATED',
        resourceType: 'segment',
        resourceKey: 's1',
        flag: null,
        segment: { key: 's1' },
        experiment: null,
      },
      {
        seq: 3,
        environment: 'staging',
        kind: 'FLAG_TARGETING_UPDATED',
        resourceType: 'flag',
        resourceKey: 'a1',
        flag: { key: 'a1', name: 'A one' },
        segment: null,
        experiment: null,
      },
      {
        seq: 4,
        environment: null,
        kind: 'FLAG_UPDATED',
        resourceType: 'flag',
        resourceKey: 'a1',
        flag: { key: 'a1', name: 'A one' },
        segment: null,
        experiment: null,
      },
    ]);
    const production = await stack.gqlOk<{ configChanges: { seq: number }[] }>(
      '{ configChanges(sinceVersion: 0, environment: "production") { seq } }',
    );
    expect(production.configChanges.map((c) => c.seq)).toEqual([1, 2, 4]);
    const limited = await stack.gqlOk<{ configChanges: { seq: number }[] }>(
      '{ configChanges(sinceVersion: 0, first: 2) { seq } }',
    );
    expect(limited.configChanges.map((c) => c.seq)).toEqual([1, 2]);
  });

  it('refuses a page size out of range', async () => {
    const body = await stack.gql('{ configChanges(sinceVersion: 0, first: 5000) { seq } }');
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe('first');
  });
});
