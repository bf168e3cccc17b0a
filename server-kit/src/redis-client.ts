import type { createClient } from '@redis/client';

/**
 * A Redis client. `@redis/client` is loaded on first use: it is some 480 modules, about 0.4 s of a
 * service's start, and an installation without REDIS_URL never needs it.
 */
export function createRedisClient(
  options?: Parameters<typeof createClient>[0],
): ReturnType<typeof createClient> {
  const redis = require('@redis/client') as typeof import('@redis/client');
  return redis.createClient(options);
}
