import { env, loadConfig } from '@switchyard/server-kit';
import { z } from 'zod';

/** Variables of the auth domain; validated at start like every other. */
export function loadAuthConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      NODE_ENV: env.nodeEnv(),
      REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
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
