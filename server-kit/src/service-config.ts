import { z } from 'zod';
import { env, loadConfig } from './config';

export const DEV_INTERNAL_SECRET = 'switchyard-development-internal-secret';

/** True for an address only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

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
    // Unset: loopback in development (nothing else on the network reaches it), every interface in production.
    HOST: z.string().optional(),
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
  const host = config.HOST || (config.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1');
  // The development secret is public: anyone who can reach a subgraph holding it can sign any identity.
  if (config.INTERNAL_TOKEN_SECRET === DEV_INTERNAL_SECRET && !isLoopback(host)) {
    process.stderr.write(
      `config error: HOST is "${host}", reachable from other machines, while INTERNAL_TOKEN_SECRET is the public development value; set a private INTERNAL_TOKEN_SECRET or listen on 127.0.0.1\n`,
    );
    process.exit(78);
  }
  return { ...config, HOST: host, port };
}

export type ServiceConfig = ReturnType<typeof loadServiceConfig>;
