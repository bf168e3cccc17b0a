import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';

const ASSIGN = `query Assign($key: String!, $context: JSON!) {
  assignment(experimentKey: $key, context: $context) { experimentKey userKey variant configuration reason assignedAt }
}`;
// The same selection with an entity link: planned and executed by the federated path.
const FEDERATED = ASSIGN.replace('assignedAt }', 'assignedAt experiment { key } }');

type Assignment = {
  experimentKey: string;
  userKey: string;
  variant: string | null;
  configuration: unknown;
  reason: string;
  assignedAt: string | null;
  experiment?: { key: string };
};
type Body = { data?: { assignment: Assignment } | null; errors?: { extensions?: Record<string, unknown> }[] };

function contextFor(i: number) {
  return { key: `user-${i}`, country: ['DE', 'FR', 'US'][i % 3], plan: ['free', 'pro'][i % 2] };
}

describe('the assignment edge (assignment answered by the gateway through the internal route)', () => {
  let stack: TestStack;
  let token: string;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    token = await stack.adminToken();
    await stack.gqlOk(
      'mutation { createMetric(input: { key: "purchase", name: "Purchase", kind: CONVERSION, eventName: "purchase" }) { key } }',
    );
    for (const flag of ['edge-flag', 'edge-draft-flag']) {
      await stack.gqlOk(
        `mutation { createFlag(input: { key: "${flag}", name: "${flag}", type: STRING, variations: [
          { key: "a", value: "a" }, { key: "b", value: "b" }, { key: "c", value: "c" }] }) { key } }`,
      );
    }
    await stack.gqlOk(
      `mutation { createExperiment(input: { key: "edge-exp", name: "Edge", environment: "production",
        flagKey: "edge-flag", trafficAllocation: 80, primaryMetric: "purchase",
        variants: [{ key: "a", weight: 40, configuration: { size: 1, label: "A" } }, { key: "b", weight: 30 }, { key: "c", weight: 30 }],
        audience: { conditions: [{ attribute: "country", operator: "in", values: ["DE", "FR"] }] } }) { key } }`,
    );
    await stack.gqlOk('mutation { startExperiment(key: "edge-exp") { status } }');
    await stack.gqlOk(
      `mutation { createExperiment(input: { key: "edge-draft", name: "Draft", environment: "production",
        flagKey: "edge-draft-flag", primaryMetric: "purchase",
        variants: [{ key: "a", weight: 50 }, { key: "b", weight: 50 }] }) { key } }`,
    );
  }, 180_000);
  afterAll(() => stack?.stop());

  async function post(query: string, variables: Record<string, unknown>, auth: string | null = token) {
    const res = await fetch(stack.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return {
      body: (await res.json()) as Body,
      edge: res.headers.get('x-switchyard-evaluated-by') === 'edge',
    };
  }

  it('answers what the federated path answers, whichever of the two assigns first', async () => {
    const reasons = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const variables = { key: 'edge-exp', context: contextFor(i) };
      const [firstDoc, secondDoc] = i % 2 === 0 ? [ASSIGN, FEDERATED] : [FEDERATED, ASSIGN];
      const first = await post(firstDoc, variables);
      const second = await post(secondDoc, variables);
      expect(first.edge).toBe(firstDoc === ASSIGN);
      expect(second.edge).toBe(secondDoc === ASSIGN);
      expect(first.body.errors).toBeUndefined();
      expect(second.body.errors).toBeUndefined();
      const { experiment: _a, ...a } = first.body.data!.assignment;
      const { experiment: _b, ...b } = second.body.data!.assignment;
      reasons.add(a.reason);
      if (a.reason === 'ASSIGNED') {
        // The first call stored it; the second finds it, whichever path each took.
        expect(b).toEqual({ ...a, reason: 'STICKY' });
      } else {
        expect(b).toEqual(a);
      }
    }
    // The contexts cover every way in and out of the experiment.
    expect([...reasons].sort()).toEqual(['ASSIGNED', 'NOT_IN_AUDIENCE', 'NOT_IN_TRAFFIC']);
  });

  it('projects aliases, fragments, directives and root __typename exactly as graphql-js does', async () => {
    const query = `query Shaped($context: JSON!, $withConfig: Boolean!) {
      __typename
      mine: assignment(experimentKey: "edge-exp", context: $context) {
        ...Basics
        configuration @include(if: $withConfig)
        ... on Assignment { kind: __typename why: reason }
      }
    }
    fragment Basics on Assignment { variant userKey }`;
    const context = { key: 'shaped', country: 'DE' };
    // Assigned first, so both paths below answer STICKY.
    await post(ASSIGN, { key: 'edge-exp', context });
    for (const withConfig of [true, false]) {
      const edge = await post(query, { context, withConfig });
      const federated = await post(query.replace('why: reason', 'why: reason experiment { key }'), {
        context,
        withConfig,
      });
      expect(edge.edge).toBe(true);
      expect(federated.edge).toBe(false);
      const shaped = federated.body.data as unknown as { mine: Record<string, unknown> };
      delete shaped.mine.experiment;
      expect(JSON.stringify(edge.body.data)).toEqual(JSON.stringify(shaped));
    }
  });

  it('answers a draft experiment NOT_RUNNING and leaves refusals to the federated path, with their codes', async () => {
    const draft = await post(ASSIGN, { key: 'edge-draft', context: { key: 'u1' } });
    expect(draft.edge).toBe(true);
    expect(draft.body.data!.assignment).toMatchObject({ variant: null, reason: 'NOT_RUNNING' });

    const anonymous = await post(ASSIGN, { key: 'edge-exp', context: { key: 'u1' } }, null);
    expect(anonymous.edge).toBe(false);
    expect(errorCodes(anonymous.body as never)).toEqual(['UNAUTHENTICATED']);

    const stagingKey = await stack.createApiKey('server', { environment: 'staging' });
    const otherEnvironment = await post(
      ASSIGN,
      { key: 'edge-exp', context: { key: 'u1' } },
      stagingKey.secret,
    );
    expect(otherEnvironment.edge).toBe(false);
    expect(errorCodes(otherEnvironment.body as never)).toEqual(['FORBIDDEN']);

    const unknown = await post(ASSIGN, { key: 'no-such-experiment', context: { key: 'u1' } });
    expect(unknown.edge).toBe(false);
    expect(errorCodes(unknown.body as never)).toEqual(['NOT_FOUND']);

    const keyless = await post(ASSIGN, { key: 'edge-exp', context: { country: 'DE' } });
    expect(keyless.edge).toBe(false);
    expect(errorCodes(keyless.body as never)).toEqual(['BAD_USER_INPUT']);
    expect(keyless.body.errors?.[0]?.extensions?.field).toBe('context.key');
  });

  it('leaves a document with two assignment calls to the federated path', async () => {
    const { body, edge } = await post(
      `query($c: JSON!) { one: assignment(experimentKey: "edge-exp", context: $c) { variant reason }
        two: assignment(experimentKey: "edge-draft", context: $c) { variant reason } }`,
      { c: { key: 'two-calls', country: 'FR' } },
    );
    expect(edge).toBe(false);
    expect(body.errors).toBeUndefined();
    expect((body.data as unknown as { two: { reason: string } }).two.reason).toBe('NOT_RUNNING');
  });

  it('keeps concurrent callers apart when their calls travel in one batch', async () => {
    // An automation token: SDK keys may not call `assignment` on either path.
    const other = await stack.createApiKey('token', { role: 'viewer' });
    const users = Array.from({ length: 40 }, (_, i) => ({ key: `batched-${i}`, country: 'DE' }));
    // Every user asked four times at once, by two different callers, interleaved.
    const answers = await Promise.all(
      users.flatMap((context, i) =>
        [token, other.secret, token, other.secret].map((auth) =>
          post(ASSIGN, { key: 'edge-exp', context }, auth).then((r) => ({ i, ...r })),
        ),
      ),
    );
    for (const { i, edge, body } of answers) {
      expect(edge).toBe(true);
      expect(body.data!.assignment.userKey).toBe(`batched-${i}`);
    }
    for (let i = 0; i < users.length; i++) {
      const mine = answers.filter((a) => a.i === i).map((a) => a.body.data!.assignment);
      expect(new Set(mine.map((a) => `${a.variant}/${a.assignedAt}`)).size).toBe(1);
      if (mine[0]!.variant !== null) {
        expect(mine.filter((a) => a.reason === 'ASSIGNED')).toHaveLength(1);
        const stored = await stack.gqlOk<{ assignments: { experimentKey: string; variant: string }[] }>(
          'query($u: String!) { assignments(userKey: $u) { experimentKey variant } }',
          { u: `batched-${i}` },
        );
        expect(stored.assignments).toEqual([{ experimentKey: 'edge-exp', variant: mine[0]!.variant }]);
      }
    }
  });

  it('says the experiments subgraph is unavailable while it is down, and answers again once it is back', async () => {
    const experiments = stack.services.get('experiments')!;
    await experiments.kill();
    try {
      const down = await post(ASSIGN, { key: 'edge-exp', context: { key: 'while-down', country: 'DE' } });
      expect(down.edge).toBe(false);
      expect(errorCodes(down.body as never)).toEqual(['SERVICE_UNAVAILABLE']);
    } finally {
      experiments.start();
      await experiments.waitUntilReady(60_000);
    }
    const back = await post(ASSIGN, { key: 'edge-exp', context: { key: 'while-down', country: 'DE' } });
    expect(back.edge).toBe(true);
    expect(back.body.errors).toBeUndefined();
  });
});
