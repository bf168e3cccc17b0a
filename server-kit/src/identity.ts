import { jwtVerify, SignJWT } from 'jose';
import type { Actor, Role } from './context';

/** Header carrying the gateway-signed identity to subgraphs. */
export const IDENTITY_HEADER = 'x-switchyard-identity';
const ISSUER = 'switchyard-gateway';
const AUDIENCE = 'switchyard-subgraphs';

export interface Identity extends Actor {
  /** Environments the caller may change production-grade config in, or permissions such as `production`. */
  permissions: string[];
  /** For SDK keys: the environment the key belongs to. */
  environment?: string | null;
  /** For API keys: `server` / `client` SDK key or a role-bearing automation `token`. */
  keyKind?: 'server' | 'client' | 'token' | null;
}

function keyFor(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Signed by the gateway for each request; valid for a minute so a leaked header is short-lived. */
export async function signIdentity(identity: Identity, secret: string, ttlSeconds = 60): Promise<string> {
  return new SignJWT({
    name: identity.name,
    kind: identity.kind,
    role: identity.role,
    permissions: identity.permissions,
    environment: identity.environment ?? null,
    keyKind: identity.keyKind ?? null,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(keyFor(secret));
}

/** Returns the identity, or null when the token is missing, forged or expired. */
export async function verifyIdentity(token: string | undefined, secret: string): Promise<Identity | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, keyFor(secret), { issuer: ISSUER, audience: AUDIENCE });
    return {
      id: String(payload.sub),
      name: String(payload.name ?? payload.sub),
      kind: (payload.kind as Actor['kind']) ?? 'anonymous',
      role: (payload.role as Role | null) ?? null,
      permissions: Array.isArray(payload.permissions) ? payload.permissions.map(String) : [],
      environment: (payload.environment as string | null) ?? null,
      keyKind: (payload.keyKind as Identity['keyKind']) ?? null,
    };
  } catch {
    return null;
  }
}
