import type { TestStack } from '@switchyard/testkit';
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
