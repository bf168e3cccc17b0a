import type http from 'node:http';
import {
  errors,
  type Identity,
  InProcessRateLimiter,
  type Logger,
  type RateLimiter,
  rateKeyOf,
  type SessionsChanged,
} from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';
import type WebSocket from 'ws';
import type { Authentication, Authenticator } from '../auth/authenticator';

export interface ConnectionLimits {
  /** Open WebSocket connections one address may hold on this replica. */
  maxConnectionsPerIp: number;
  /** Subscribe operations per connection: sustained rate and burst. */
  subscribePerSecond: number;
  subscribeBurst: number;
  /** The caller's own bucket (shared with its HTTP requests; in Redis when configured). */
  perIdentity?: RateLimiter;
  /** How often connections re-check their key or session, in case a revocation or session broadcast was lost. */
  keyRecheckMs: number;
  /** Browser origins allowed to open a WebSocket (CORS_ORIGINS); clients without an Origin are not browsers. */
  allowedOrigins: string[];
  /** The caller's address (X-Forwarded-For only from trusted proxies). */
  clientIp: (req: http.IncomingMessage) => string | null;
}

/** Close codes in graphql-ws's range: the client does not retry them blindly. */
export const CLOSE_EXPIRED = 4401;
export const CLOSE_REVOKED = 4403;

/** The longest delay setTimeout accepts; later expiries re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Guarded {
  /** Ends the connection or stream (a WebSocket close code and reason; a stream just ends). */
  close(code: number, reason: string): void;
  auth: Authentication;
  ip: string | null;
  serial: number;
  timer: NodeJS.Timeout | null;
}

/**
 * What keeps an open WebSocket (or SSE stream, `watch`) honest after it authenticated: it lives
 * only while its credentials do (expiry closes it with 4401, revocation with 4403; a session that
 * ended, or a user's or API key's changed role or grants, with 4401, on the broadcast and at each
 * periodic re-check), one address
 * holds a bounded number of connections, and subscribing draws from rate buckets.
 */
export class ConnectionGuard {
  private readonly perIp = new Map<string, number>();
  private readonly open = new Set<Guarded>();
  private readonly perConnection: InProcessRateLimiter;
  private readonly recheck: NodeJS.Timeout;
  private serial = 0;

  constructor(
    private readonly authenticator: Authenticator,
    private readonly limits: ConnectionLimits,
    private readonly logger: Logger,
  ) {
    this.perConnection = new InProcessRateLimiter(limits.subscribeBurst, limits.subscribePerSecond);
    // The one home for a key's connections: revoked, or acting with other grants than it connected with.
    authenticator.onKeyRevoked((hash) => void this.recheckKeys({ keyHash: hash }));
    // Only a TOKEN holds custom roles: SDK keys' grants are fixed, so their connections are not asked.
    authenticator.onKeyGrantsChanged(() => void this.recheckKeys({ tokensOnly: true }));
    authenticator.onSessionsChanged((change) => void this.recheckSessions(change));
    this.recheck = setInterval(() => void this.recheckAll(), limits.keyRecheckMs);
    this.recheck.unref();
  }

  /**
   * `ws` verifyClient: refuses the upgrade with 429 and a RATE_LIMITED body when the
   * address already holds its share of connections.
   */
  verifyClient = (
    info: { req: http.IncomingMessage },
    done: (ok: boolean, code?: number, message?: string, headers?: http.OutgoingHttpHeaders) => void,
  ): void => {
    // A page on another site must not open a connection with the user's credentials.
    const origin = info.req.headers.origin;
    if (origin && !this.limits.allowedOrigins.includes(origin)) {
      const body = JSON.stringify({
        errors: [
          {
            message: `WebSocket connections from origin ${origin} are not allowed (CORS_ORIGINS)`,
            extensions: { code: 'FORBIDDEN', limit: 'origin' },
          },
        ],
      });
      done(false, 403, body, { 'Content-Type': 'application/json' });
      return;
    }
    const refusal = this.connectionRefusal(info.req);
    if (!refusal) {
      done(true);
      return;
    }
    done(false, 429, refusal.body, refusal.headers);
  };

  /**
   * Why the address may not open another long-lived connection (a WebSocket or a Server-Sent
   * Events stream share its WS_MAX_CONNECTIONS_PER_IP): a 429 body and headers, or null.
   */
  connectionRefusal(req: http.IncomingMessage): { body: string; headers: Record<string, string> } | null {
    const ip = this.limits.clientIp(req) ?? 'unknown';
    if ((this.perIp.get(ip) ?? 0) < this.limits.maxConnectionsPerIp) return null;
    const retryAfterSeconds = 5;
    const body = JSON.stringify({
      errors: [
        {
          message: `Too many open connections (WebSocket and Server-Sent Events) from ${ip} (WS_MAX_CONNECTIONS_PER_IP is ${this.limits.maxConnectionsPerIp}): close one or retry after ${retryAfterSeconds} s`,
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds, limit: 'connections-per-ip' },
        },
      ],
    });
    return {
      body,
      headers: { 'Content-Type': 'application/json', 'Retry-After': String(retryAfterSeconds) },
    };
  }

  /** Counts every upgraded socket against its address until it closes. */
  countConnection(socket: WebSocket, req: http.IncomingMessage): void {
    socket.once('close', this.countOpen(req));
  }

  /** Counts a long-lived connection against its address; the returned function uncounts it, once. */
  countOpen(req: http.IncomingMessage): () => void {
    const ip = this.limits.clientIp(req) ?? 'unknown';
    this.perIp.set(ip, (this.perIp.get(ip) ?? 0) + 1);
    let counted = true;
    return () => {
      if (!counted) return;
      counted = false;
      const n = (this.perIp.get(ip) ?? 1) - 1;
      if (n > 0) this.perIp.set(ip, n);
      else this.perIp.delete(ip);
    };
  }

  /** After a successful `connection_init`: watch the credentials for the socket's lifetime. */
  admit(socket: WebSocket, req: http.IncomingMessage, auth: Authentication): Guarded {
    return this.watch(auth, req, (code, reason) => socket.close(code, reason));
  }

  /** Watches any long-lived answer's credentials until `release`: `close` ends it. */
  watch(auth: Authentication, req: http.IncomingMessage, close: Guarded['close']): Guarded {
    const c: Guarded = { close, auth, ip: this.limits.clientIp(req), serial: ++this.serial, timer: null };
    this.open.add(c);
    if (auth.expiresAt !== null) this.armExpiry(c, auth.expiresAt);
    return c;
  }

  release(c: Guarded | undefined): void {
    if (!c) return;
    if (c.timer) clearTimeout(c.timer);
    this.open.delete(c);
  }

  private armExpiry(c: Guarded, expiresAt: number): void {
    const left = expiresAt - Date.now();
    if (left <= 0) {
      c.close(CLOSE_EXPIRED, 'The access token expired: refresh it and reconnect');
      return;
    }
    c.timer = setTimeout(() => this.armExpiry(c, expiresAt), Math.min(left, MAX_TIMER_MS));
    c.timer.unref();
  }

  /**
   * A logout, deactivation or role change broadcast: the connections of those sessions ask again
   * and close with 4401 when the session ended or the user's role changed (the client refreshes its
   * token and reconnects, resuming with sinceVersion, under the role it has now).
   */
  private async recheckSessions(change: SessionsChanged | null): Promise<void> {
    const all = !change || (!change.userId && !change.sessionIds);
    for (const c of [...this.open]) {
      const { identity } = c.auth;
      if (identity.kind !== 'user' || !identity.sessionId) continue;
      if (!all && identity.id !== change.userId && !change.sessionIds?.includes(identity.sessionId)) continue;
      const holds = await this.authenticator.sessionStillHolds(identity).catch((err) => {
        // The owner is away: keep the connection; nothing can have changed without it.
        this.logger.warn({ err: (err as Error).message }, 'session re-check failed');
        return true;
      });
      if (!holds)
        c.close(
          CLOSE_EXPIRED,
          'This session has ended or its role changed: sign in or refresh, then reconnect',
        );
    }
  }

  /** The periodic round, in case a broadcast was lost: sessions, then every key's connections. */
  private async recheckAll(): Promise<void> {
    // Answers are cached: a map lookup each.
    await this.recheckSessions(null);
    await this.recheckKeys();
  }

  /**
   * The connections of one key (a revocation or a replacement of its custom roles was broadcast), of
   * every TOKEN (a custom role changed), or of every key (the periodic round): a revoked key's close
   * with 4403; one whose role or grants differ from what it connected with close with 4401, and the
   * client reconnects acting with the new grants, so no subscription keeps serving under the old ones.
   */
  private async recheckKeys(only: { keyHash?: string; tokensOnly?: boolean } = {}): Promise<void> {
    const { keyHash, tokensOnly } = only;
    for (const c of [...this.open]) {
      if (!c.auth.keyHash || (keyHash && c.auth.keyHash !== keyHash)) continue;
      if (tokensOnly && c.auth.identity.keyKind !== 'token') continue;
      const standing = await this.authenticator.keyStanding(c.auth.keyHash, c.auth.identity).catch((err) => {
        this.logger.warn({ err: (err as Error).message }, 'API key re-check failed');
        // The owner is away. Its own broadcast about this key is believed (as before the re-check was
        // asked); otherwise the connection stays and the next round decides.
        return keyHash ? ('revoked' as const) : ('holds' as const);
      });
      if (standing === 'revoked') c.close(CLOSE_REVOKED, 'This API key was revoked');
      else if (standing === 'changed')
        c.close(CLOSE_EXPIRED, "This API key's role or grants changed: reconnect to act with them");
    }
  }

  /** A RATE_LIMITED error when this subscribe exceeds the connection's or the caller's bucket. */
  async takeSubscribe(c: Guarded, identity: Identity): Promise<GraphQLError | null> {
    const local = await this.perConnection.take(`connection:${c.serial}`);
    if (!local.allowed) {
      return limited(
        local.retryAfterSeconds,
        'subscribe-per-connection',
        `Too many subscribe operations on this connection (WS_SUBSCRIBE_PER_SECOND ${this.limits.subscribePerSecond}, WS_SUBSCRIBE_BURST ${this.limits.subscribeBurst})`,
      );
    }
    if (!this.limits.perIdentity) return null;
    const shared = await this.limits.perIdentity.take(rateKeyOf(identity, c.ip).key);
    if (!shared.allowed) {
      return limited(
        shared.retryAfterSeconds,
        'subscribe-per-identity',
        `Too many requests and subscribe operations by ${identity.name} (RATE_LIMIT_PER_SECOND, RATE_LIMIT_BURST)`,
      );
    }
    return null;
  }

  close(): void {
    clearInterval(this.recheck);
    for (const c of this.open) if (c.timer) clearTimeout(c.timer);
    this.open.clear();
  }
}

function limited(retryAfterSeconds: number, limit: string, what: string): GraphQLError {
  return errors.rateLimited(retryAfterSeconds, { limit, what });
}
