import { errors } from './errors';
import type { Identity } from './identity';
import type { Logger } from './logger';
import { sendJson } from './send-json';
import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { createRedisClient } from './redis-client';

export interface RateDecision {
  allowed: boolean;
  /** Seconds until one more request would be allowed. */
  retryAfterSeconds: number;
}

/** A token bucket per key: `capacity` requests at once, refilled at `perSecond`. */
export interface RateLimiter {
  take(key: string): Promise<RateDecision>;
  close(): Promise<void>;
}

export class InProcessRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
  ) {}

  async take(key: string): Promise<RateDecision> {
    const now = Date.now();
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    b.tokens = Math.min(this.capacity, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    // Map order is insertion order: re-inserting keeps recently used keys last, so eviction drops idle ones.
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > 100_000) this.buckets.delete(this.buckets.keys().next().value!);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: false, retryAfterSeconds: Math.ceil((1 - b.tokens) / this.perSecond) };
  }

  async close(): Promise<void> {}
}

// Atomic refill-and-take in Redis, so every gateway replica shares one bucket per key.
const TAKE = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + (now - at) / 1000 * rate)
local allowed = 0
if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000) + 1000)
return {allowed, tostring(tokens)}
`;

/** The two commands used, so the client's heavy generic type stays out of the way. */
interface EvalClient {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  close(): Promise<unknown>;
}

export class RedisRateLimiter implements RateLimiter {
  private constructor(
    private readonly client: EvalClient,
    private readonly fallback: InProcessRateLimiter,
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly logger: Logger,
  ) {}

  static async connect(url: string, capacity: number, perSecond: number, logger: Logger) {
    const client = createRedisClient({
      url,
      socket: { reconnectStrategy: (n: number) => Math.min(50 * 2 ** n, 2000) },
      // Fail fast while Redis is away, and fall back to the in-process bucket.
      disableOfflineQueue: true,
    });
    client.on('error', (err: Error) => logger.warn({ err: err.message }, 'rate limit redis error'));
    await client.connect();
    return new RedisRateLimiter(
      client as unknown as EvalClient,
      new InProcessRateLimiter(capacity, perSecond),
      capacity,
      perSecond,
      logger,
    );
  }

  async take(key: string): Promise<RateDecision> {
    try {
      const [allowed, tokens] = (await this.client.eval(TAKE, {
        keys: [`switchyard:rate:${key}`],
        arguments: [String(this.capacity), String(this.perSecond), String(Date.now())],
      })) as [number, string];
      return allowed === 1
        ? { allowed: true, retryAfterSeconds: 0 }
        : { allowed: false, retryAfterSeconds: Math.ceil((1 - Number(tokens)) / this.perSecond) };
    } catch (err) {
      this.logger.debug({ err: (err as Error).message }, 'rate limit falls back to in-process');
      return this.fallback.take(key);
    }
  }

  async close(): Promise<void> {
    await this.client.close().catch(() => undefined);
  }
}

/** Which bucket a request draws from: its API key or user, else its address. */
export function rateKeyOf(identity: Identity, ip: string | null): { key: string; kind: 'key' | 'ip' } {
  return identity.kind === 'anonymous'
    ? { key: `ip:${ip ?? 'unknown'}`, kind: 'ip' }
    : { key: `id:${identity.id}`, kind: 'key' };
}

/** Draws one token for a caller: from its API key's or user's bucket, else its address's. */
export function takeToken(
  limiters: { perKey: RateLimiter; perIp: RateLimiter },
  identity: Identity,
  ip: string | null,
): Promise<RateDecision & { kind: 'key' | 'ip' }> {
  const { key, kind } = rateKeyOf(identity, ip);
  return (kind === 'ip' ? limiters.perIp : limiters.perKey).take(key).then((d) => ({ ...d, kind }));
}

/** The 429 answer to a refused draw: a RATE_LIMITED GraphQL error naming the bucket, and Retry-After. */
export function refuseRateLimited(
  res: ServerResponse,
  decision: RateDecision & { kind: 'key' | 'ip' },
  onLimited?: (kind: 'key' | 'ip') => void,
): void {
  onLimited?.(decision.kind);
  const err = errors.rateLimited(decision.retryAfterSeconds);
  res.setHeader('retry-after', String(decision.retryAfterSeconds));
  sendJson(res, 429, {
    errors: [{ message: err.message, extensions: { ...err.extensions, limit: decision.kind } }],
  });
}

/**
 * Express middleware answering 429 with a RATE_LIMITED GraphQL error and Retry-After.
 * Callers with credentials draw from their key's or user's bucket (servers behind one
 * NAT must not share); anonymous callers (sign-in attempts) from their address's.
 * A batch draws one token per operation. A request whose token was already drawn (`res.locals.rateLimitTaken`, by the gateway's
 * edge lane before it handed the request on) is not charged twice.
 */
export function rateLimitMiddleware(
  limiters: { perKey: RateLimiter; perIp: RateLimiter },
  identityOf: (res: Response) => Identity,
  ipOf: (req: Request) => string | null,
  onLimited?: (kind: 'key' | 'ip') => void,
) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (res.locals.rateLimitTaken) return next();
    try {
      // A batch of N operations is N requests' worth of work: one token each.
      const operations = Array.isArray(req.body) ? Math.max(1, req.body.length) : 1;
      for (let i = 0; i < operations; i++) {
        const decision = await takeToken(limiters, identityOf(res), ipOf(req));
        if (!decision.allowed) {
          refuseRateLimited(res, decision, onLimited);
          return;
        }
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}
