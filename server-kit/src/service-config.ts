import { z } from 'zod';
import { env, loadConfig } from './config';

export const DEV_INTERNAL_SECRET = 'switchyard-development-internal-secret';

/** Variables every subgraph reads. Port variables are per service (FLAGS_PORT, ...). */
export function loadServiceConfig(portVariable: string, defaultPort: number) {
  const config = loadConfig({
    NODE_ENV: env.nodeEnv(),
    LOG_LEVEL: env.logLevel(),
    DATABASE_URL: env.url(),
    REDIS_URL: env.optionalUrl(),
    INTERNAL_TOKEN_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEV_INTERNAL_SECRET),
    SWITCHYARD_SEED_DEMO: env.bool(false),
    SWITCHYARD_MIGRATE_ONLY: env.bool(false),
    HOST: z.string().default('0.0.0.0'),
  });
  // Named by its own variable so a bad value is reported as e.g. FLAGS_PORT.
  const portShape: Record<string, ReturnType<typeof env.port>> = { [portVariable]: env.port(defaultPort) };
  const port = (loadConfig(portShape) as Record<string, number>)[portVariable]!;
  if (config.NODE_ENV === 'production' && config.INTERNAL_TOKEN_SECRET === DEV_INTERNAL_SECRET) {
    process.stderr.write(
      'config error: INTERNAL_TOKEN_SECRET must be set to a private value in production\n',
    );
    process.exit(78);
  }
  return { ...config, port };
}

export type ServiceConfig = ReturnType<typeof loadServiceConfig>;
