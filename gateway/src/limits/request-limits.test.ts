import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';

/**
 * Buckets here refill once in 1,000 s, so what is refused cannot depend on the machine's speed;
 * each test speaks from its own address (the loopback proxy is trusted to say which).
 */
describe('request limits: POST /events and wrong credentials', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags'],
      env: {
        RATE_LIMIT_PER_SECOND: '0.001',
        RATE_LIMIT_BURST: '3',
        RATE_LIMIT_ANONYMOUS_PER_SECOND: '0.001',
        RATE_LIMIT_ANONYMOUS_BURST: '5',
        TRUSTED_PROXIES: '127.0.0.1',
      },
    });
  }, 120_000);
  afterAll(() => stack?.stop());

  const postEvents = (headers: Record<string, string>) =>
    fetch(`${stack.gatewayUrl}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ events: [{ eventType: 'click', userKey: 'u-1' }] }),
    });

  it('draws a POST /events call from the caller’s bucket, like trackEvents', async () => {
    const user = await stack.createUser('editor');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await postEvents({ authorization: `Bearer ${user.token}` });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('RATE_LIMITED');
      } else await res.body?.cancel();
    }
    expect(statuses.slice(0, 3)).not.toContain(429);
    expect(statuses[3]).toBe(429);
  });

  it('charges a batch of N operations N tokens', async () => {
    const user = await stack.createUser('viewer');
    const batch = (n: number) =>
      fetch(stack.graphqlUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(Array.from({ length: n }, () => ({ query: '{ me { email } }' }))),
      });
    // Three tokens: a batch of two passes, then one of two more finds a single token left.
    expect((await batch(2)).status).toBe(200);
    const refused = await batch(2);
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('RATE_LIMITED');
  });

  it('rate-limits wrong credentials per address, without looking them up again', async () => {
    const from = { 'x-forwarded-for': '198.51.100.50' };
    const wrongKey = { ...from, 'x-api-key': 'sy_server_0000000000000000000000000000' };
    const answers = [];
    for (let i = 0; i < 6; i++)
      answers.push(await stack.gql('{ me { email } }', {}, { anonymous: true, headers: wrongKey }));
    expect(answers.map(errorCodes)).toEqual([
      ...Array.from({ length: 5 }, () => ['UNAUTHENTICATED']),
      ['RATE_LIMITED'],
    ]);
    expect(answers[5]!.errors?.[0]?.extensions?.limit).toBe('bad-credentials');
    // The same address is refused on /events too; another address is not.
    const events = await postEvents(wrongKey);
    expect(events.status).toBe(429);
    const elsewhere = await stack.gql(
      '{ me { email } }',
      {},
      {
        anonymous: true,
        headers: { ...wrongKey, 'x-forwarded-for': '198.51.100.51' },
      },
    );
    expect(errorCodes(elsewhere)).toEqual(['UNAUTHENTICATED']);
  });
});
