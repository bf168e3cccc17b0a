import {
  API_KEY_PREFIX,
  errors,
  hashSecret,
  type Identity,
  type SessionKeys,
  type SessionsChanged,
} from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';
import { decodeJwt } from 'jose';
import { type ApiKeyStore, lookupUnavailable } from './api-key-store';
import type { SessionStore } from './session-store';

export const anonymous: Identity = {
  id: 'anonymous',
  name: 'Anonymous',
  kind: 'anonymous',
  role: null,
  permissions: [],
};

export interface Credentials {
  /** `Authorization` header value, `Bearer <jwt or key>`. */
  authorization?: string | null;
  /** `X-API-Key` header value, for SDKs that cannot set Authorization. */
  apiKey?: string | null;
}

/** A verified caller and what can end its authority while a connection stays open. */
export interface Authentication {
  identity: Identity;
  /** When the token stops being valid (ms since epoch); null for API keys and anonymous callers. */
  expiresAt: number | null;
  /** Hash of the API key presented, matched against revocation broadcasts. */
  keyHash: string | null;
}

function unauthenticated(message: string): GraphQLError {
  const err = errors.unauthenticated(message);
  return new GraphQLError(err.message, { extensions: { ...err.extensions, http: { status: 401 } } });
}

/**
 * 503 with Retry-After: a lookup that could not be made says nothing about the credentials. Its
 * message names the owner that could not answer, never how it failed (no addresses, no driver words).
 */
export function unavailable(serviceName: string, message?: string): GraphQLError {
  const err = errors.serviceUnavailable(serviceName);
  const retryAfter = String(err.extensions.retryAfterSeconds);
  return new GraphQLError(message ? `${message}; retry in ${retryAfter} s` : err.message, {
    extensions: { ...err.extensions, http: { status: 503, headers: new Map([['retry-after', retryAfter]]) } },
  });
}

/** Runs a credential lookup; an owner that cannot answer is SERVICE_UNAVAILABLE, never a refusal. */
async function lookup<T>(serviceName: string, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    // The owner is unreachable, or answers SERVICE_UNAVAILABLE when its database is down.
    if (lookupUnavailable(err))
      throw unavailable(
        serviceName,
        `${what} cannot be checked: the ${serviceName} is temporarily unavailable`,
      );
    throw err;
  }
}

const sessionEnded = () =>
  unauthenticated('This session has ended (signed out, or the account was deactivated): sign in again');

const samePermissions = (a: string[], b: string[]) => a.length === b.length && a.every((p) => b.includes(p));

/**
 * Turns the caller's credentials into an Identity: built-in session JWTs (verified
 * locally, their session and the user's current role asked of the flags subgraph, cached),
 * API keys (by hash, cached), or tokens from a trusted OIDC issuer. No
 * credentials is `anonymous`; bad credentials are refused rather than downgraded,
 * so a client with an expired token learns it must refresh.
 */
export class Authenticator {
  constructor(
    private readonly sessions: SessionKeys,
    private readonly openSessions: SessionStore,
    private readonly apiKeys: ApiKeyStore | null,
    private readonly oidc: ((token: string) => Promise<Identity | null>) | null,
  ) {}

  async identify(creds: Credentials): Promise<Identity> {
    return (await this.authenticate(creds)).identity;
  }

  async authenticate(creds: Credentials): Promise<Authentication> {
    const bearer = creds.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (creds.authorization && !bearer) throw unauthenticated('Authorization must be "Bearer <token>"');
    const token = bearer ?? creds.apiKey?.trim();
    if (!token) return { identity: anonymous, expiresAt: null, keyHash: null };
    if (token.startsWith(API_KEY_PREFIX)) {
      if (!this.apiKeys) throw unauthenticated('API keys are not available: the gateway has no DATABASE_URL');
      const keyHash = hashSecret(token);
      const apiKeys = this.apiKeys;
      const identity = await lookup('flags subgraph', 'API keys', () => apiKeys.identityFor(keyHash));
      if (!identity) throw unauthenticated('This API key is unknown or revoked');
      return { identity, expiresAt: null, keyHash };
    }
    const session = await this.sessions.verify(token);
    if (session) {
      // The token proves who signed in; whether the session is still open, and the role the user has
      // now, are the owner's to say (a logout or a demotion takes effect on the next request).
      const open = await lookup('flags subgraph', 'Sessions', () => this.openSessions.get(session.sessionId));
      if (!open || open.userId !== session.userId) throw sessionEnded();
      const identity: Identity = {
        id: open.userId,
        name: open.name,
        kind: 'user',
        role: open.role,
        permissions: open.permissions,
        sessionId: session.sessionId,
      };
      return { identity, expiresAt: session.expiresAt, keyHash: null };
    }
    const oidc = this.oidc;
    const identity = oidc ? await lookup('identity provider', 'The token', () => oidc(token)) : null;
    if (!identity) {
      throw unauthenticated('The access token is invalid or expired: refresh the session or sign in again');
    }
    // Verified by the issuer's keys above, so decoding is only reading its expiry.
    const exp = decodeJwt(token).exp;
    return { identity, expiresAt: typeof exp === 'number' ? exp * 1000 : null, keyHash: null };
  }

  /**
   * Whether an API key still acts as a connection authenticated it: `revoked` once it is unknown or revoked,
   * `changed` when its role or grants differ now (its custom roles were replaced or edited), else `holds`.
   * A cached lookup (a revocation or grants broadcast evicts it; the TTL bounds a lost one). Throws
   * SERVICE_UNAVAILABLE when the owner cannot answer.
   */
  async keyStanding(keyHash: string, identity: Identity): Promise<'holds' | 'changed' | 'revoked'> {
    const apiKeys = this.apiKeys;
    if (!apiKeys) return 'revoked';
    const now = await lookup('flags subgraph', 'API keys', () => apiKeys.identityFor(keyHash));
    if (!now) return 'revoked';
    return now.role === identity.role && samePermissions(now.permissions, identity.permissions)
      ? 'holds'
      : 'changed';
  }

  /**
   * Whether a user's identity, as a connection authenticated it, still holds: the session is open
   * and the role and grants are unchanged. Other identities are not sessions (true). Throws
   * SERVICE_UNAVAILABLE when the owner cannot answer.
   */
  async sessionStillHolds(identity: Identity): Promise<boolean> {
    if (identity.kind !== 'user' || !identity.sessionId) return true;
    const sessionId = identity.sessionId;
    const open = await lookup('flags subgraph', 'Sessions', () => this.openSessions.get(sessionId));
    return (
      open !== null &&
      open.userId === identity.id &&
      open.role === identity.role &&
      samePermissions(open.permissions, identity.permissions)
    );
  }

  /** Calls `listener` after every SESSIONS_CHANGED broadcast (`{}`: unreadable, may concern anyone). */
  onSessionsChanged(listener: (change: SessionsChanged) => void): void {
    this.openSessions.onChanged(listener);
  }

  /** Calls `listener` with the hash of every API key revoked, or given other custom roles, anywhere (bus broadcast). */
  onKeyRevoked(listener: (keyHash: string) => void): void {
    this.apiKeys?.onRevoked(listener);
  }

  /** Calls `listener` after a custom role changed anywhere, once every key's grants are to be asked again. */
  onKeyGrantsChanged(listener: () => void): void {
    this.apiKeys?.onGrantsChanged(listener);
  }
}
