import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, type Logger, type RateLimiter, sendJson } from '@switchyard/server-kit';
import type { GraphQLError } from 'graphql';
import type { Authentication } from '../auth/authenticator';

/**
 * Rate limit on wrong credentials, per address: each unknown API key costs a database lookup,
 * and nothing else bounded them. Failures draw from the address's anonymous bucket; once it is
 * empty, that address's credentials are refused with RATE_LIMITED without being looked up
 * until the bucket has a token again. A request is identified once however many paths ask
 * (the edge lane hands a refused request to express, which asks again).
 */
export class FailedCredentials {
  private readonly blockedUntil = new Map<string, number>();
  private readonly perRequest = new WeakMap<IncomingMessage, Promise<Authentication>>();

  constructor(
    private readonly limiter: RateLimiter,
    private readonly onLimited?: () => void,
  ) {}

  /** `identify` for this request, counted against its address when the credentials are wrong. */
  identifyRequest(
    req: IncomingMessage,
    ip: string | null,
    identify: () => Promise<Authentication>,
  ): Promise<Authentication> {
    let identity = this.perRequest.get(req);
    if (!identity) {
      identity = this.identify(ip, identify);
      this.perRequest.set(req, identity);
    }
    return identity;
  }

  async identify<T>(ip: string | null, identify: () => Promise<T>): Promise<T> {
    const address = ip ?? 'unknown';
    const until = this.blockedUntil.get(address);
    if (until !== undefined) {
      if (until > Date.now()) throw this.refusal(Math.ceil((until - Date.now()) / 1000));
      this.blockedUntil.delete(address);
    }
    try {
      return await identify();
    } catch (err) {
      if ((err as GraphQLError).extensions?.code === 'UNAUTHENTICATED') {
        const decision = await this.limiter.take(`bad-credentials:${address}`);
        if (!decision.allowed) {
          if (this.blockedUntil.size >= 100_000) this.blockedUntil.clear();
          this.blockedUntil.set(address, Date.now() + decision.retryAfterSeconds * 1000);
          throw this.refusal(decision.retryAfterSeconds);
        }
      }
      throw err;
    }
  }

  private refusal(retryAfterSeconds: number): GraphQLError {
    this.onLimited?.();
    return errors.rateLimited(retryAfterSeconds, {
      limit: 'bad-credentials',
      what: 'Too many requests with wrong credentials from this address (RATE_LIMIT_ANONYMOUS_PER_SECOND, RATE_LIMIT_ANONYMOUS_BURST)',
    });
  }
}

/**
 * The answer to credentials that could not be accepted on `/graphql`: 401 when refused, 429 with
 * Retry-After when rate limited, 503 with Retry-After when the lookup could not be made; anything
 * else is a 500 without its internals (a driver's message never reaches the caller).
 */
export function refuseCredentials(res: ServerResponse, err: unknown, logger?: Logger): void {
  const e = err as {
    message: string;
    extensions?: { code?: string; retryAfterSeconds?: number; limit?: string; http?: unknown };
  };
  const code = e.extensions?.code;
  if (code === 'RATE_LIMITED' || code === 'SERVICE_UNAVAILABLE') {
    const { http: _status, ...extensions } = e.extensions ?? {};
    res.setHeader('retry-after', String(e.extensions?.retryAfterSeconds ?? 1));
    sendJson(res, code === 'RATE_LIMITED' ? 429 : 503, { errors: [{ message: e.message, extensions }] });
    return;
  }
  if (code === 'UNAUTHENTICATED') {
    sendJson(res, 401, { errors: [{ message: e.message, extensions: { code: 'UNAUTHENTICATED' } }] });
    return;
  }
  logger?.error({ err: err instanceof Error ? err.stack : String(err) }, 'identifying the caller failed');
  sendJson(res, 500, {
    errors: [
      {
        message: 'Internal error: the caller could not be identified. It has been logged.',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ],
  });
}
