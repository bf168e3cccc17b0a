import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Identity } from '@switchyard/server-kit';
import type { Credentials } from '../auth/authenticator';
import { credentialsOf } from '../identify';
import { escapeHtml } from './page';

/**
 * Cookie holding an access token (or API key) for the landing pages. Browsers cannot add an
 * Authorization header to a page navigation; the GraphiQL client turns it back into a header,
 * so /graphql itself never authenticates by cookie (no cross-site request forgery surface).
 */
export const SESSION_COOKIE = 'switchyard_token';
export const SIGN_IN_SCRIPT = '/graphiql/sign-in.js';

/** The value of one cookie of a request, if present. */
export function cookieValue(cookieHeader: string | undefined, name: string): string | null {
  for (const part of cookieHeader?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim()) || null;
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** A landing page request's credentials: headers first, then the session cookie. */
function landingCredentials(req: Request): Credentials {
  const creds = credentialsOf(req);
  if (creds.authorization || creds.apiKey) return creds;
  const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
  return { authorization: token ? `Bearer ${token}` : null, apiKey: null };
}

/**
 * Lets the request through when it carries a valid user session or key; otherwise answers
 * 401 with a page that signs in (or takes a pasted token) and comes back.
 */
export function requireSignIn(
  authenticate: (creds: Credentials, req: IncomingMessage) => Promise<Identity>,
  endpoint: string,
) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const identity = await authenticate(landingCredentials(req), req).catch(() => null);
    if (identity && identity.kind !== 'anonymous') {
      next();
      return;
    }
    res
      .status(401)
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(signInPage(endpoint, Boolean(identity)));
  };
}

/** The 401 page: a sign-in form and a token field, both handled by SIGN_IN_SCRIPT. */
export function signInPage(endpoint: string, hadNoCredentials: boolean): string {
  const why = hadNoCredentials
    ? 'In production the API explorer is open to signed-in users only.'
    : 'Your session is invalid or has expired: sign in again.';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in — Switchyard API</title>
<link rel="icon" href="data:,">
<style>
body { font: 16px system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; padding: 0 1rem; color: #222; }
label { display: block; margin: 0.75rem 0 0.25rem; }
input { width: 100%; padding: 0.4rem; box-sizing: border-box; }
button { margin-top: 1rem; padding: 0.5rem 1rem; }
#status { color: #a00; min-height: 1.5rem; }
</style>
</head>
<body>
<h1>Sign in to use the Switchyard API explorer</h1>
<p>${escapeHtml(why)}</p>
<form id="sign-in" data-endpoint="${escapeHtml(endpoint)}">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<form id="use-token">
<label for="token">Or paste an access token or API key</label><input id="token" name="token" autocomplete="off" required>
<button type="submit">Use token</button>
</form>
<p id="status" role="status"></p>
<script src="${SIGN_IN_SCRIPT}"></script>
</body>
</html>
`;
}

/** Plain browser script (no bundling): stores the token in SESSION_COOKIE and reloads. */
export const signInScript = `(() => {
  const status = document.getElementById('status');
  const endpoint = document.getElementById('sign-in').dataset.endpoint;
  const store = (token, maxAgeSeconds) => {
    const age = maxAgeSeconds === null ? '' : '; Max-Age=' + maxAgeSeconds;
    const secure = location.protocol === 'https:' ? '; Secure' : '';
    document.cookie = '${SESSION_COOKIE}=' + encodeURIComponent(token) + '; Path=/; SameSite=Strict' + age + secure;
    location.reload();
  };
  document.getElementById('sign-in').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    status.textContent = 'Signing in…';
    try {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation SignIn($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken accessTokenExpiresAt } }',
          variables: { email: form.get('email'), password: form.get('password') },
        }),
      });
      const body = await res.json();
      const session = body.data && body.data.login;
      if (!session) {
        status.textContent = (body.errors && body.errors[0] && body.errors[0].message) || 'Sign-in failed';
        return;
      }
      store(session.accessToken, Math.max(0, Math.floor((Date.parse(session.accessTokenExpiresAt) - Date.now()) / 1000)));
    } catch (err) {
      status.textContent = 'Sign-in failed: ' + err.message;
    }
  });
  document.getElementById('use-token').addEventListener('submit', (event) => {
    event.preventDefault();
    store(String(new FormData(event.target).get('token')).replace(/^Bearer\\s+/i, '').trim(), null);
  });
})();
`;
