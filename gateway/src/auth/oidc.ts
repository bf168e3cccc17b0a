import { type Identity, isUnavailableError, type Role } from '@switchyard/server-kit';
import { createRemoteJWKSet, jwtVerify } from 'jose';

export interface OidcOptions {
  issuer: string;
  jwksUrl: string;
  audience?: string;
  /** Claim holding the role (`admin`, `editor`, `viewer`); a missing or unknown value gets `defaultRole`. */
  roleClaim: string;
  defaultRole: Role;
}

const ROLES: readonly Role[] = ['admin', 'editor', 'viewer'];

/** Trusts an external identity provider: tokens signed by a key from its JWKS. */
export function oidcVerifier(opts: OidcOptions) {
  const jwks = createRemoteJWKSet(new URL(opts.jwksUrl), { cacheMaxAge: 10 * 60_000 });
  return async (token: string): Promise<Identity | null> => {
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: opts.issuer,
        ...(opts.audience ? { audience: opts.audience } : {}),
      });
      const claimed = payload[opts.roleClaim];
      const role = ROLES.includes(claimed as Role) ? (claimed as Role) : opts.defaultRole;
      const permissions = Array.isArray(payload.switchyard_permissions)
        ? payload.switchyard_permissions.map(String)
        : [];
      return {
        id: `oidc:${String(payload.sub)}`,
        name: String(payload.email ?? payload.name ?? payload.sub),
        kind: 'user',
        role,
        permissions,
      };
    } catch (err) {
      // The issuer's keys could not be fetched: that is an outage, not a bad token.
      if (isUnavailableError(err)) throw err;
      if ((err as { code?: string }).code === 'ERR_JWKS_TIMEOUT')
        throw Object.assign(new Error('JWKS fetch timed out'), { code: 'ETIMEDOUT' });
      return null;
    }
  };
}
