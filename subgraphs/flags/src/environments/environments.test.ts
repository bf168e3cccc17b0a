import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';

describe('environments through the gateway', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('lists the seeded environments in order', async () => {
    const data = await stack.gqlOk<{ environments: { key: string }[] }>(
      '{ environments { key name sortOrder } }',
    );
    expect(data.environments.map((e) => e.key)).toEqual(['development', 'staging', 'production']);
  });

  it('creates an environment where every flag starts off, or copies targeting switched off and without experiments', async () => {
    await stack.gqlOk('mutation { createFlag(input: { key: "f1", name: "F1" }) { key } }');
    await stack.gqlOk(`mutation { updateTargeting(key: "f1", environment: "production", expectedVersion: 1, input: { enabled: true,
      rules: [{ id: "r", conditions: [{ attribute: "a", operator: "exists" }], serve: { variation: "on" } }] }) { key } }`);
    await stack.gqlOk(`mutation { attachExperiment(flagKey: "f1", environment: "production", experiment: {
      key: "e", coverage: 1, variants: [{ variation: "on", weight: 50 }, { variation: "off", weight: 50 }] }) { key } }`);

    const blank = await stack.gqlOk<{ createEnvironment: { key: string; sortOrder: number } }>(
      'mutation { createEnvironment(input: { key: "qa", name: "QA" }) { key sortOrder } }',
    );
    expect(blank.createEnvironment).toEqual({ key: 'qa', sortOrder: 3 });
    await stack.gqlOk(
      'mutation { createEnvironment(input: { key: "prod-eu", name: "Production EU", copyFrom: "production" }) { key } }',
    );
    const flag = await stack.gqlOk<{ flag: { qa: unknown; eu: unknown } }>(`{ flag(key: "f1") {
      qa: environment(key: "qa") { enabled rules { id } fallthrough { variation } }
      eu: environment(key: "prod-eu") { enabled rules { id } fallthrough { variation } } } }`);
    expect(flag.flag.qa).toEqual({ enabled: false, rules: [], fallthrough: { variation: 'on' } });
    expect(flag.flag.eu).toEqual({ enabled: false, rules: [{ id: 'r' }], fallthrough: { variation: 'on' } });

    // Flags created afterwards get targeting in the new environment too.
    const later = await stack.gqlOk<{ createFlag: { environments: { environment: string }[] } }>(
      'mutation { createFlag(input: { key: "f2", name: "F2" }) { environments { environment } } }',
    );
    expect(later.createFlag.environments.map((e) => e.environment)).toEqual([
      'development',
      'staging',
      'production',
      'qa',
      'prod-eu',
    ]);
    const changes = await stack.gqlOk<{ configChanges: { kind: string; environment: string }[] }>(
      '{ configChanges(sinceVersion: 0, environment: "qa") { kind environment } }',
    );
    expect(changes.configChanges).toContainEqual({ kind: 'ENVIRONMENT_CREATED', environment: 'qa' });
  });

  it.each([
    ['a malformed key', '{ key: "QA!", name: "x" }', 'BAD_USER_INPUT'],
    ['an unknown source', '{ key: "qa2", name: "x", copyFrom: "nowhere" }', 'BAD_USER_INPUT'],
    ['a duplicate key', '{ key: "staging", name: "x" }', 'CONFLICT'],
  ])('refuses %s', async (_what, input, code) => {
    const body = await stack.gql(`mutation { createEnvironment(input: ${input}) { key } }`);
    expect(errorCodes(body)).toEqual([code]);
  });
});
