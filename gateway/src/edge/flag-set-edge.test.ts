import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';

// The SDK's download document (sdk/client/src/documents.ts).
const FLAG_SET = `query FlagSet($environment: String!) {
  flagSet(environment: $environment) { environment version flags segments }
}`;
const FEDERATED = FLAG_SET.replace('flagSet(', 'flags(first: 1) { totalCount } flagSet(');

interface FlagSetBody {
  data?: { flagSet: { environment: string; version: number; flags: { key: string }[] } } | null;
  errors?: { extensions?: { code?: string } }[];
}

describe('flagSet at the edge (pre-serialised, with ETag and 304)', () => {
  let stack: TestStack;
  let serverKey: string;

  beforeAll(async () => {
    stack = await startTestStack({ seedDemo: true, env: { SUBGRAPH_TIMEOUT_MS: '60000' } });
    serverKey = (await stack.createApiKey('server', { environment: 'production' })).secret;
  }, 120_000);
  afterAll(() => stack?.stop());

  async function post(query: string, environment: string, authorization?: string) {
    const res = await fetch(stack.graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: authorization ?? `Bearer ${await stack.adminToken()}`,
      },
      body: JSON.stringify({ query, variables: { environment } }),
    });
    const text = await res.text();
    return { res, text, body: JSON.parse(text) as FlagSetBody };
  }

  function get(environment: string, ifNoneMatch?: string) {
    const url = new URL(stack.graphqlUrl);
    url.searchParams.set('query', FLAG_SET);
    url.searchParams.set('variables', JSON.stringify({ environment }));
    return fetch(url, {
      headers: {
        authorization: `Bearer ${serverKey}`,
        ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}),
      },
    });
  }

  it('answers exactly what the flags subgraph answers, byte for byte', async () => {
    for (const environment of ['production', 'staging']) {
      const edge = await post(FLAG_SET, environment);
      const federated = await post(FEDERATED, environment);
      expect(edge.res.headers.get('x-switchyard-evaluated-by')).toBe('edge');
      expect(federated.res.headers.get('x-switchyard-evaluated-by')).toBeNull();
      expect(edge.body.data!.flagSet.flags.length).toBeGreaterThan(5);
      const { flags: _count, ...federatedData } = federated.body.data as unknown as Record<string, unknown>;
      expect(edge.text).toBe(JSON.stringify({ data: federatedData }));
      expect(edge.res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    }
  });

  it('answers a GET with an ETag, 304 while the set is unchanged, and the new set after a change', async () => {
    const first = await get('production');
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    const before = (await first.json()) as FlagSetBody;
    expect(etag).toMatch(/^"[\w-]+"$/);

    const unchanged = await get('production', etag);
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');
    expect((await get('production', `"other", W/${etag}`)).status).toBe(304);

    await stack.gqlOk('mutation { createFlag(input: { key: "etag-change", name: "ETag change" }) { key } }');
    const changed = await get('production', etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const after = (await changed.json()) as FlagSetBody;
    expect(after.data!.flagSet.version).toBeGreaterThan(before.data!.flagSet.version);
    expect(after.data!.flagSet.flags.map((f) => f.key)).toContain('etag-change');
  });

  it('leaves refusals and unknown environments to the federated path, with the same codes', async () => {
    const otherEnvironment = await post(FLAG_SET, 'staging', `Bearer ${serverKey}`);
    expect(otherEnvironment.res.headers.get('x-switchyard-evaluated-by')).toBeNull();
    expect(errorCodes(otherEnvironment.body as never)).toEqual(['FORBIDDEN']);
    const unknown = await post(FLAG_SET, 'no-such-environment');
    expect(unknown.res.headers.get('x-switchyard-evaluated-by')).toBeNull();
    expect(errorCodes(unknown.body as never)).toEqual(['NOT_FOUND']);
    const anonymous = await post(FLAG_SET, 'production', '');
    expect(errorCodes(anonymous.body as never)).toEqual(['UNAUTHENTICATED']);
  });
});
