import { errorCodes, graphql, startTestStack, type TestStack } from '@switchyard/testkit';

describe('the federated graph (all subgraphs behind the gateway, demo data)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ seedDemo: true });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('answers one query with fields from flags, experiments and analytics', async () => {
    const data = await stack.gqlOk<{
      flag: { key: string; name: string; experiments: { key: string; status: string; exposures: number }[] };
    }>('{ flag(key: "new-checkout") { key name experiments { key status exposures } } }');
    expect(data.flag.key).toBe('new-checkout');
    expect(data.flag.name).toBe('New checkout');
    // The exact count is the analytics seed's business; here it only has to come through.
    expect(data.flag.experiments).toEqual([
      { key: 'checkout-redesign', status: 'RUNNING', exposures: expect.any(Number) },
    ]);
    expect(data.flag.experiments[0]!.exposures).toBeGreaterThan(0);
  });

  it('resolves Experiment.flag back through the flags subgraph', async () => {
    const data = await stack.gqlOk<{ experiment: { flag: { key: string; type: string } } }>(
      '{ experiment(key: "checkout-redesign") { flag { key type } } }',
    );
    expect(data.experiment.flag).toEqual({ key: 'new-checkout', type: 'BOOLEAN' });
  });

  it('reports an unknown flag key as NOT_FOUND', async () => {
    const body = await stack.gql('{ flag(key: "does-not-exist") { key } }');
    expect(errorCodes(body)).toEqual(['NOT_FOUND']);
    expect(body.errors?.[0]?.message).toContain('does-not-exist');
  });

  it('refuses a subgraph called directly, without the gateway-signed identity', async () => {
    const body = await graphql(stack.subgraphUrls.flags!, '{ flags { totalCount } }');
    expect(errorCodes(body)).toEqual(['UNAUTHENTICATED']);
  });

  it('serves health and readiness probes', async () => {
    expect((await fetch(`${stack.gatewayUrl}/health`)).status).toBe(200);
    for (const url of Object.values(stack.subgraphUrls)) {
      const base = url!.replace(/\/graphql$/, '');
      expect((await fetch(`${base}/health`)).status).toBe(200);
      const ready = await fetch(`${base}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready' });
    }
  });

  it('exposes Prometheus metrics on the gateway', async () => {
    const text = await (await fetch(`${stack.gatewayUrl}/metrics`)).text();
    expect(text).toContain('graphql_requests_total');
  });
});
