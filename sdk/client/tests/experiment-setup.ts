// Setup shared by the live suites: a string flag with control/treatment, on in one environment, and a running
// 50/50 experiment on it with a `purchase` conversion metric.

import type { TestStack } from '@switchyard/testkit';

export async function startFlagExperiment(
  stack: TestStack,
  opts: { flagKey: string; experimentKey: string; environment: string; trafficAllocation: number },
): Promise<void> {
  const { flagKey, experimentKey, environment, trafficAllocation } = opts;
  await stack.gqlOk(
    `mutation { createFlag(input: { key: "${flagKey}", name: "${flagKey}", type: STRING, variations: [{ key: "control", value: "control" }, { key: "treatment", value: "treatment" }] }) { key } }`,
  );
  const { flag } = await stack.gqlOk<{ flag: { version: number } }>(
    `{ flag(key: "${flagKey}") { version } }`,
  );
  await stack.gqlOk(
    `mutation { setFlagEnabled(key: "${flagKey}", environment: "${environment}", enabled: true, expectedVersion: ${flag.version}) { key } }`,
  );
  await stack.gqlOk(
    'mutation { createMetric(input: { key: "purchase", name: "Purchase", kind: CONVERSION, eventName: "purchase" }) { key } }',
  );
  await stack.gqlOk(
    `mutation { createExperiment(input: { key: "${experimentKey}", name: "${experimentKey}", environment: "${environment}",
      flagKey: "${flagKey}", variants: [{ key: "control", weight: 50 }, { key: "treatment", weight: 50 }],
      trafficAllocation: ${trafficAllocation}, primaryMetric: "purchase" }) { key } }`,
  );
  await stack.gqlOk(`mutation { startExperiment(key: "${experimentKey}") { status } }`);
}
