import { env, loadConfig } from '@switchyard/server-kit';
import { z } from 'zod';

/** Variables of the auth domain; validated at start like every other. */
export function loadAuthConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      NODE_ENV: env.nodeEnv(),
      REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
      // scrypt hashes at once per flags process; libuv's pool has 4 threads and other work needs some.
      PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(3).default(1),
      PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(1000).default(32),
      PASSWORD_HASH_MAX_WAIT_MS: z.coerce.number().int().min(1).max(60_000).default(3000),
      // Failed sign-ins of one account within the window that lock it (0: never), and for how long.
      SIGN_IN_LOCKOUT_FAILURES: z.coerce.number().int().min(0).max(1000).default(10),
      SIGN_IN_LOCKOUT_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
      SIGN_IN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(10_080).default(15),
      SWITCHYARD_ADMIN_EMAIL: z
        .string()
        .optional()
        .transform((v) => v?.trim() || undefined)
        .pipe(z.string().email('must be an email address').optional()),
      SWITCHYARD_ADMIN_PASSWORD: z
        .string()
        .optional()
        .transform((v) => v || undefined)
        .pipe(z.string().min(10, 'must be at least 10 characters').optional()),
    },
    source,
  );
}

export type AuthConfig = ReturnType<typeof loadAuthConfig>;
