import { createHash, randomBytes } from 'node:crypto';
import { importPKCS8, importSPKI, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { env, loadConfig } from './config';
import type { Role } from './context';

/** Development-only signing secret; refused when NODE_ENV=production. */
export const DEV_JWT_SECRET = 'switchyard-development-jwt-secret-change-me';
const ISSUER = 'switchyard';
const AUDIENCE = 'switchyard-api';

/** What a user's access token says about them. */
export interface SessionClaims {
  userId: string;
  /**
   * The session (`sid`): one sign-in and the chain of refresh rotations that follow it. The gateway
   * asks its owner whether it is still open, so a logout or a deactivation ends the token at once.
   */
  sessionId: string;
  email: string;
  name: string;
  role: Role;
  /** Extra grants, e.g. `production`. */
  permissions: string[];
}

export interface SessionKeys {
  readonly algorithm: 'HS256' | 'RS256';
  /** Seconds an access token lives. */
  readonly accessTtlSeconds: number;
  /** Absent on a verifier built from a public key only (the gateway with RS256). */
  sign?(claims: SessionClaims): Promise<{ token: string; expiresAt: Date }>;
  /** The claims of a valid token, with its expiry (ms since epoch; null when it has none). */
  verify(token: string): Promise<VerifiedSession | null>;
}

export interface VerifiedSession extends SessionClaims {
  expiresAt: number | null;
}

const roles = ['admin', 'editor', 'viewer'] as const;

function claimsOf(payload: JWTPayload): SessionClaims | null {
  const role = payload.role;
  // A token without a session cannot be ended by a logout: refused, so the client refreshes it.
  if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || !roles.includes(role as Role))
    return null;
  return {
    userId: payload.sub,
    sessionId: payload.sid,
    email: String(payload.email ?? ''),
    name: String(payload.name ?? payload.email ?? payload.sub),
    role: role as Role,
    permissions: Array.isArray(payload.permissions) ? payload.permissions.map(String) : [],
  };
}

/**
 * Access tokens: HS256 with JWT_SECRET, or RS256 when JWT_PRIVATE_KEY / JWT_PUBLIC_KEY
 * (PEM) are set, so verifiers (the gateway) can hold only the public key.
 */
export async function loadSessionKeys(source: NodeJS.ProcessEnv = process.env): Promise<SessionKeys> {
  const config = loadConfig(
    {
      NODE_ENV: env.nodeEnv(),
      JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_JWT_SECRET),
      JWT_PRIVATE_KEY: z.string().optional(),
      JWT_PUBLIC_KEY: z.string().optional(),
      ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
    },
    source,
  );
  const pem = (v: string | undefined) => (v ? v.replace(/\\n/g, '\n') : undefined);
  const privatePem = pem(config.JWT_PRIVATE_KEY);
  const publicPem = pem(config.JWT_PUBLIC_KEY);
  if (privatePem || publicPem) {
    if (!publicPem) {
      process.stderr.write('config error: JWT_PUBLIC_KEY must be set with JWT_PRIVATE_KEY\n');
      process.exit(78);
    }
    const publicKey = await importSPKI(publicPem, 'RS256');
    const privateKey = privatePem ? await importPKCS8(privatePem, 'RS256') : null;
    return build('RS256', config.ACCESS_TOKEN_TTL_SECONDS, publicKey, privateKey);
  }
  if (config.NODE_ENV === 'production' && config.JWT_SECRET === DEV_JWT_SECRET) {
    process.stderr.write(
      'config error: JWT_SECRET (or JWT_PRIVATE_KEY/JWT_PUBLIC_KEY) must be set in production\n',
    );
    process.exit(78);
  }
  const secret = new TextEncoder().encode(config.JWT_SECRET);
  return build('HS256', config.ACCESS_TOKEN_TTL_SECONDS, secret, secret);
}

const MAX_VERIFIED = 10_000;

type Key = Parameters<typeof jwtVerify>[1] & Parameters<SignJWT['sign']>[0];

function build(algorithm: 'HS256' | 'RS256', ttl: number, verifyKey: Key, signKey: Key | null): SessionKeys {
  // A signature check costs ~0.1 ms of WebCrypto on every request of a session; a token that
  // verified once stays valid until it expires, so the answer is remembered until then (bounded).
  const verified = new Map<string, VerifiedSession>();
  return {
    algorithm,
    accessTtlSeconds: ttl,
    sign: signKey
      ? async (claims) => {
          const expiresAt = new Date(Date.now() + ttl * 1000);
          const token = await new SignJWT({
            sid: claims.sessionId,
            email: claims.email,
            name: claims.name,
            role: claims.role,
            permissions: claims.permissions,
          })
            .setProtectedHeader({ alg: algorithm })
            .setSubject(claims.userId)
            .setIssuer(ISSUER)
            .setAudience(AUDIENCE)
            .setIssuedAt()
            .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
            .sign(signKey);
          return { token, expiresAt };
        }
      : undefined,
    async verify(token) {
      const hit = verified.get(token);
      if (hit && hit.expiresAt !== null && hit.expiresAt > Date.now()) return hit;
      try {
        const { payload } = await jwtVerify(token, verifyKey, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: [algorithm],
        });
        const claims = claimsOf(payload);
        if (!claims) return null;
        const session = { ...claims, expiresAt: payload.exp ? payload.exp * 1000 : null };
        if (verified.size >= MAX_VERIFIED) verified.clear();
        if (session.expiresAt !== null) verified.set(token, session);
        return session;
      } catch {
        return null;
      }
    },
  };
}

/** API key kinds: per-environment SDK keys, and role-bearing tokens for automation. */
export type ApiKeyKind = 'server' | 'client' | 'token';

/** Every secret starts with `sy_`, so the gateway tells keys from JWTs without trying both. */
export const API_KEY_PREFIX = 'sy_';

/** A new secret: prefix, kind, 32 random bytes (base64url). Shown once, stored only as its hash. */
export function newApiKeySecret(kind: ApiKeyKind): string {
  return `${API_KEY_PREFIX}${kind}_${randomBytes(32).toString('base64url')}`;
}

/** SHA-256 is enough for 256-bit random secrets (no dictionary to attack) and fast on the hot path. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Published when a key is revoked, so every gateway replica drops it from its cache at once. */
export const API_KEY_REVOKED_CHANNEL = 'switchyard_api_key_revoked';

/**
 * Published (JSON `SessionsChanged`) when sessions end or a user's role, grants or status change,
 * so every gateway replica forgets what it knew about them before the next request.
 */
export const SESSIONS_CHANGED_CHANNEL = 'switchyard_sessions_changed';

/**
 * An open session as its owner (the flags subgraph, `POST /internal/session`) sees it now: the user's
 * current role and grants, which the gateway acts on rather than the token's.
 */
export interface OpenSession {
  userId: string;
  email: string;
  name: string;
  role: Role;
  permissions: string[];
}

/**
 * Which sessions a SESSIONS_CHANGED broadcast is about: these ones, and every one of this user; `all`:
 * any session and any API key (a custom role's grants or a group mapping changed).
 */
export interface SessionsChanged {
  sessionIds?: string[];
  userId?: string;
  all?: boolean;
}
