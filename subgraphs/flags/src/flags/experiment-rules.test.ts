import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';

const ENV_FIELDS = `enabled fallthrough { variation } rules { id conditions { attribute operator values negate }
  serve { variation rollout { salt variations { variation weight } experiment { key coverage layer { key rangeStart rangeEnd } } } } }`;

const ATTACH = `mutation Attach($flagKey: String!, $experiment: ExperimentRuleInput!) {
  attachExperiment(flagKey: $flagKey, environment: "production", experiment: $experiment) {
    version environment(key: "production") { ${ENV_FIELDS} }
  }
}`;

const DETACH = `mutation Detach($flagKey: String!, $experimentKey: String!, $rollOut: String) {
  detachExperiment(flagKey: $flagKey, environment: "production", experimentKey: $experimentKey, rollOutVariation: $rollOut) {
    version environment(key: "production") { ${ENV_FIELDS} }
  }
}`;

const EVALUATE = `query Evaluate($context: JSON!) {
  evaluate(environment: "production", context: $context, keys: ["exp-flag"]) {
    key variation reason ruleId inExperiment experimentKey ... on BooleanFlagValue { value }
  }
}`;

type EnvView = {
  enabled: boolean;
  fallthrough: { variation: string | null };
  rules: {
    id: string;
    conditions: unknown[];
    serve: { rollout: { salt: string; experiment: { key: string; coverage: number } } | null };
  }[];
};

const experiment = {
  key: 'exp-1',
  variants: [
    { variation: 'control', weight: 50 },
    { variation: 'treatment', weight: 50 },
  ],
  coverage: 1,
  audience: [{ attribute: 'country', operator: 'in', values: ['US'] }],
};

describe('experiment rules (attachExperiment / detachExperiment)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
    await stack.gqlOk(`mutation { createFlag(input: { key: "exp-flag", name: "Exp", variations: [
      { key: "control", value: false }, { key: "treatment", value: true }] }) { key } }`);
    await stack.gqlOk(
      `mutation { setFlagEnabled(key: "exp-flag", environment: "production", enabled: true, expectedVersion: 1) { version } }`,
    );
  }, 120_000);
  afterAll(() => stack?.stop());

  it('puts the experiment rule first, replaces it on re-attach, and evaluation reports the experiment', async () => {
    await stack.gqlOk(`mutation { updateTargeting(key: "exp-flag", environment: "production", expectedVersion: 2,
      input: { rules: [{ id: "staff", conditions: [{ attribute: "staff", operator: "equals", values: [true] }], serve: { variation: "treatment" } }] }) { version } }`);
    const first = await stack.gqlOk<{ attachExperiment: { environment: EnvView } }>(ATTACH, {
      flagKey: 'exp-flag',
      experiment,
    });
    expect(first.attachExperiment.environment.rules.map((r) => r.id)).toEqual(['experiment:exp-1', 'staff']);
    expect(first.attachExperiment.environment.rules[0]!.serve.rollout).toMatchObject({
      salt: 'exp-1',
      experiment: { key: 'exp-1', coverage: 1 },
    });

    const again = await stack.gqlOk<{ attachExperiment: { environment: EnvView } }>(ATTACH, {
      flagKey: 'exp-flag',
      experiment: { ...experiment, coverage: 0.5 },
    });
    expect(again.attachExperiment.environment.rules.map((r) => r.id)).toEqual(['experiment:exp-1', 'staff']);
    expect(again.attachExperiment.environment.rules[0]!.serve.rollout!.experiment.coverage).toBe(0.5);

    await stack.gqlOk(ATTACH, { flagKey: 'exp-flag', experiment });
    const evaluated = await stack.gqlOk<{ evaluate: Record<string, unknown>[] }>(EVALUATE, {
      context: { key: 'user-1', country: 'US' },
    });
    expect(evaluated.evaluate[0]).toMatchObject({
      reason: 'RULE_MATCH',
      ruleId: 'experiment:exp-1',
      inExperiment: true,
      experimentKey: 'exp-1',
    });
    const outsideAudience = await stack.gqlOk<{ evaluate: Record<string, unknown>[] }>(EVALUATE, {
      context: { key: 'user-1', country: 'FR' },
    });
    expect(outsideAudience.evaluate[0]).toMatchObject({ reason: 'FALLTHROUGH', inExperiment: false });

    const audit = await stack.gqlOk<{ auditLog: { nodes: { action: string; environment: string }[] } }>(
      `{ auditLog(filter: { resourceKey: "exp-flag", action: "flag.experiment.attached" }) { nodes { action environment } } }`,
    );
    expect(audit.auditLog.nodes).toHaveLength(3);
    expect(audit.auditLog.nodes[0]).toEqual({
      action: 'flag.experiment.attached',
      environment: 'production',
    });
  });

  it.each([
    [
      {
        variants: [
          { variation: 'control', weight: 50 },
          { variation: 'nope', weight: 50 },
        ],
      },
      'experiment.variants[1].variation',
    ],
    [
      {
        variants: [
          { variation: 'control', weight: 50 },
          { variation: 'treatment', weight: 40 },
        ],
      },
      'experiment.variants',
    ],
    [{ coverage: 1.5 }, 'experiment.coverage'],
    [
      { audience: [{ attribute: 'country', operator: 'sortOf', values: ['US'] }] },
      'experiment.audience[0].operator',
    ],
    [{ layer: { key: 'l', rangeStart: 60, rangeEnd: 40 } }, 'experiment.layer.rangeEnd'],
  ])('refuses %j as BAD_USER_INPUT naming %s, writing nothing', async (override, field) => {
    const before = await stack.gqlOk<{ flag: { version: number } }>('{ flag(key: "exp-flag") { version } }');
    const body = await stack.gql(ATTACH, {
      flagKey: 'exp-flag',
      experiment: { ...experiment, key: 'bad', ...override },
    });
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe(field);
    const after = await stack.gqlOk<{ flag: { version: number } }>('{ flag(key: "exp-flag") { version } }');
    expect(after.flag.version).toBe(before.flag.version);
  });

  it('detaches, optionally rolling out the winner as the fallthrough and enabling the flag', async () => {
    await stack.gqlOk(ATTACH, { flagKey: 'exp-flag', experiment: { ...experiment, key: 'exp-2' } });
    const plain = await stack.gqlOk<{ detachExperiment: { environment: EnvView } }>(DETACH, {
      flagKey: 'exp-flag',
      experimentKey: 'exp-2',
    });
    expect(plain.detachExperiment.environment.rules.map((r) => r.id)).toEqual(['experiment:exp-1', 'staff']);

    const current = await stack.gqlOk<{ flag: { version: number } }>('{ flag(key: "exp-flag") { version } }');
    await stack.gqlOk(
      `mutation { setFlagEnabled(key: "exp-flag", environment: "production", enabled: false, expectedVersion: ${current.flag.version}) { version } }`,
    );
    const rolledOut = await stack.gqlOk<{ detachExperiment: { environment: EnvView } }>(DETACH, {
      flagKey: 'exp-flag',
      experimentKey: 'exp-1',
      rollOut: 'treatment',
    });
    expect(rolledOut.detachExperiment.environment).toMatchObject({
      enabled: true,
      fallthrough: { variation: 'treatment' },
    });
    expect(rolledOut.detachExperiment.environment.rules.map((r) => r.id)).toEqual(['staff']);
    const evaluated = await stack.gqlOk<{ evaluate: Record<string, unknown>[] }>(EVALUATE, {
      context: { key: 'user-1', country: 'US' },
    });
    expect(evaluated.evaluate[0]).toMatchObject({
      reason: 'FALLTHROUGH',
      variation: 'treatment',
      value: true,
    });
  });

  it('refuses rolling out a variation the flag does not have', async () => {
    const body = await stack.gql(DETACH, { flagKey: 'exp-flag', experimentKey: 'exp-1', rollOut: 'purple' });
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe('rollOutVariation');
  });
});
