import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';

const CREATE = `mutation Create($input: CreateExperimentInput!) {
  createExperiment(input: $input) { key status environment flagKey trafficAllocation version variants { key weight } }
}`;

const input = (overrides: Record<string, unknown> = {}) => ({
  key: 'exp-a',
  name: 'Experiment A',
  environment: 'production',
  flagKey: 'checkout-flag',
  variants: [
    { key: 'control', weight: 50 },
    { key: 'treatment', weight: 50 },
  ],
  ...overrides,
});

describe('experiments through the gateway', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments'] });
    await stack.gqlOk('mutation { createFlag(input: { key: "checkout-flag", name: "Checkout" }) { key } }');
  }, 120_000);
  afterAll(() => stack?.stop());

  it('creates a draft experiment and lists it under its flag', async () => {
    const data = await stack.gqlOk<{ createExperiment: Record<string, unknown> }>(CREATE, {
      input: input(),
    });
    expect(data.createExperiment).toEqual({
      key: 'exp-a',
      status: 'DRAFT',
      environment: 'production',
      flagKey: 'checkout-flag',
      trafficAllocation: 100,
      version: 1,
      variants: [
        { key: 'control', weight: 50 },
        { key: 'treatment', weight: 50 },
      ],
    });
    const flag = await stack.gqlOk<{ flag: { experiments: { key: string; flag: { name: string } }[] } }>(
      '{ flag(key: "checkout-flag") { experiments { key flag { name } } } }',
    );
    expect(flag.flag.experiments).toEqual([{ key: 'exp-a', flag: { name: 'Checkout' } }]);
  });

  it.each([
    [{ variants: [{ key: 'control', weight: 100 }] }, 'input.variants'],
    [
      {
        variants: [
          { key: 'control', weight: 60 },
          { key: 'b', weight: 30 },
        ],
      },
      'input.variants',
    ],
    [
      {
        variants: [
          { key: 'control', weight: 50 },
          { key: 'control', weight: 50 },
        ],
      },
      'input.variants[1].key',
    ],
    [{ trafficAllocation: 120 }, 'input.trafficAllocation'],
    [{ key: 'Bad Key' }, 'input.key'],
  ])('refuses %j as BAD_USER_INPUT naming %s', async (overrides, field) => {
    const body = await stack.gql(CREATE, { input: input({ key: 'exp-bad', ...overrides }) });
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe(field);
  });

  it('refuses a duplicate key with CONFLICT', async () => {
    await stack.gqlOk(CREATE, { input: input({ key: 'exp-dup' }) });
    expect(errorCodes(await stack.gql(CREATE, { input: input({ key: 'exp-dup' }) }))).toEqual(['CONFLICT']);
  });
});
