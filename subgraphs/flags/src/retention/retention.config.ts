import { loadConfig } from '@switchyard/server-kit';
import { z } from 'zod';

/** Audit retention policy; documented in the README. */
export function loadRetentionConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      // 7 years (365.25 days each); fractions of a day are accepted (tests use seconds).
      AUDIT_RETENTION_DAYS: z.coerce.number().positive().default(2557),
      RETENTION_INTERVAL_MS: z.coerce
        .number()
        .int()
        .min(100)
        .default(60 * 60 * 1000),
      RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(5000),
    },
    source,
  );
}
export type RetentionConfig = ReturnType<typeof loadRetentionConfig>;
