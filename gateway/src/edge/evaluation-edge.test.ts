import { errorCodes, graphql, startTestStack, type TestStack } from '@switchyard/testkit';

const EVALUATE = `query Evaluate($environment: String!, $context: JSON!, $keys: [String!]) {
  evaluate(environment: $environment, context: $context, keys: $keys) {
    __typename key variation reason ruleId errorCode inExperiment experimentKey prerequisiteKey
    ... on BooleanFlagValue { value } ... on StringFlagValue { stringValue: value }
    ... on NumberFlagValue { numberValue: value } ... on JsonFlagValue { jsonValue: value }
  }
}`;
// The same selection next to a field of another kind: planned and executed by the federated path.
const FEDERATED = EVALUATE.replace('evaluate(', 'flags(first: 1) { totalCount } evaluate(');

type Values = { key: string; variation: string | null; reason: string }[];

function contextFor(i: number) {
  return {
    key: `user-${i}`,
    email: i % 3 === 0 ? `person${i}@example.com` : `person${i}@switchyard.dev`,
    country: ['DE', 'FR', 'US', 'GB', 'JP'][i % 5],
    language: ['de', 'en', 'fr'][i % 3],
    appVersion: `${1 + (i % 3)}.${i % 10}.0`,
    sessionsPerWeek: i % 20,
    user: { plan: ['free', 'pro', 'enterprise'][i % 3] },
  };
}

describe('the evaluation edge (evaluate answered in the gateway)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      seedDemo: true,
      env: { EVALUATION_USAGE_FLUSH_MS: '300', SUBGRAPH_TIMEOUT_MS: '60000' },
    });
  }, 120_000);
  afterAll(() => stack?.stop());

  async function evaluate(
    query: string,
    variables: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) {
    const res = await fetch(stack.graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await stack.adminToken()}`,
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: { evaluate: Values } | null; errors?: unknown[] };
    return { body, edge: res.headers.get('x-switchyard-evaluated-by') === 'edge' };
  }

  it('answers exactly what the flags subgraph answers, for every demo flag and many contexts', async () => {
    for (const environment of ['production', 'staging']) {
      for (let i = 0; i < 60; i++) {
        const variables = { environment, context: contextFor(i) };
        const edge = await evaluate(EVALUATE, variables);
        const federated = await evaluate(FEDERATED, variables);
        expect(edge.edge).toBe(true);
        expect(federated.edge).toBe(false);
        expect(edge.body.errors).toBeUndefined();
        expect(edge.body.data!.evaluate.length).toBeGreaterThan(5);
        expect(edge.body.data!.evaluate).toEqual((federated.body.data as { evaluate: Values }).evaluate);
      }
    }
  });

  it('answers `keys`, unknown keys included, like the subgraph', async () => {
    const variables = {
      environment: 'production',
      context: contextFor(7),
      keys: ['new-checkout', 'no-such-flag'],
    };
    const edge = await evaluate(EVALUATE, variables);
    const federated = await evaluate(FEDERATED, variables);
    expect(edge.edge).toBe(true);
    expect(edge.body.data!.evaluate.map((v) => v.reason)).toEqual([expect.any(String), 'ERROR']);
    expect(edge.body.data!.evaluate).toEqual((federated.body.data as { evaluate: Values }).evaluate);
  });

  it('projects fragments, aliases, directives and root __typename exactly as graphql-js does', async () => {
    const query = `query Shaped($context: JSON!, $withValue: Boolean!, $skipRule: Boolean = false) {
      __typename
      first: evaluate(environment: "production", context: $context) { ...Basics why: reason }
      first: evaluate(environment: "production", context: $context) {
        ruleId @skip(if: $skipRule)
        ... on BooleanFlagValue @include(if: $withValue) { on: value }
        ... on FlagValue { kind: __typename }
      }
      second: evaluate(environment: "production", context: $context, keys: "checkout-color") {
        key ... on StringFlagValue { value @include(if: $withValue) }
      }
    }
    fragment Basics on FlagValue { key variation }`;
    for (const [withValue, skipRule] of [
      [true, false],
      [false, true],
    ]) {
      const variables = { context: contextFor(3), withValue, skipRule };
      const edge = await evaluate(query, variables);
      const federated = await evaluate(
        query.replace('__typename\n', '__typename flags(first: 1) { totalCount }\n'),
        variables,
      );
      expect(edge.edge).toBe(true);
      expect(federated.edge).toBe(false);
      const { flags: _flags, ...federatedData } = federated.body.data as Record<string, unknown>;
      expect(JSON.stringify(edge.body.data)).toEqual(JSON.stringify(federatedData));
    }
  });

  it('reads its own writes: a change made through this gateway is served by the next request', async () => {
    await stack.gqlOk('mutation { createFlag(input: { key: "edge-ryw", name: "Edge RYW" }) { key } }');
    let version = 1;
    for (const enabled of [true, false, true, false, true]) {
      const data = await stack.gqlOk<{ setFlagEnabled: { version: number } }>(
        `mutation { setFlagEnabled(key: "edge-ryw", environment: "production", enabled: ${enabled}, expectedVersion: ${version}) { version } }`,
      );
      version = data.setFlagEnabled.version;
      const { body, edge } = await evaluate(EVALUATE, {
        environment: 'production',
        context: { key: 'u1' },
        keys: ['edge-ryw'],
      });
      expect(edge).toBe(true);
      expect(body.data!.evaluate[0]!.reason).toBe(enabled ? 'FALLTHROUGH' : 'OFF');
    }
  });

  it('picks up a change made through another gateway replica from the event bus', async () => {
    const replica = await stack.addGateway('gateway-edge-replica');
    const token = await stack.adminToken();
    const data = await graphql<{ flag: { version: number } }>(
      replica.graphqlUrl,
      '{ flag(key: "edge-ryw") { version } }',
      {},
      {
        authorization: `Bearer ${token}`,
      },
    );
    // Warm this gateway's copy first, so the change has to arrive as an invalidation.
    const before = await evaluate(EVALUATE, {
      environment: 'production',
      context: { key: 'u1' },
      keys: ['edge-ryw'],
    });
    expect(before.body.data!.evaluate[0]!.reason).toBe('FALLTHROUGH');
    const changed = await graphql(
      replica.graphqlUrl,
      `mutation { setFlagEnabled(key: "edge-ryw", environment: "production", enabled: false, expectedVersion: ${data.data!.flag.version}) { version } }`,
      {},
      { authorization: `Bearer ${token}` },
    );
    expect(changed.errors).toBeUndefined();
    let reason = '';
    let fromEdge = false;
    for (const deadline = Date.now() + 5000; Date.now() < deadline && reason !== 'OFF'; ) {
      const { body, edge } = await evaluate(EVALUATE, {
        environment: 'production',
        context: { key: 'u1' },
        keys: ['edge-ryw'],
      });
      reason = body.data!.evaluate[0]!.reason;
      fromEdge = edge;
      if (reason !== 'OFF') await new Promise((r) => setTimeout(r, 50));
    }
    expect(reason).toBe('OFF');
    expect(fromEdge).toBe(true);
  });

  it('keeps serving the last known flag sets, marked stale, while the flags subgraph hangs after a mutation', async () => {
    const context = { key: 'stale-user', country: 'DE' };
    const before = await evaluate(EVALUATE, { environment: 'production', context });
    expect(before.edge).toBe(true);
    const flags = stack.services.get('flags')!;
    // Stopped, not killed: calls to it hang until the subgraph timeout (60 s here) instead of failing fast.
    process.kill(-flags.pid!, 'SIGSTOP');
    try {
      // Any relayed mutation drops the edge's sets (read-your-writes), one of another subgraph too.
      const write = await stack.gql('mutation { trackEvents(events: []) { accepted } }');
      expect(write.errors).toBeUndefined();
      for (let i = 0; i < 5; i++) {
        const res = await fetch(stack.graphqlUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${await stack.adminToken()}`,
          },
          body: JSON.stringify({ query: EVALUATE, variables: { environment: 'production', context } }),
        });
        const body = (await res.json()) as { data?: { evaluate: Values }; extensions?: { stale?: boolean } };
        expect(res.headers.get('x-switchyard-evaluated-by')).toBe('edge');
        expect(res.headers.get('x-switchyard-stale')).toBe('true');
        expect(body.extensions).toEqual({ stale: true });
        expect(body.data?.evaluate).toEqual(before.body.data?.evaluate);
      }
    } finally {
      process.kill(-flags.pid!, 'SIGCONT');
    }
    // Back: fresh answers, no longer marked.
    for (;;) {
      const res = await fetch(stack.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.adminToken()}` },
        body: JSON.stringify({ query: EVALUATE, variables: { environment: 'production', context } }),
      });
      await res.json();
      if (res.headers.get('x-switchyard-stale') === null) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 50_000);

  it('leaves refusals to the federated path, with the same codes', async () => {
    const context = contextFor(1);
    const anonymous = await graphql(stack.graphqlUrl, EVALUATE, { environment: 'production', context });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);

    const stagingKey = await stack.createApiKey('client', { environment: 'staging' });
    const asKey = { authorization: `Bearer ${stagingKey.secret}` };
    const otherEnvironment = await evaluate(EVALUATE, { environment: 'production', context }, asKey);
    expect(otherEnvironment.edge).toBe(false);
    expect(errorCodes(otherEnvironment.body as never)).toEqual(['FORBIDDEN']);
    const ownEnvironment = await evaluate(EVALUATE, { environment: 'staging', context }, asKey);
    expect(ownEnvironment.edge).toBe(true);
    expect(ownEnvironment.body.data!.evaluate.length).toBeGreaterThan(5);

    const unknown = await evaluate(EVALUATE, { environment: 'no-such-environment', context });
    expect(unknown.edge).toBe(false);
    expect(errorCodes(unknown.body as never)).toEqual(['NOT_FOUND']);

    const keyless = await evaluate(EVALUATE, { environment: 'production', context: { country: 'DE' } });
    expect(keyless.edge).toBe(false);
    expect(errorCodes(keyless.body as never)).toEqual(['BAD_USER_INPUT']);
  });

  it('counts its evaluations for Flag.usage like the subgraph does', async () => {
    await stack.gqlOk('mutation { createFlag(input: { key: "edge-usage", name: "Edge usage" }) { key } }');
    await stack.gqlOk(
      'mutation { setFlagEnabled(key: "edge-usage", environment: "staging", enabled: true, expectedVersion: 1) { version } }',
    );
    for (let i = 0; i < 7; i++) {
      const { edge } = await evaluate(EVALUATE, {
        environment: 'staging',
        context: { key: `u${i}` },
        keys: ['edge-usage'],
      });
      expect(edge).toBe(true);
    }
    const usage = `{ flag(key: "edge-usage") { usage(days: 1, environment: "staging") { evaluations } } }`;
    let evaluations = 0;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && evaluations < 7; ) {
      await new Promise((r) => setTimeout(r, 200));
      const data = await stack.gqlOk<{ flag: { usage: { evaluations: number } } }>(usage);
      evaluations = data.flag.usage.evaluations;
    }
    expect(evaluations).toBe(7);
  });
});
