import { API_KEY_PREFIX, errors, hashSecret, type Identity, type SessionKeys } from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';
import { decodeJwt } from 'jose';
import { type ApiKeyStore, lookupUnavailable } from './api-key-store';

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

/** 503 with Retry-After: a lookup that could not be made says nothing about the credentials. */
export function unavailable(serviceName: string): GraphQLError {
  const err = errors.serviceUnavailable(serviceName);
  const retryAfter = String(err.extensions.retryAfterSeconds);
  return new GraphQLError(err.message, {
    extensions: { ...err.extensions, http: { status: 503, headers: new Map([['retry-after', retryAfter]]) } },
  });
}

/** Runs a credential lookup; a dependency that cannot be reached is SERVICE_UNAVAILABLE, never a refusal. */
async function lookup<T>(serviceName: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    // The key's owner answers SERVICE_UNAVAILABLE when its database is down.
    if (lookupUnavailable(err)) throw unavailable(serviceName);
    throw err;
  }
}

/**
 * Turns the caller's credentials into an Identity: built-in session JWTs (verified
 * locally), API keys (by hash, cached), or tokens from a trusted OIDC issuer. No
 * credentials is `anonymous`; bad credentials are refused rather than downgraded,
 * so a client with an expired token learns it must refresh.
 */
export class Authenticator {
  constructor(
    private readonly sessions: SessionKeys,
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
      const identity = await lookup('database', () => apiKeys.identityFor(keyHash));
      if (!identity) throw unauthenticated('This API key is unknown or revoked');
      return { identity, expiresAt: null, keyHash };
    }
    const session = await this.sessions.verify(token);
    if (session) {
      const identity: Identity = {
        id: session.userId,
        name: session.name,
        kind: 'user',
        role: session.role,
        permissions: session.permissions,
      };
      return { identity, expiresAt: session.expiresAt, keyHash: null };
    }
    const oidc = this.oidc;
    const identity = oidc ? await lookup('identity provider', () => oidc(token)) : null;
    if (!identity) {
      throw unauthenticated('The access token is invalid or expired: refresh the session or sign in again');
    }
    // Verified by the issuer's keys above, so decoding is only reading its expiry.
    const exp = decodeJwt(token).exp;
    return { identity, expiresAt: typeof exp === 'number' ? exp * 1000 : null, keyHash: null };
  }

  /** Whether an API key is still unrevoked (cached lookup; the TTL bounds a lost broadcast). */
  async keyIsValid(keyHash: string): Promise<boolean> {
    const apiKeys = this.apiKeys;
    return Boolean(apiKeys && (await lookup('database', () => apiKeys.identityFor(keyHash))));
  }

  /** Calls `listener` with the hash of every API key revoked anywhere (bus broadcast). */
  onKeyRevoked(listener: (keyHash: string) => void): void {
    this.apiKeys?.onRevoked(listener);
  }
}
