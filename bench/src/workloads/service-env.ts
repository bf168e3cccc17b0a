import { randomBytes } from 'node:crypto';

/**
 * The services as they are deployed: NODE_ENV=production (graphql-js skips its development-only
 * checks, about a quarter of a subgraph's CPU here), private secrets as production requires, and
 * a per-caller rate limit high enough not to cap the measurement itself.
 */
export function productionServiceEnv(): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    INTERNAL_TOKEN_SECRET: randomBytes(24).toString('hex'),
    JWT_SECRET: randomBytes(32).toString('hex'),
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
  };
}
