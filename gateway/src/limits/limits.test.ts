import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { apiSchemaPath } from '@switchyard/schema';
import { errorCodes, graphql, startTestStack, type TestStack } from '@switchyard/testkit';
import { buildSchema, getIntrospectionQuery, parse } from 'graphql';
import { checkOperationLimits, measureOperation } from './operation-limits';

describe('measureOperation', () => {
  const schema = buildSchema(readFileSync(apiSchemaPath, 'utf8'));
  const shape = (q: string, variables = {}) => {
    const doc = parse(q);
    return measureOperation(doc.definitions[0] as never, doc, variables, schema);
  };
  const none = { introspectionCost: 0, aliases: 0 };
  it.each([
    ['{ flag(key: "a") { key } }', { ...none, depth: 2, cost: 2 }],
    ['{ a: flag(key: "a") { key } b: flag(key: "b") { key } }', { ...none, depth: 2, cost: 4, aliases: 2 }],
    // The page is `nodes`; `experiments`, a list without a page size, counts as 10.
    [
      '{ flags(first: 50) { nodes { key experiments { key } } } }',
      { ...none, depth: 4, cost: 1 + 50 + 50 + 50 + 500 },
    ],
    ['{ flags(first: 5) { edges { node { key } } } }', { ...none, depth: 4, cost: 1 + 5 + 5 + 5 }],
    ['query($n: Int) { flags(first: $n) { totalCount } }', { ...none, depth: 2, cost: 1 + 7 }],
    ['{ ...F } fragment F on Query { flag(key: "x") { key } }', { ...none, depth: 2, cost: 2 }],
    ['{ __typename a: __typename }', { ...none, depth: 1, cost: 2, aliases: 1 }],
    // Introspection: every field counts; its lists multiply like any other.
    [
      '{ a: __schema { types { name } } b: __schema { types { name } } }',
      { depth: 3, cost: 0, aliases: 2, introspectionCost: 2 * (1 + 1 + 10) },
    ],
    [
      '{ __type(name: "Flag") { fields { type { fields { type { fields { name } } } } } } }',
      { ...none, depth: 7, cost: 0, introspectionCost: 1 + 1 + 10 + 10 + 100 + 100 + 1000 },
    ],
  ])('%s', (q, expected) => {
    expect(shape(q, { n: 7 })).toEqual(expected);
  });

  const defaults = { maxDepth: 12, maxCost: 20_000, maxAliases: 30, maxIntrospectionCost: 100_000 };
  it('admits one full introspection query (GraphiQL, codegen) under the default limits', () => {
    const full = getIntrospectionQuery({
      descriptions: true,
      inputValueDeprecation: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
    });
    const measured = shape(full);
    expect(measured.depth).toBe(6);
    expect(checkOperationLimits(measured, defaults)).toBeNull();
  });

  it('refuses an introspection alias bomb and a nested introspection bomb under the default limits', () => {
    const one =
      '__schema { types { name fields { name args { name } type { name kind ofType { name } } } } }';
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${one}`).join(' ')} }`;
    expect(checkOperationLimits(shape(aliased(1000)), defaults)?.extensions.limit).toBe('aliases');
    expect(checkOperationLimits(shape(aliased(31)), defaults)?.extensions.limit).toBe('aliases');
    const nested = `{ __schema { types { ${'fields { type { '.repeat(4)}name${' } }'.repeat(4)} } } }`;
    expect(checkOperationLimits(shape(nested), defaults)?.extensions.limit).toBe('introspection-cost');
  });
});

describe('gateway limits and hardening', () => {
  let stack: TestStack;
  // Signed in (anonymously, from 127.0.0.1, whose bucket of 6 refills once in 1,000 s) once.
  let laneViewer: { token: string };

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags'],
      env: {
        MAX_QUERY_DEPTH: '4',
        MAX_QUERY_ALIASES: '3',
        MAX_QUERY_COST: '300',
        MAX_BATCH_SIZE: '2',
        MAX_BODY_BYTES: '4096',
        MAX_RESPONSE_BYTES: '20000',
        RATE_LIMIT_PER_SECOND: '5',
        RATE_LIMIT_BURST: '20',
        RATE_LIMIT_ANONYMOUS_PER_SECOND: '0.001',
        RATE_LIMIT_ANONYMOUS_BURST: '6',
        TRUSTED_PROXIES: '127.0.0.1',
        CORS_ORIGINS: 'https://console.example',
      },
    });
    laneViewer = await stack.createUser('viewer');
  }, 120_000);
  afterAll(() => stack?.stop());

  it('refuses operations deeper, costlier or more aliased than the limits, naming the variable', async () => {
    const deep = await stack.gql('{ flags { edges { node { environments { environment } } } } }');
    expect(deep.errors?.[0]?.message).toMatch(/MAX_QUERY_DEPTH/);
    const aliased = await stack.gql('{ a: me { id } b: me { id } c: me { id } d: me { id } }');
    expect(aliased.errors?.[0]?.message).toMatch(/MAX_QUERY_ALIASES/);
    const costly = await stack.gql('{ flags(first: 100) { nodes { key name tags } } }');
    expect(costly.errors?.[0]?.message).toMatch(/MAX_QUERY_COST/);
    expect(errorCodes(costly)).toEqual(['BAD_USER_INPUT']);
  });

  it('counts introspection against the alias, depth and cost limits, without credentials too', async () => {
    const bomb = `{ ${Array.from({ length: 4 }, (_, i) => `a${i}: __schema { types { name } }`).join(' ')} }`;
    const aliased = await stack.gql(
      bomb,
      {},
      {
        anonymous: true,
        headers: { 'x-forwarded-for': '198.51.100.1' },
      },
    );
    expect(aliased.errors?.[0]?.message).toMatch(/MAX_QUERY_ALIASES/);
    expect(errorCodes(aliased)).toEqual(['BAD_USER_INPUT']);
    const deep = await stack.gql('{ __schema { types { fields { type { name } } } } }');
    expect(deep.errors?.[0]?.message).toMatch(/MAX_QUERY_DEPTH/);
  });

  it('bounds the size of an answer with an error naming MAX_RESPONSE_BYTES', async () => {
    const small = await stack.gql('{ __schema { queryType { name } } }');
    expect(small.errors).toBeUndefined();
    // Every type's and field's name and description: well over the 20,000 bytes this stack allows.
    const res = await fetch(stack.graphqlUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${await stack.adminToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { types { name description fields { description } } } }' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.message).toMatch(/MAX_RESPONSE_BYTES/);
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'response-bytes' });
  });

  it('limits batches and request bodies', async () => {
    const headers = {
      authorization: `Bearer ${await stack.adminToken()}`,
      'content-type': 'application/json',
    };
    const batch = (n: number) =>
      fetch(stack.graphqlUrl, {
        method: 'POST',
        headers,
        body: JSON.stringify(Array.from({ length: n }, () => ({ query: '{ me { email } }' }))),
      });
    const two = await batch(2);
    expect(two.status).toBe(200);
    expect(((await two.json()) as unknown[]).length).toBe(2);
    const three = await batch(3);
    expect(three.status).toBe(400);
    expect(JSON.stringify(await three.json())).toMatch(/MAX_BATCH_SIZE/);
    const big = await fetch(stack.graphqlUrl, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: `{ me { email } } # ${'x'.repeat(5000)}` }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(
      /MAX_BODY_BYTES/,
    );
  });

  it('answers unreadable bodies on /graphql and /events with JSON errors, never an HTML page', async () => {
    const send = (path: string, headers: Record<string, string>, body: string | Uint8Array) =>
      fetch(`${stack.gatewayUrl}${path}`, { method: 'POST', headers, body });
    const cases: [string, Record<string, string>, string, number][] = [
      ['/graphql', { 'content-type': 'application/json', 'content-encoding': 'compress' }, '{}', 415],
      ['/graphql', { 'content-type': 'application/json; charset=latin-9' }, '{}', 415],
      ['/events', { 'content-type': 'application/json' }, '{"events": [', 400],
      ['/events', { 'content-type': 'application/json', 'content-encoding': 'compress' }, '{}', 415],
      [
        '/events',
        { 'content-type': 'application/json' },
        `{"events": [], "x": "${'y'.repeat(11_000_000)}"}`,
        413,
      ],
    ];
    for (const [path, headers, body, status] of cases) {
      const res = await send(path, headers, body);
      const type = res.headers.get('content-type') ?? '';
      expect([path, headers, res.status, type.startsWith('application/json')]).toEqual([
        path,
        headers,
        status,
        true,
      ]);
      const json = (await res.json()) as { errors: { extensions: { code: string } }[] };
      expect(json.errors[0]!.extensions.code).toBe('BAD_REQUEST');
    }
  });

  it('supports automatic persisted queries', async () => {
    const query = '{ me { email } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const token = await stack.adminToken();
    const miss = await graphql(stack.graphqlUrl, '', {}, { authorization: `Bearer ${token}` });
    expect(miss.errors).toBeDefined();
    const send = (body: Record<string, unknown>) =>
      fetch(stack.graphqlUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ data?: unknown; errors?: { extensions?: { code?: string } }[] }>);
    expect((await send({ extensions })).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await send({ query, extensions })).data).toEqual({ me: { email: stack.admin.email } });
    expect((await send({ extensions })).data).toEqual({ me: { email: stack.admin.email } });
  });

  it('rate-limits each key with RATE_LIMITED and a retry-after, without touching other callers', async () => {
    const viewer = await stack.createUser('viewer');
    const responses = await Promise.all(
      Array.from({ length: 40 }, () =>
        fetch(stack.graphqlUrl, {
          method: 'POST',
          headers: { authorization: `Bearer ${viewer.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ me { email } }' }),
        }),
      ),
    );
    const limited = responses.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await limited[0]!.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('RATE_LIMITED');
    // The admin has a bucket of its own.
    expect((await stack.gql('{ me { email } }')).errors).toBeUndefined();
  });

  it('rate-limits anonymous callers by address, believing X-Forwarded-For only from trusted proxies', async () => {
    // This stack trusts the loopback proxy, so the test has an address of its own (its bucket is
    // fresh whatever other tests did), and the bucket refills once in 1,000 s: the outcome cannot
    // depend on how fast the machine answers. The caller rotates what it puts left of the
    // address the trusted proxy saw: that part is the caller's to forge and is not believed.
    const attempts = [];
    for (let i = 0; i < 7; i++) {
      attempts.push(
        // A different account each time: sign-in also backs off per account.
        await stack.gql(
          `mutation { login(email: "x${i}@y.z", password: "wrong-password") { accessToken } }`,
          {},
          { anonymous: true, headers: { 'x-forwarded-for': `10.9.8.${i}, 198.51.100.7` } },
        ),
      );
    }
    expect(attempts.map(errorCodes)).toEqual([
      ...Array.from({ length: 6 }, () => ['UNAUTHENTICATED']),
      ['RATE_LIMITED'],
    ]);
    // Another address the proxy vouches for has a bucket of its own.
    const other = await stack.gql(
      'mutation { login(email: "other@y.z", password: "wrong-password") { accessToken } }',
      {},
      { anonymous: true, headers: { 'x-forwarded-for': '198.51.100.8' } },
    );
    expect(errorCodes(other)).toEqual(['UNAUTHENTICATED']);
  });

  it('sends security headers and honours the CORS allow-list', async () => {
    const allowed = await fetch(stack.graphqlUrl, {
      method: 'OPTIONS',
      headers: { origin: 'https://console.example', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.example');
    const denied = await fetch(stack.graphqlUrl, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    const res = await fetch(`${stack.gatewayUrl}/health`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  describe('the edge lane (edge queries answered in front of express)', () => {
    const EVALUATE = `query Lane($environment: String! = "production", $keys: [String!]) {
      evaluate(environment: $environment, context: { key: "user-1" }, keys: $keys) { key variation }
    }`;
    // The same with a field of another kind: answered by the federated path.
    const FEDERATED = EVALUATE.replace('evaluate(', 'me { email } evaluate(');
    const post = (token: string, body: string, headers: Record<string, string> = {}) =>
      fetch(stack.graphqlUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        body,
      });

    beforeAll(async () => {
      await stack.gqlOk('mutation { createFlag(input: { key: "lane-flag", name: "Lane" }) { key } }');
    });

    it('sends the headers every other answer carries', async () => {
      const token = await stack.adminToken();
      const headers = { origin: 'https://console.example', 'x-request-id': 'trace-lane-1' };
      const variables = { keys: ['lane-flag'] };
      const edge = await post(token, JSON.stringify({ query: EVALUATE, variables }), headers);
      const federated = await post(token, JSON.stringify({ query: FEDERATED, variables }), headers);
      expect(edge.headers.get('x-switchyard-evaluated-by')).toBe('edge');
      expect(federated.headers.get('x-switchyard-evaluated-by')).toBeNull();
      const edgeBody = (await edge.json()) as { data: { evaluate: unknown[] } };
      const federatedBody = (await federated.json()) as { data: { evaluate: unknown[] } };
      expect(edgeBody.data.evaluate).toEqual(federatedBody.data.evaluate);
      expect(edgeBody.data.evaluate).toHaveLength(1);
      for (const name of [
        'x-request-id',
        'x-content-type-options',
        'x-frame-options',
        'referrer-policy',
        'cross-origin-opener-policy',
        'permissions-policy',
        'vary',
        'access-control-allow-origin',
        'access-control-allow-credentials',
        'content-type',
      ]) {
        expect([name, edge.headers.get(name)]).toEqual([name, federated.headers.get(name)]);
      }
      expect(edge.headers.get('x-request-id')).toBe('trace-lane-1');
      expect(edge.headers.get('access-control-allow-origin')).toBe('https://console.example');
    });

    it('charges a request it hands to the federated path once, and limits what it answers', async () => {
      // A fresh bucket of 20 refilled at 5/s: charged twice, the twenty would not all pass.
      const viewer = laneViewer;
      // An unknown environment: the edge leaves the refusal to the federated path.
      const handedOn = JSON.stringify({ query: EVALUATE, variables: { environment: 'no-such-env' } });
      for (let i = 0; i < 20; i++) {
        const res = await post(viewer.token, handedOn);
        expect(res.status).toBe(200);
        expect(res.headers.get('x-switchyard-evaluated-by')).toBeNull();
        const codes = errorCodes((await res.json()) as Parameters<typeof errorCodes>[0]);
        expect(codes).toHaveLength(1);
        expect(codes).not.toContain('RATE_LIMITED');
      }
      const answered = JSON.stringify({ query: EVALUATE, variables: { keys: ['lane-flag'] } });
      const burst = await Promise.all(Array.from({ length: 25 }, () => post(viewer.token, answered)));
      const limited = burst.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(limited[0]!.headers.get('x-content-type-options')).toBe('nosniff');
      const body = (await limited[0]!.json()) as {
        errors: { extensions: { code: string; limit: string } }[];
      };
      expect(body.errors[0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'key' });
    });

    it('answers a body that is not JSON with a GraphQL error, on either path', async () => {
      const token = await stack.adminToken();
      // A content type the lane leaves to express.json (a parameter other than charset).
      for (const type of ['application/json', 'application/json; profile=graphql']) {
        const res = await post(token, '{"query": "{ me { email } }"', { 'content-type': type });
        expect(res.status).toBe(400);
        const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
        expect(body.errors[0]!.extensions.code).toBe('BAD_REQUEST');
        expect(body.errors[0]!.message).toMatch(/not valid JSON/);
      }
    });
  });
});
