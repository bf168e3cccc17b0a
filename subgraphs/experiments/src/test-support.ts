import type { TestStack } from '@switchyard/testkit';

// Fixtures shared by this subgraph's integration suites: flags and metrics are created through the
// gateway in the subgraphs that own them, as a user would.

export const EXPERIMENT_FIELDS = `key name status archived environment flagKey trafficAllocation version winner
  variants { key weight configuration } audience { segments conditions { attribute operator values negate caseInsensitive regexFlags } }
  primaryMetric secondaryMetrics guardrailMetrics minSampleSize alpha layer { key rangeStart rangeEnd }
  startsAt endsAt startedAt analysisStartedAt analysisPeriod completedAt completionReason scheduleError`;

export const CREATE = `mutation Create($input: CreateExperimentInput!) { createExperiment(input: $input) { ${EXPERIMENT_FIELDS} } }`;

export async function createFlag(stack: TestStack, key: string, variations: string[], enabledIn?: string) {
  const data = await stack.gqlOk<{ createFlag: { version: number } }>(
    'mutation($input: CreateFlagInput!) { createFlag(input: $input) { version } }',
    { input: { key, name: key, type: 'STRING', variations: variations.map((v) => ({ key: v, value: v })) } },
  );
  if (enabledIn) {
    await stack.gqlOk(
      'mutation($key: String!, $env: String!, $v: Int!) { setFlagEnabled(key: $key, environment: $env, enabled: true, expectedVersion: $v) { key } }',
      { key, env: enabledIn, v: data.createFlag.version },
    );
  }
}

export async function createMetric(stack: TestStack, key: string) {
  await stack.gqlOk('mutation($input: CreateMetricInput!) { createMetric(input: $input) { key } }', {
    input: { key, name: key, kind: 'CONVERSION', eventName: key },
  });
}

export function experimentInput(overrides: Record<string, unknown> = {}) {
  return {
    key: 'exp-a',
    name: 'Experiment A',
    environment: 'production',
    flagKey: 'checkout-flag',
    variants: [
      { key: 'control', weight: 50 },
      { key: 'treatment', weight: 50 },
    ],
    primaryMetric: 'purchase',
    ...overrides,
  };
}

export async function createExperiment(stack: TestStack, overrides: Record<string, unknown> = {}) {
  const data = await stack.gqlOk<{ createExperiment: Record<string, unknown> & { version: number } }>(
    CREATE,
    {
      input: experimentInput(overrides),
    },
  );
  return data.createExperiment;
}

export async function transition(
  stack: TestStack,
  mutation:
    | 'startExperiment'
    | 'pauseExperiment'
    | 'resumeExperiment'
    | 'archiveExperiment'
    | 'restartExperiment',
  key: string,
) {
  const data = await stack.gqlOk<Record<string, Record<string, unknown>>>(
    `mutation($key: String!) { ${mutation}(key: $key) { ${EXPERIMENT_FIELDS} } }`,
    { key },
  );
  return data[mutation]!;
}

/** The experiment rules on a flag in one environment, as the flags subgraph stores them. */
export async function experimentRules(stack: TestStack, flagKey: string, environment: string) {
  const data = await stack.gqlOk<{
    flag: {
      environment: {
        enabled: boolean;
        fallthrough: { variation: string | null };
        rules: {
          id: string;
          serve: { rollout: { experiment: { key: string; coverage: number } | null } | null };
        }[];
      };
    };
  }>(
    `query($key: String!, $env: String!) { flag(key: $key) { environment(key: $env) { enabled fallthrough { variation }
      rules { id serve { rollout { experiment { key coverage } } } } } } }`,
    { key: flagKey, env: environment },
  );
  return data.flag.environment;
}

export const ASSIGN = `query($key: String!, $context: JSON!) {
  assignment(experimentKey: $key, context: $context) { experimentKey userKey variant configuration reason assignedAt }
}`;

export interface AssignmentBody {
  experimentKey: string;
  userKey: string;
  variant: string | null;
  configuration: unknown;
  reason: string;
  assignedAt: string | null;
}

export async function assign(stack: TestStack, key: string, context: Record<string, unknown>, url?: string) {
  const data = await stack.gqlOk<{ assignment: AssignmentBody }>(
    ASSIGN,
    { key, context },
    url ? { url } : {},
  );
  return data.assignment;
}

/** Polls `probe` until `ok` holds (or a generous deadline passes), for effects that travel over the bus. */
export async function eventually<T>(
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}
