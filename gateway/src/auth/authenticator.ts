import { API_KEY_PREFIX, errors, hashSecret, type Identity, type SessionKeys } from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';
import type { ApiKeyStore } from './api-key-store';

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

function unauthenticated(message: string): GraphQLError {
  const err = errors.unauthenticated(message);
  return new GraphQLError(err.message, { extensions: { ...err.extensions, http: { status: 401 } } });
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
    const bearer = creds.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (creds.authorization && !bearer) throw unauthenticated('Authorization must be "Bearer <token>"');
    const token = bearer ?? creds.apiKey?.trim();
    if (!token) return anonymous;
    if (token.startsWith(API_KEY_PREFIX)) {
      if (!this.apiKeys) throw unauthenticated('API keys are not available: the gateway has no DATABASE_URL');
      const identity = await this.apiKeys.identityFor(hashSecret(token));
      if (!identity) throw unauthenticated('This API key is unknown or revoked');
      return identity;
    }
    const claims = await this.sessions.verify(token);
    if (claims) {
      return {
        id: claims.userId,
        name: claims.name,
        kind: 'user',
        role: claims.role,
        permissions: claims.permissions,
      };
    }
    const external = this.oidc ? await this.oidc(token) : null;
    if (external) return external;
    throw unauthenticated('The access token is invalid or expired: refresh the session or sign in again');
  }
}
