import { createHash } from 'node:crypto';
import {
  type Identity,
  type InternalRouteClient,
  type Logger,
  type Role,
  systemActor,
} from '@switchyard/server-kit';
import cors from 'cors';
import type { Express, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { EncryptJWT, jwtDecrypt } from 'jose';
import * as oidc from 'openid-client';
import { askFlags } from './ask-flags';
import { refreshCookieUntil } from './refresh-cookie';

/** The sign-in in progress, kept in the browser's `sy_oidc` cookie (encrypted) until the provider answers. */
interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  returnTo: string;
}

export interface SsoOptions {
  /** The OpenID provider (OIDC_SSO_ISSUER or OIDC_ISSUER); discovery at its /.well-known/openid-configuration. */
  issuer: string;
  clientId: string;
  /** Absent for a public client (PKCE alone). */
  clientSecret?: string;
  /** Where the provider sends the browser back; default this gateway's /auth/oidc/callback as the request reached it. */
  redirectUrl?: string;
  /** The console's button says "Sign in with <label>". */
  label: string;
  scopes: string;
  roleClaim: string;
  /** The claim listing the person's groups (OIDC_GROUPS_CLAIM); their mapped custom roles apply. */
  groupsClaim: string;
  defaultRole: Role;
  /** The console (CONSOLE_URL): where a sign-in returns by default and where refusals are shown. */
  consoleUrl: string;
  /** Origins a `returnTo` may point at (the console's and CORS_ORIGINS). */
  consoleOrigins: string[];
  /** Encrypts the pending sign-in's cookie (a key derived from INTERNAL_TOKEN_SECRET). */
  secret: string;
  /** Cookies marked Secure (production). */
  secure: boolean;
  /** Talk to an http:// provider (development and tests only). */
  allowInsecureIssuer: boolean;
  /** The flags subgraph's `ssoSignIn` route. */
  flags: InternalRouteClient;
  clientIp: (req: Request) => string | null;
  /** One token of the caller's address bucket per sign-in step. */
  rateLimit: (req: Request) => Promise<{ allowed: boolean; retryAfterSeconds: number }>;
  logger: Logger;
}

const ROLES: readonly Role[] = ['admin', 'editor', 'viewer'];
const FLOW_COOKIE = 'sy_oidc';
const FLOW_PATH = '/auth/oidc';
/** Time to sign in at the provider before the pending sign-in is forgotten. */
const FLOW_SECONDS = 600;
const ssoIdentity: Identity = { ...systemActor, name: 'single sign-on', permissions: [] };

/** A refusal shown to the person on the console's sign-in page. */
class SsoRefusal extends Error {}

function flowCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${FLOW_COOKIE}=${value}`,
    `Path=${FLOW_PATH}`,
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    // Lax, not Strict: the provider's redirect back is a cross-site navigation, which must carry it.
    'SameSite=Lax',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

function cookieNamed(req: Request, name: string): string | null {
  for (const part of req.headers.cookie?.split(';') ?? []) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

/** The role claim's value as a role: absent gives the default; anything else unknown is refused. */
function roleFromClaim(value: unknown, opts: Pick<SsoOptions, 'roleClaim' | 'defaultRole'>): Role {
  if (value === undefined || value === null || value === '') return opts.defaultRole;
  if (typeof value === 'string' && ROLES.includes(value as Role)) return value as Role;
  throw new SsoRefusal(
    `Your identity provider gave the role ${JSON.stringify(value)} in claim "${opts.roleClaim}", which Switchyard does not know (admin, editor or viewer): ask your administrator`,
  );
}

/** The groups claim as names: a list of strings, or one string; absent is none; anything else is refused. */
function groupsFromClaim(value: unknown, claim: string): string[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((g) => typeof g !== 'string'))
    throw new SsoRefusal(
      `Your identity provider sent claim "${claim}" in a form Switchyard cannot read: ask your administrator`,
    );
  return (list as string[]).filter((g) => g.length > 0);
}

/**
 * Console single sign-on with OpenID Connect: authorization code flow with PKCE (S256).
 *
 * `GET /auth/oidc/config` tells the console whether it is on and what its button says.
 * `GET /auth/oidc/login?returnTo=` keeps a random state, nonce and PKCE verifier in a short-lived
 * encrypted httpOnly cookie and sends the browser to the provider. `GET /auth/oidc/callback` checks
 * the state, exchanges the code with the verifier, validates the ID token (signature, issuer,
 * audience, nonce), maps the role claim, and has the flags subgraph find or create the user and
 * open a session; the refresh token goes into the console's refresh cookie and the browser back to
 * the console. Every refusal returns to the console's sign-in page with `?ssoError=<message>`.
 */
export function mountSingleSignOn(
  app: Express,
  opts: SsoOptions | null,
  consoleCors: { origins: string[] },
): void {
  app.get('/auth/oidc/config', cors({ origin: consoleCors.origins }), (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json(opts ? { enabled: true, label: opts.label } : { enabled: false, label: null });
  });
  if (!opts) return;
  const sso = opts;
  const key = createHash('sha256').update(`switchyard single sign-on\0${sso.secret}`).digest();

  // Discovered once; a failed discovery is asked again by the next sign-in.
  let discovered: Promise<oidc.Configuration> | null = null;
  const provider = () => {
    discovered ??= oidc
      .discovery(
        new URL(sso.issuer),
        sso.clientId,
        sso.clientSecret,
        sso.clientSecret ? oidc.ClientSecretPost(sso.clientSecret) : oidc.None(),
        sso.allowInsecureIssuer ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((err: unknown) => {
        discovered = null;
        throw err;
      });
    return discovered;
  };

  /** An absolute URL on a console origin, or a path on the console; anything else is the console itself. */
  const safeReturnTo = (value: unknown): string => {
    if (typeof value === 'string' && value) {
      try {
        const url = new URL(value, sso.consoleUrl);
        if (sso.consoleOrigins.includes(url.origin)) return url.toString();
      } catch {
        // Not a URL: the console.
      }
    }
    return sso.consoleUrl;
  };

  const refuse = (res: Response, message: string, returnTo?: string) => {
    const page = new URL('/sign-in', returnTo ?? sso.consoleUrl);
    page.searchParams.set('ssoError', message);
    res.setHeader('cache-control', 'no-store');
    res.redirect(303, page.toString());
  };

  const limited = async (req: Request, res: Response) => {
    const decision = await sso.rateLimit(req);
    if (decision.allowed) return false;
    res.setHeader('retry-after', String(decision.retryAfterSeconds));
    res.status(429).type('text/plain').send('Too many sign-in attempts: try again shortly.');
    return true;
  };

  app.get(`${FLOW_PATH}/login`, async (req: Request, res: Response) => {
    const returnTo = safeReturnTo(req.query.returnTo);
    try {
      if (await limited(req, res)) return;
      const config = await provider();
      const flow: PendingSignIn = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        verifier: oidc.randomPKCECodeVerifier(),
        redirectUri: sso.redirectUrl ?? `${req.protocol}://${req.get('host')}${FLOW_PATH}/callback`,
        returnTo,
      };
      const sealed = await new EncryptJWT({ flow })
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .setIssuedAt()
        .setExpirationTime(`${FLOW_SECONDS}s`)
        .encrypt(key);
      const authorize = oidc.buildAuthorizationUrl(config, {
        redirect_uri: flow.redirectUri,
        scope: sso.scopes,
        state: flow.state,
        nonce: flow.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
        code_challenge_method: 'S256',
      });
      res.setHeader('set-cookie', flowCookie(sealed, FLOW_SECONDS, sso.secure));
      res.setHeader('cache-control', 'no-store');
      res.redirect(302, authorize.toString());
    } catch (err) {
      sso.logger.warn(
        { err: (err as Error).message, issuer: sso.issuer },
        'single sign-on: discovery failed',
      );
      refuse(res, 'The identity provider could not be reached: try again shortly', returnTo);
    }
  });

  app.get(`${FLOW_PATH}/callback`, async (req: Request, res: Response) => {
    // The pending sign-in is used once, whatever happens.
    res.setHeader('set-cookie', flowCookie('', 0, sso.secure));
    let flow: PendingSignIn | null = null;
    try {
      const sealed = cookieNamed(req, FLOW_COOKIE);
      if (sealed) flow = ((await jwtDecrypt(sealed, key)).payload.flow as PendingSignIn) ?? null;
    } catch {
      flow = null;
    }
    try {
      if (await limited(req, res)) return;
      const query = req.query as Record<string, unknown>;
      if (typeof query.error === 'string') {
        const said = typeof query.error_description === 'string' ? query.error_description : query.error;
        throw new SsoRefusal(`The identity provider did not sign you in: ${said}`);
      }
      if (!flow)
        throw new SsoRefusal('This sign-in expired or was started in another browser: sign in again');
      if (query.state !== flow.state)
        throw new SsoRefusal('The answer does not belong to the sign-in started here (state): sign in again');
      if (typeof query.code !== 'string' || !query.code)
        throw new SsoRefusal('The identity provider sent no code: sign in again');

      const config = await provider();
      // The callback as the provider was told it (behind a proxy the request's own URL may differ).
      const current = new URL(flow.redirectUri);
      current.search = new URL(req.originalUrl, 'http://callback').search;
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: flow.verifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        });
      } catch (err) {
        if (err instanceof oidc.ResponseBodyError && err.error === 'invalid_grant')
          throw new SsoRefusal('The sign-in code has expired or was already used: sign in again');
        sso.logger.warn({ err: (err as Error).message }, 'single sign-on: code exchange refused');
        throw new SsoRefusal("The identity provider's answer could not be verified: sign in again");
      }
      const idToken = tokens.claims();
      if (!idToken) throw new SsoRefusal('The identity provider sent no ID token');
      let claims: Record<string, unknown> = idToken;
      // Providers put profile claims in the ID token or only in userinfo (code flow); ask when missing.
      if (
        (claims.email === undefined ||
          claims[sso.roleClaim] === undefined ||
          claims[sso.groupsClaim] === undefined) &&
        tokens.access_token &&
        config.serverMetadata().userinfo_endpoint
      ) {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
        claims = { ...info, ...idToken };
      }
      const role = roleFromClaim(claims[sso.roleClaim], sso);
      const groups = groupsFromClaim(claims[sso.groupsClaim], sso.groupsClaim);
      if (typeof claims.email !== 'string' || !claims.email)
        throw new SsoRefusal('The identity provider did not share your email address (scope "email")');
      if (claims.email_verified === false)
        throw new SsoRefusal('The identity provider has not verified your email address');

      let session: { refreshToken: string; refreshTokenExpiresAt: string };
      try {
        session = await askFlags(
          sso.flags,
          {
            subject: `${idToken.iss} ${idToken.sub}`,
            email: claims.email,
            name: typeof claims.name === 'string' ? claims.name : null,
            role,
            groups,
          },
          'sign-in',
          {
            identity: ssoIdentity,
            requestId: String(res.locals.requestId ?? 'sso-sign-in'),
            ip: sso.clientIp(req),
            userAgent: req.headers['user-agent'] ?? null,
          },
        );
      } catch (err) {
        const code = err instanceof GraphQLError ? err.extensions.code : undefined;
        if (code === 'UNAUTHENTICATED' || code === 'BAD_USER_INPUT')
          throw new SsoRefusal((err as GraphQLError).originalError?.message ?? (err as Error).message);
        throw err;
      }
      res.append(
        'set-cookie',
        refreshCookieUntil(session.refreshToken, session.refreshTokenExpiresAt, sso.secure),
      );
      res.setHeader('cache-control', 'no-store');
      res.redirect(303, flow.returnTo);
    } catch (err) {
      if (!(err instanceof SsoRefusal)) {
        sso.logger.warn({ err: (err as Error).message }, 'single sign-on failed');
        return refuse(res, 'Switchyard could not sign you in now: try again shortly', flow?.returnTo);
      }
      refuse(res, err.message, flow?.returnTo);
    }
  });
}
