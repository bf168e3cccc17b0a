import { errorCodes, startTestStack, type TestStack, type TestUser } from '@switchyard/testkit';

interface Entry {
  id: string;
  seq: number;
  action: string;
  environment: string | null;
  after: Record<string, unknown> | null;
}

const FLAG = 'name description tags owner version variations { key name value }';
const TARGETING =
  'enabled offVariation fallthrough { variation } targets { variation values } rules { id conditions { attribute operator values } serve { variation } }';
const SEGMENT =
  'name description version included excluded rules { id conditions { attribute operator values } }';

describe('revertFlag and revertSegment through the gateway', () => {
  let stack: TestStack;
  let viewer: TestUser;

  /** The resource's entries, newest first. */
  const entries = async (key: string) =>
    (
      await stack.gqlOk<{ auditLog: { nodes: Entry[] } }>(
        'query($k: String) { auditLog(filter: { resourceKey: $k }, first: 100) { nodes { id seq action environment after } } }',
        { k: key },
      )
    ).auditLog.nodes;
  const flag = async (key: string) =>
    (
      await stack.gqlOk<{ flag: Record<string, unknown> & { version: number } }>(
        `{ flag(key: "${key}") { ${FLAG} staging: environment(key: "staging") { ${TARGETING} } } }`,
      )
    ).flag;
  const segment = async (key: string) =>
    (
      await stack.gqlOk<{ segment: Record<string, unknown> & { version: number } }>(
        `{ segment(key: "${key}") { ${SEGMENT} } }`,
      )
    ).segment;
  const revertFlag = (key: string, auditEntryId: string, expectedVersion: number, token?: string) =>
    stack.gql<{ revertFlag: Record<string, unknown> & { version: number } }>(
      `mutation($k: String!, $id: ID!, $v: Int!) { revertFlag(key: $k, auditEntryId: $id, expectedVersion: $v) {
        ${FLAG} staging: environment(key: "staging") { ${TARGETING} } } }`,
      { k: key, id: auditEntryId, v: expectedVersion },
      token ? { token } : {},
    );
  const revertSegment = (key: string, auditEntryId: string, expectedVersion: number, token?: string) =>
    stack.gql<{ revertSegment: Record<string, unknown> & { version: number } }>(
      `mutation($k: String!, $id: ID!, $v: Int!) { revertSegment(key: $k, auditEntryId: $id, expectedVersion: $v) { ${SEGMENT} } }`,
      { k: key, id: auditEntryId, v: expectedVersion },
      token ? { token } : {},
    );

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
    viewer = await stack.createUser('viewer');
  }, 120_000);
  afterAll(() => stack?.stop());

  it('restores a flag changed three times to its state after the first change, as a new version on configChanged', async () => {
    await stack.gqlOk(
      `mutation { createFlag(input: { key: "checkout", name: "Checkout", type: STRING, variations: [
        { key: "a", value: "A" }, { key: "b", value: "B" }] }) { key } }`,
    );
    await stack.gqlOk(
      `mutation { updateFlag(key: "checkout", expectedVersion: 1, input: { name: "Checkout v1", description: "first",
        tags: ["one"], owner: "team-a" }) { version } }`,
    );
    const then = await flag('checkout');
    await stack.gqlOk(
      `mutation { updateFlag(key: "checkout", expectedVersion: 2, input: { name: "Checkout v2", tags: ["two"],
        variations: [{ key: "a", value: "A" }, { key: "b", value: "B" }, { key: "c", value: "C" }] }) { version } }`,
    );
    await stack.gqlOk(
      'mutation { updateFlag(key: "checkout", expectedVersion: 3, input: { description: "third", owner: null }) { version } }',
    );
    const history = await entries('checkout');
    expect(history.map((e) => e.action)).toEqual([
      'flag.updated',
      'flag.updated',
      'flag.updated',
      'flag.created',
    ]);
    const first = history[2]!;

    const sub = await stack.subscribe<{
      configChanged: {
        seq: number;
        kind: string;
        resourceKey: string;
        flag: { name: string; version: number } | null;
      };
    }>(
      'subscription($since: Int) { configChanged(environment: "production", sinceVersion: $since) { seq kind resourceKey flag { name version } } }',
      { since: history[0]!.seq },
    );
    const body = await revertFlag('checkout', first.id, 4);
    expect(body.errors).toBeUndefined();
    const { version, ...state } = body.data!.revertFlag;
    const { version: thenVersion, ...thenState } = then;
    expect(state).toEqual(thenState);
    expect(version).toBe(5);
    expect(thenVersion).toBe(2);
    expect(await flag('checkout')).toEqual(body.data!.revertFlag);

    const [latest] = await entries('checkout');
    expect(latest).toMatchObject({
      action: 'flag.reverted',
      environment: null,
      after: {
        name: 'Checkout v1',
        description: 'first',
        tags: ['one'],
        owner: 'team-a',
        version: 5,
        revertedTo: { auditEntryId: first.id, seq: first.seq },
      },
    });
    const [event] = await sub.waitFor(1);
    await sub.close();
    expect(event!.data!.configChanged).toEqual({
      seq: latest!.seq,
      kind: 'FLAG_UPDATED',
      resourceKey: 'checkout',
      flag: { name: 'Checkout v1', version: 5 },
    });
  });

  it("restores an environment's targeting from that environment's entry, leaving the others", async () => {
    await stack.gqlOk('mutation { createFlag(input: { key: "banner", name: "Banner" }) { key } }');
    await stack.gqlOk(
      `mutation { updateTargeting(key: "banner", environment: "staging", expectedVersion: 1, input: { enabled: true,
        targets: [{ variation: "on", values: ["u1"] }], fallthrough: { variation: "off" } }) { version } }`,
    );
    const then = (await flag('banner')).staging;
    await stack.gqlOk(
      `mutation { updateTargeting(key: "banner", environment: "staging", expectedVersion: 2, input: { targets: [],
        rules: [{ id: "beta", conditions: [{ attribute: "plan", operator: "equals", values: ["beta"] }], serve: { variation: "on" } }] }) { version } }`,
    );
    await stack.gqlOk(
      'mutation { setFlagEnabled(key: "banner", environment: "staging", enabled: false, expectedVersion: 3) { version } }',
    );
    await stack.gqlOk(
      'mutation { updateFlag(key: "banner", expectedVersion: 4, input: { name: "Top banner" }) { version } }',
    );
    const history = await entries('banner');
    const first = history.filter((e) => e.action === 'flag.targeting.updated').at(-1)!;

    const body = await revertFlag('banner', first.id, 5);
    expect(body.errors).toBeUndefined();
    expect(body.data!.revertFlag).toMatchObject({ version: 6, name: 'Top banner', staging: then });
    const [latest] = await entries('banner');
    expect(latest).toMatchObject({
      action: 'flag.targeting.reverted',
      environment: 'staging',
      after: { version: 6, enabled: true, revertedTo: { auditEntryId: first.id, seq: first.seq } },
    });
  });

  it('restores a segment with its key lists, rules and name', async () => {
    await stack.gqlOk(
      `mutation { createSegment(input: { key: "testers", name: "Testers", included: ["a", "b"], excluded: ["x"],
        rules: [{ id: "r1", conditions: [{ attribute: "email", operator: "endsWith", values: ["@corp.example"] }] }] }) { key } }`,
    );
    const then = await segment('testers');
    await stack.gqlOk(
      'mutation { updateSegment(key: "testers", expectedVersion: 1, input: { addIncluded: ["c"], removeIncluded: ["a"], name: "QA" }) { version } }',
    );
    await stack.gqlOk(
      'mutation { updateSegment(key: "testers", expectedVersion: 2, input: { excluded: [], rules: [] }) { version } }',
    );
    await stack.gqlOk(
      'mutation { updateSegment(key: "testers", expectedVersion: 3, input: { addIncluded: ["d", "a"], description: "all" }) { version } }',
    );
    const history = await entries('testers');
    const created = history.at(-1)!;
    expect(created.action).toBe('segment.created');

    const body = await revertSegment('testers', created.id, 4);
    expect(body.errors).toBeUndefined();
    const { version, ...state } = body.data!.revertSegment;
    const { version: _then, ...thenState } = then;
    expect(state).toEqual(thenState);
    expect(version).toBe(5);
    const [latest] = await entries('testers');
    expect(latest).toMatchObject({
      action: 'segment.reverted',
      after: {
        name: 'Testers',
        version: 5,
        included: { added: [], removed: ['c', 'd'] },
        excluded: { added: ['x'], removed: [] },
        revertedTo: { auditEntryId: created.id, seq: created.seq },
      },
    });
  });

  it("refuses an unknown entry, another resource's entry, an entry without state and a stale version", async () => {
    const current = await flag('checkout');
    const unknown = await revertFlag('checkout', '987654321', current.version);
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
    const notAnId = await revertSegment('testers', 'nope', (await segment('testers')).version);
    expect(errorCodes(notAnId)).toEqual(['NOT_FOUND']);

    const other = (await entries('banner'))[0]!;
    const wrongFlag = await revertFlag('checkout', other.id, current.version);
    expect(errorCodes(wrongFlag)).toEqual(['BAD_USER_INPUT']);
    expect(wrongFlag.errors![0]!.extensions!.field).toBe('auditEntryId');
    expect(wrongFlag.errors![0]!.message).toContain('flag "banner"');
    const flagEntryAsSegment = await revertSegment('testers', other.id, (await segment('testers')).version);
    expect(errorCodes(flagEntryAsSegment)).toEqual(['BAD_USER_INPUT']);
    expect(flagEntryAsSegment.errors![0]!.extensions!.field).toBe('auditEntryId');

    await stack.gqlOk('mutation { createFlag(input: { key: "gone", name: "Gone" }) { key } }');
    await stack.gqlOk('mutation { archiveFlag(key: "gone", expectedVersion: 1) { version } }');
    await stack.gqlOk('mutation { deleteFlag(key: "gone", expectedVersion: 2) }');
    const deleted = (await entries('gone'))[0]!;
    expect(deleted.action).toBe('flag.deleted');
    const noState = await revertFlag('gone', deleted.id, 3);
    expect(errorCodes(noState)).toEqual(['BAD_USER_INPUT']);
    expect(noState.errors![0]!.extensions!.field).toBe('auditEntryId');
    expect(noState.errors![0]!.message).toContain('no state to restore');

    const first = (await entries('checkout')).at(-1)!;
    const stale = await revertFlag('checkout', first.id, current.version - 1);
    expect(errorCodes(stale)).toEqual(['CONFLICT']);
    const segmentFirst = (await entries('testers')).at(-1)!;
    const staleSegment = await revertSegment('testers', segmentFirst.id, 1);
    expect(errorCodes(staleSegment)).toEqual(['CONFLICT']);
    // Nothing was written by the refusals.
    expect(await flag('checkout')).toEqual(current);
  });

  it('refuses viewers', async () => {
    const first = (await entries('checkout')).at(-1)!;
    const flagBody = await revertFlag('checkout', first.id, (await flag('checkout')).version, viewer.token);
    expect(errorCodes(flagBody)).toEqual(['FORBIDDEN']);
    const segmentFirst = (await entries('testers')).at(-1)!;
    const segmentBody = await revertSegment(
      'testers',
      segmentFirst.id,
      (await segment('testers')).version,
      viewer.token,
    );
    expect(errorCodes(segmentBody)).toEqual(['FORBIDDEN']);
  });

  it('refuses reverting targeting where the environment requires approval, as updateTargeting does, pointing at a change request', async () => {
    await stack.gqlOk('mutation { createFlag(input: { key: "pricing", name: "Pricing" }) { key } }');
    await stack.gqlOk(
      'mutation { setFlagEnabled(key: "pricing", environment: "production", enabled: true, expectedVersion: 1) { version } }',
    );
    await stack.gqlOk(
      'mutation { setFlagEnabled(key: "pricing", environment: "production", enabled: false, expectedVersion: 2) { version } }',
    );
    const enabled = (await entries('pricing')).find((e) => e.action === 'flag.enabled')!;
    await stack.gqlOk(
      'mutation { setApprovalPolicy(environment: "production", requiredApprovals: 1) { version } }',
    );
    try {
      const direct = await stack.gql(
        'mutation { setFlagEnabled(key: "pricing", environment: "production", enabled: true, expectedVersion: 3) { version } }',
      );
      const reverted = await revertFlag('pricing', enabled.id, 3);
      expect(errorCodes(reverted)).toEqual(['FORBIDDEN']);
      expect(reverted.errors![0]!.extensions!.reason).toBe('APPROVAL_REQUIRED');
      expect(direct.errors![0]!.extensions!.reason).toBe('APPROVAL_REQUIRED');
      // The same revert is proposed with createChangeRequest (change-request-kinds.test.ts).
      expect(reverted.errors![0]!.message).toMatch(/createChangeRequest\(input: \{ revertTo \}\)/);
      expect((await flag('pricing')).version).toBe(3);
      // Metadata has no environment: a revert of it is refused nowhere, as updateFlag is not.
      const created = (await entries('pricing')).at(-1)!;
      const metadata = await revertFlag('pricing', created.id, 3);
      expect(metadata.errors).toBeUndefined();
    } finally {
      await stack.gqlOk(
        'mutation { setApprovalPolicy(environment: "production", requiredApprovals: 0) { version } }',
      );
    }
  });
});
