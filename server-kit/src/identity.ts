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
  /** For SDK keys: the project the key belongs to (its flags are the only ones it reads). */
  project?: string | null;
  /** For API keys: `server` / `client` SDK key or a role-bearing automation `token`. */
  keyKind?: 'server' | 'client' | 'token' | null;
  /** For users signed in here: their session (the access token's `sid`), which a logout ends. */
  sessionId?: string | null;
}

function keyFor(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Signed by the gateway for each request; valid for a minute so a leaked header is short-lived. */
// Signing and verifying cost ~0.4 ms each (WebCrypto), on every subgraph call of every
// request; a token is reused for the first half of its life and a verified one is
// remembered until it expires. Both maps are bounded.
const MAX_CACHED = 10_000;
const signed = new Map<string, { token: string; reuseUntil: number }>();
const verified = new Map<string, { identity: Identity; expiresAt: number }>();

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= MAX_CACHED) map.clear();
  map.set(key, value);
}

export async function signIdentity(identity: Identity, secret: string, ttlSeconds = 60): Promise<string> {
  const cacheKey = `${secret}\u0000${ttlSeconds}\u0000${JSON.stringify(identity)}`;
  const now = Date.now();
  const hit = signed.get(cacheKey);
  if (hit && hit.reuseUntil > now) return hit.token;
  const token = await signFresh(identity, secret, ttlSeconds);
  remember(signed, cacheKey, { token, reuseUntil: now + (ttlSeconds * 1000) / 2 });
  return token;
}

function signFresh(identity: Identity, secret: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({
    name: identity.name,
    kind: identity.kind,
    role: identity.role,
    permissions: identity.permissions,
    environment: identity.environment ?? null,
    project: identity.project ?? null,
    keyKind: identity.keyKind ?? null,
    // The session a signed-in person acts in: a password change ends every other one.
    ...(identity.sessionId ? { sid: identity.sessionId } : {}),
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
  const cacheKey = `${secret}\u0000${token}`;
  const hit = verified.get(cacheKey);
  if (hit && hit.expiresAt > Date.now()) return hit.identity;
  try {
    const { payload } = await jwtVerify(token, keyFor(secret), { issuer: ISSUER, audience: AUDIENCE });
    const identity: Identity = {
      id: String(payload.sub),
      name: String(payload.name ?? payload.sub),
      kind: (payload.kind as Actor['kind']) ?? 'anonymous',
      role: (payload.role as Role | null) ?? null,
      permissions: Array.isArray(payload.permissions) ? payload.permissions.map(String) : [],
      environment: (payload.environment as string | null) ?? null,
      project: (payload.project as string | null) ?? null,
      keyKind: (payload.keyKind as Identity['keyKind']) ?? null,
      ...(typeof payload.sid === 'string' ? { sessionId: payload.sid } : {}),
    };
    remember(verified, cacheKey, { identity, expiresAt: (payload.exp ?? 0) * 1000 });
    return identity;
  } catch {
    return null;
  }
}
