import { env, loadConfig } from '@switchyard/server-kit';
import { z } from 'zod';

/** The release executor's settings (README, "Releases and governance"). */
export function loadReleaseConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      ANALYTICS_URL: env.url().default('http://127.0.0.1:4003/graphql'),
      /** How often each replica looks for due plans and scheduled changes. */
      RELEASE_EXECUTOR_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(1000),
      /** How often a running stage's guards are read from analytics. */
      RELEASE_GUARD_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
      /** At most one wake of the guards on metrics that got events per this interval, per replica. */
      RELEASE_GUARD_WAKE_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
      RELEASE_EXECUTOR: env.bool(true),
      RELEASE_TEST_CLOCK: env.bool(false),
    },
    source,
  );
}
export type ReleaseConfig = ReturnType<typeof loadReleaseConfig>;
