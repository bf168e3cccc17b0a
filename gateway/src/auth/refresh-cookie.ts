import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';

/**
 * The console's refresh token lives in an httpOnly cookie, out of reach of the page's scripts (an
 * injected script could otherwise read the 30-day token from localStorage). A client opts in with
 * the header below; for it, the gateway moves the refresh token of `login` / `refreshSession`
 * answers into the cookie (the body says ""), and fills an empty `$refreshToken` variable (of
 * `refreshSession` / `logout`) from the cookie. SameSite=Strict and CORS credentials only for
 * CORS_ORIGINS keep other sites from using it. Other clients see no change.
 */
export const SESSION_COOKIE_HEADER = 'x-switchyard-session';
export const REFRESH_COOKIE = 'sy_refresh';
const COOKIE_PATH = '/graphql';

const optedIn = (value: string | string[] | undefined | null) => value === 'cookie';

function cookieValue(header: string | undefined): string | null {
  for (const part of header?.split(';') ?? []) {
    const [name, ...rest] = part.trim().split('=');
    if (name === REFRESH_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** After the JSON body parser: `"refreshToken": ""` becomes the cookie's token. */
export function fillRefreshTokenFromCookie(req: Request, _res: Response, next: NextFunction): void {
  if (optedIn(req.headers[SESSION_COOKIE_HEADER])) {
    const token = cookieValue(req.headers.cookie);
    const operations: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
    for (const op of operations) {
      const variables = (op as { variables?: Record<string, unknown> } | null)?.variables;
      if (token && variables && variables.refreshToken === '') variables.refreshToken = token;
    }
  }
  next();
}

/**
 * The refresh cookie's Set-Cookie value, its one home (the console's single sign-on sets it through refreshCookieUntil).
 * `maxAgeSeconds` null: a cookie for the browser session.
 */
function refreshCookie(value: string, maxAgeSeconds: number | null, secure: boolean): string {
  return [
    `${REFRESH_COOKIE}=${encodeURIComponent(value)}`,
    `Path=${COOKIE_PATH}`,
    ...(maxAgeSeconds === null ? [] : [`Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`]),
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** The refresh cookie for a token that expires at `expiresAt` (ISO); a browser-session cookie when unknown. */
export function refreshCookieUntil(token: string, expiresAt: unknown, secure: boolean): string {
  const expires = typeof expiresAt === 'string' ? Date.parse(expiresAt) : NaN;
  return refreshCookie(token, Number.isFinite(expires) ? (expires - Date.now()) / 1000 : null, secure);
}

interface SessionAnswer {
  refreshToken?: unknown;
  refreshTokenExpiresAt?: unknown;
}

/** Moves refresh tokens of opted-in answers into the cookie; a logout clears it. */
export function refreshCookiePlugin(opts: { secure: boolean }): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      if (!optedIn(request.http?.headers.get(SESSION_COOKIE_HEADER))) return;
      return {
        async willSendResponse({ response, operation }) {
          if (response.body.kind !== 'single') return;
          const data = response.body.singleResult.data as Record<string, unknown> | null | undefined;
          if (!data || operation?.operation !== 'mutation') return;
          for (const [field, value] of Object.entries(data)) {
            const answer = value as SessionAnswer | null;
            if (typeof answer?.refreshToken === 'string' && answer.refreshToken.startsWith('syr_')) {
              const cookie = refreshCookieUntil(
                answer.refreshToken,
                answer.refreshTokenExpiresAt,
                opts.secure,
              );
              response.http.headers.set('set-cookie', cookie);
              answer.refreshToken = '';
            } else if (field === 'logout') {
              response.http.headers.set('set-cookie', refreshCookie('', 0, opts.secure));
            }
          }
        },
      };
    },
  };
}
