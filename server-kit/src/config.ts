import { z } from 'zod';

/**
 * The one configuration loader: validates environment variables against a schema
 * with defaults, and exits with a single line naming the variable when one is bad,
 * so a misconfigured process fails at start rather than at first use.
 */
export function loadConfig<S extends z.ZodRawShape>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const variable = String(issue.path[0] ?? 'environment');
  const received = env[variable];
  const shown = received === undefined ? 'unset' : `"${received}"`;
  process.stderr.write(`config error: ${variable} is ${shown}: ${issue.message}\n`);
  process.exit(78); // EX_CONFIG
}

/** Reusable validators for common variables. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  url: () => z.string().url('must be a URL such as postgres://user@host:5432/db'),
  optionalUrl: () =>
    z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .pipe(z.string().url('must be a URL').optional()),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', ''])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1'),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  nodeEnv: () => z.enum(['development', 'production', 'test']).default('development'),
};
