import { createHash } from 'node:crypto';
import { errorCodes, graphql, startTestStack, type TestStack } from '@switchyard/testkit';
import { parse } from 'graphql';
import { measureOperation } from './operation-limits';

describe('measureOperation', () => {
  const shape = (q: string, variables = {}) => {
    const doc = parse(q);
    return measureOperation(doc.definitions[0] as never, doc, variables);
  };
  it.each([
    ['{ flag(key: "a") { key } }', { depth: 2, cost: 2, aliases: 0 }],
    ['{ a: flag(key: "a") { key } b: flag(key: "b") { key } }', { depth: 2, cost: 4, aliases: 2 }],
    [
      '{ flags(first: 50) { nodes { key experiments { key } } } }',
      { depth: 4, cost: 1 + 50 + 50 + 50 + 50, aliases: 0 },
    ],
    ['query($n: Int) { flags(first: $n) { totalCount } }', { depth: 2, cost: 1 + 7, aliases: 0 }],
    ['{ ...F } fragment F on Query { flag(key: "x") { key } }', { depth: 2, cost: 2, aliases: 0 }],
  ])('%s', (q, expected) => {
    expect(shape(q, { n: 7 })).toEqual(expected);
  });
});

describe('gateway limits and hardening', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags'],
      env: {
        MAX_QUERY_DEPTH: '4',
        MAX_QUERY_ALIASES: '3',
        MAX_QUERY_COST: '300',
        MAX_BATCH_SIZE: '2',
        MAX_BODY_BYTES: '4096',
        RATE_LIMIT_PER_SECOND: '5',
        RATE_LIMIT_BURST: '20',
        RATE_LIMIT_ANONYMOUS_PER_SECOND: '1',
        RATE_LIMIT_ANONYMOUS_BURST: '3',
        CORS_ORIGINS: 'https://console.example',
      },
    });
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

  it('rate-limits anonymous callers by address', async () => {
    const attempts = [];
    for (let i = 0; i < 5; i++) {
      attempts.push(
        await stack.gql(
          'mutation { login(email: "x@y.z", password: "wrong-password") { accessToken } }',
          {},
          { anonymous: true },
        ),
      );
    }
    expect(attempts.flatMap(errorCodes)).toContain('RATE_LIMITED');
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
});
