import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';

type Body = {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string; field?: string; stacktrace?: unknown } }[];
};

/**
 * The bad-input class of issue 20 through the gateway: text PostgreSQL cannot store, oversized
 * strings, non-finite floats, invalid date-times, made-up cursors, sub-step layer slices and
 * persisted-query mistakes are each one GraphQL error with its code and the field, never a 500
 * or SUBGRAPH_UNAVAILABLE, and nothing is written.
 */
describe('bad input', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: { NODE_ENV: 'development' } });
    await stack.gqlOk('mutation($input: CreateFlagInput!) { createFlag(input: $input) { key } }', {
      input: {
        key: 'layer-flag',
        name: 'Layer',
        type: 'STRING',
        variations: [
          { key: 'a', value: 'a' },
          { key: 'b', value: 'b' },
        ],
      },
    });
  }, 180_000);
  afterAll(() => stack?.stop());

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(stack.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Body };
  };
  const asAdmin = async () => ({ authorization: `Bearer ${await stack.adminToken()}` });
  const auditCount = () => stack.db.writeCounts();

  const expectRefused = (answer: { status: number; body: Body }, code: string, field?: string) => {
    expect(answer.status).toBeLessThan(500);
    expect(errorCodes(answer.body)).toEqual([code]);
    const error = answer.body.errors![0]!;
    expect(error.extensions?.stacktrace).toBeUndefined();
    if (field) {
      expect(error.extensions?.field).toBe(field);
      expect(error.message).toContain(field);
    }
  };

  it('refuses NUL and lone surrogates in any string, even an anonymous login', async () => {
    const login =
      'mutation($email: String!) { login(email: $email, password: "long-enough-pw") { accessToken } }';
    expectRefused(
      await post({ query: login, variables: { email: 'a\u0000@example.com' } }),
      'BAD_USER_INPUT',
      'email',
    );
    expectRefused(
      await post({
        query:
          'mutation { login(email: "a\\u0000@example.com", password: "long-enough-pw") { accessToken } }',
      }),
      'BAD_USER_INPUT',
      'email',
    );
    expectRefused(
      await post({ query: login, variables: { email: 'a\ud800@example.com' } }),
      'BAD_USER_INPUT',
      'email',
    );

    const before = await auditCount();
    const create = 'mutation($input: CreateFlagInput!) { createFlag(input: $input) { key } }';
    const headers = await asAdmin();
    expectRefused(
      await post({ query: create, variables: { input: { key: 'nul-flag', name: 'a\u0000b' } } }, headers),
      'BAD_USER_INPUT',
      'input.name',
    );
    expectRefused(
      await post(
        { query: create, variables: { input: { key: 'surrogate-flag', name: 'a\udc00b' } } },
        headers,
      ),
      'BAD_USER_INPUT',
      'input.name',
    );
    // Inside a JSON value (a variation's value), object keys included.
    expectRefused(
      await post(
        {
          query: create,
          variables: {
            input: {
              key: 'json-flag',
              name: 'J',
              type: 'JSON',
              variations: [{ key: 'a', value: { 'k\u0000': 1 } }],
            },
          },
        },
        headers,
      ),
      'BAD_USER_INPUT',
      'input.variations[0].value',
    );
    expect(await auditCount()).toEqual(before);
  });

  it('refuses them on the evaluation edge too', async () => {
    const key = await stack.createApiKey('server');
    const evaluate =
      'query($context: JSON!) { evaluate(environment: "development", context: $context) { key } }';
    const fine = await post(
      { query: evaluate, variables: { context: { key: 'u-1' } } },
      { 'x-api-key': key.secret },
    );
    expect(fine.body.errors).toBeUndefined();
    expectRefused(
      await post(
        { query: evaluate, variables: { context: { key: 'u-1', plan: 'pro\u0000' } } },
        { 'x-api-key': key.secret },
      ),
      'BAD_USER_INPUT',
      'context.plan',
    );
    expectRefused(
      await post(
        { query: '{ evaluate(environment: "development", context: { key: "u\\u0000" }) { key } }' },
        { 'x-api-key': key.secret },
      ),
      'BAD_USER_INPUT',
      'context.key',
    );
  });

  it('bounds string lengths per field', async () => {
    const before = await auditCount();
    const answer = await post(
      {
        query: 'mutation($input: CreateFlagInput!) { createFlag(input: $input) { key } }',
        variables: { input: { key: 'big-flag', name: 'x'.repeat(900_000) } },
      },
      await asAdmin(),
    );
    expectRefused(answer, 'BAD_USER_INPUT', 'input.name');
    expect(answer.body.errors![0]!.message).toContain('the limit is 320');
    expect(await auditCount()).toEqual(before);
  });

  it('refuses a float literal that overflows', async () => {
    expectRefused(
      await post(
        {
          query:
            'mutation { createExperiment(input: { key: "e1", name: "e", environment: "development", flagKey: "layer-flag", variants: [], trafficAllocation: 1e999 }) { key } }',
        },
        await asAdmin(),
      ),
      'BAD_USER_INPUT',
      'input.trafficAllocation',
    );
  });

  it('refuses two anonymous operations as invalid', async () => {
    const answer = await post({ query: '{ me { email } } { me { email } }' }, await asAdmin());
    expect(answer.status).toBe(400);
    expect(new Set(errorCodes(answer.body))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
  });

  it('refuses an invalid DateTime naming it, without a stack trace', async () => {
    const headers = await asAdmin();
    expectRefused(
      await post({ query: '{ auditLog(filter: { from: "not-a-date" }) { nodes { action } } }' }, headers),
      'BAD_USER_INPUT',
      'filter.from',
    );
    expectRefused(
      await post(
        {
          query: 'query($from: DateTime) { auditLog(filter: { from: $from }) { nodes { action } } }',
          variables: { from: 'soon' },
        },
        headers,
      ),
      'BAD_USER_INPUT',
      'from',
    );
    expectRefused(
      await post({ query: '{ auditLog(filter: { from: 12 }) { nodes { action } } }' }, headers),
      'BAD_USER_INPUT',
      'filter.from',
    );
  });

  it('refuses cursors it did not make', async () => {
    const headers = await asAdmin();
    const huge = Buffer.from('9'.repeat(30)).toString('base64url');
    for (const query of [
      '{ flags(after: "zzzz") { nodes { key } } }',
      '{ flags(after: "a=b") { nodes { key } } }',
      `{ auditLog(after: "${huge}") { nodes { action } } }`,
      '{ experiments(after: "%%%") { nodes { key } } }',
      '{ experiments(after: "AA") { nodes { key } } }',
    ])
      expectRefused(await post({ query }, headers), 'BAD_USER_INPUT', 'after');
  });

  it('refuses a layer slice finer than the bucket step', async () => {
    const before = await auditCount();
    for (const percent of ['5e-324', '0.0001', '-1'])
      expectRefused(
        await post(
          {
            query: `mutation { createExperiment(input: { key: "layered", name: "L", environment: "development", flagKey: "layer-flag",
              variants: [{ key: "a", weight: 50 }, { key: "b", weight: 50 }], layer: { key: "l1", percent: ${percent} } }) { key } }`,
          },
          await asAdmin(),
        ),
        'BAD_USER_INPUT',
        'input.layer.percent',
      );
    expect(await auditCount()).toEqual(before);
  });

  it('answers persisted-query mistakes with their own codes', async () => {
    expectRefused(
      await post({ extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }),
      'PERSISTED_QUERY_NOT_FOUND',
    );
    expectRefused(
      await post({
        query: '{ me { email } }',
        extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } },
      }),
      'BAD_REQUEST',
      'extensions.persistedQuery.sha256Hash',
    );
    expectRefused(
      await post({
        query: '{ me { email } }',
        extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } },
      }),
      'BAD_REQUEST',
      'extensions.persistedQuery.version',
    );
    expectRefused(
      await post({ extensions: { persistedQuery: 'x' } }),
      'BAD_REQUEST',
      'extensions.persistedQuery.version',
    );
  });

  it('reports a NUL in one event of a POST /events batch on that event alone', async () => {
    const key = await stack.createApiKey('server');
    const res = await fetch(`${stack.gatewayUrl}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key.secret },
      body: JSON.stringify({
        events: [
          { eventId: 'nul-1', type: 'CUSTOM', eventName: 'click', userKey: 'u\u0000-1' },
          {
            eventId: 'nul-2',
            type: 'CUSTOM',
            eventName: 'click',
            userKey: 'u-2',
            properties: { 'p\ud800': 1 },
          },
          { eventId: 'ok-3', type: 'CUSTOM', eventName: 'click', userKey: 'u-3' },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      accepted: number;
      rejected: number;
      results: { eventId: string; accepted: boolean; reason: string | null }[];
    };
    expect(body.accepted).toBe(1);
    expect(body.rejected).toBe(2);
    expect(body.results[0]!.reason).toContain('userKey');
    expect(body.results[0]!.reason).toContain('NUL');
    expect(body.results[1]!.reason).toContain('properties');
    expect(body.results[2]!.accepted).toBe(true);
  });

  it('applies the same checks to subscriptions', async () => {
    const sub = await stack.subscribe(
      'subscription($env: String!) { configChanged(environment: $env) { seq } }',
      {
        env: 'dev\u0000',
      },
    );
    const ended = await sub.ended;
    await sub.close();
    const errors = ended.error as { message: string; extensions?: { code?: string; field?: string } }[];
    expect(errors[0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors[0]!.extensions?.field).toBe('env');
  });
});
