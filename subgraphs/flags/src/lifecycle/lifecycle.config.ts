import { loadConfig } from '@switchyard/server-kit';
import { z } from 'zod';

/** The lifecycle job's settings (README, "Flag lifecycle"). */
export function loadLifecycleConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      FLAG_STALE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
      FLAG_ROLLED_OUT_DAYS: z.coerce.number().int().min(1).max(365).default(7),
      /** How often each flag's lifecycle is derived again from analytics' evaluation activity. */
      FLAG_LIFECYCLE_INTERVAL_MS: z.coerce.number().int().min(100).max(86_400_000).default(3_600_000),
      /** How often the flag-debt digest goes to the notification channels (default weekly). */
      FLAG_DIGEST_INTERVAL_MS: z.coerce
        .number()
        .int()
        .min(100)
        .max(31 * 86_400_000)
        .default(7 * 86_400_000),
    },
    source,
  );
}
export type LifecycleConfig = ReturnType<typeof loadLifecycleConfig>;
