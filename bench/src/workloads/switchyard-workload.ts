import { startTestStack, type TestStack } from '@switchyard/testkit';
import { productionServiceEnv } from './service-env';
import { workloadFlags } from './flag-set-50';

/**
 * The shared 50-flag workload written through the graph into `production`: one rule each with two
 * conditions (country in a list, age at least a number) serving a percentage split, off otherwise.
 */
export async function createSwitchyardWorkload(stack: Pick<TestStack, 'gqlOk'>): Promise<void> {
  for (const flag of workloadFlags()) {
    await stack.gqlOk(`mutation { createFlag(input: { key: "${flag.key}", name: "${flag.key}" }) { key } }`);
    await stack.gqlOk(
      `mutation($input: TargetingInput!) { updateTargeting(key: "${flag.key}", environment: "production", expectedVersion: 1, input: $input) { version } }`,
      {
        input: {
          enabled: true,
          rules: [
            {
              id: `${flag.key}-rule`,
              conditions: [
                { attribute: 'country', operator: 'in', values: flag.countries },
                { attribute: 'age', operator: 'gte', values: [flag.minAge] },
              ],
              serve: {
                rollout: {
                  variations: [
                    { variation: 'on', weight: flag.rolloutPercent },
                    { variation: 'off', weight: 100 - flag.rolloutPercent },
                  ],
                },
              },
            },
          ],
          fallthrough: { variation: 'off' },
        },
      },
    );
  }
}

// The SDK's download document (sdk/client/src/documents.ts).
export const FLAG_SET = `query FlagSet($environment: String!) {
  flagSet(environment: $environment) { environment version flags segments }
}`;

/**
 * A stack as deployed (gateway and flags) holding the 50-flag workload, a server key for
 * `production`, and the GET URL of `flagSet` an SDK downloads. Stop the stack when done.
 */
export async function startFlagSetStack(): Promise<{
  stack: TestStack;
  url: URL;
  authorization: string;
  secret: string;
}> {
  const stack = await startTestStack({ subgraphs: ['flags'], logLevel: 'warn', env: productionServiceEnv() });
  try {
    await createSwitchyardWorkload(stack);
    const key = await stack.createApiKey('server', { environment: 'production' });
    const url = new URL(stack.graphqlUrl);
    url.searchParams.set('query', FLAG_SET);
    url.searchParams.set('variables', JSON.stringify({ environment: 'production' }));
    return { stack, url, authorization: `Bearer ${key.secret}`, secret: key.secret };
  } catch (err) {
    await stack.stop();
    throw err;
  }
}
