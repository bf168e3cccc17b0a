import type { TestStack } from '@switchyard/testkit';

/** What the change request tests read of a flag: its version, and what production serves by default. */
export function flagReads(stack: () => TestStack) {
  return {
    flagVersion: async (key: string) =>
      (await stack().gqlOk<{ flag: { version: number } }>(`{ flag(key: "${key}") { version } }`)).flag
        .version,
    fallthrough: async (key: string) =>
      (
        await stack().gqlOk<{ flag: { environment: { fallthrough: { variation: string | null } } } }>(
          `{ flag(key: "${key}") { environment(key: "production") { fallthrough { variation } } } }`,
        )
      ).flag.environment.fallthrough.variation,
  };
}
