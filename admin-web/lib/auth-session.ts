import { gatewayUrl } from './gateway-url';

/**
 * The signed-in session, kept in localStorage so every tab shares it: the short-lived access token
 * only. The 30-day refresh token is an httpOnly cookie the gateway sets (SameSite=Strict), which
 * this page's scripts cannot read; the gateway fills it in for `refreshSession` and `logout`.
 */
export interface StoredSession {
  accessToken: string;
  accessTokenExpiresAt: string;
  email: string;
}

const STORAGE_KEY = 'switchyard.session';
const SESSION_FIELDS = 'accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt user { email }';
/** Asks the gateway to keep the refresh token in its cookie (see gateway/src/auth/refresh-cookie.ts). */
const COOKIE_SESSION = { 'x-switchyard-session': 'cookie' };

export function readSession(): StoredSession | null {
  if (typeof window === 'undefined') return null;
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    const stored = raw ? (JSON.parse(raw) as StoredSession & { refreshToken?: string }) : null;
    if (stored?.refreshToken !== undefined) {
      // Kept by an earlier console: the refresh token leaves localStorage; the access token serves until it expires.
      const { refreshToken: _dropped, ...session } = stored;
      saveSession(session);
      return session;
    }
    return stored;
  } catch {
    return null;
  }
}

function saveSession(session: StoredSession | null) {
  if (session) window.localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else window.localStorage.removeItem(STORAGE_KEY);
}

interface SessionPayload {
  accessToken: string;
  accessTokenExpiresAt: string;
  user: { email: string };
}

/** One unauthenticated call to the gateway (sign-in and refresh must not recurse into authFetch). */
async function sessionMutation(query: string, variables: Record<string, string>): Promise<SessionPayload> {
  const res = await fetch(gatewayUrl(), {
    method: 'POST',
    // The refresh-token cookie travels only with these calls.
    credentials: 'include',
    headers: { 'content-type': 'application/json', ...COOKIE_SESSION },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as {
    data?: Record<string, SessionPayload> | null;
    errors?: { message: string }[];
  };
  const payload = body.data ? Object.values(body.data)[0] : undefined;
  if (!payload) throw new Error(body.errors?.[0]?.message ?? `Sign-in failed (HTTP ${res.status})`);
  return payload;
}

function store(p: SessionPayload): StoredSession {
  const session = {
    accessToken: p.accessToken,
    accessTokenExpiresAt: p.accessTokenExpiresAt,
    email: p.user.email,
  };
  saveSession(session);
  return session;
}

export async function signIn(email: string, password: string): Promise<StoredSession> {
  return store(
    await sessionMutation(
      `mutation SignIn($email: String!, $password: String!) { login(email: $email, password: $password) { ${SESSION_FIELDS} } }`,
      { email, password },
    ),
  );
}

export async function signOut(): Promise<void> {
  const session = readSession();
  saveSession(null);
  if (session) {
    // "": the gateway passes the cookie's token, and clears the cookie.
    await sessionMutation(
      'mutation SignOut($refreshToken: String!) { logout(refreshToken: $refreshToken) }',
      {
        refreshToken: '',
      },
    ).catch(() => undefined);
  }
}

/** A new access token from the refresh cookie ("": the gateway passes the cookie's token). */
const refreshFromCookie = () =>
  sessionMutation(
    `mutation Refresh($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { ${SESSION_FIELDS} } }`,
    { refreshToken: '' },
  );

let opening: Promise<StoredSession> | null = null;

/**
 * After single sign-on: the gateway's callback has set the refresh cookie (no page script saw a token);
 * this opens the session from it.
 */
export function signInFromCookie(): Promise<StoredSession> {
  // Once for concurrent callers (React runs a page's effects twice in development): the token rotates.
  opening ??= refreshFromCookie()
    .then(store)
    .finally(() => {
      opening = null;
    });
  return opening;
}

/** Where the gateway's single sign-on lives (`/auth/oidc/...` beside its GraphQL endpoint). */
export function singleSignOnUrl(path: 'config' | 'login'): URL {
  return new URL(`/auth/oidc/${path}`, gatewayUrl());
}

let refreshing: Promise<StoredSession | null> | null = null;

/** Exchanges the refresh token once for all concurrent callers; null when the session is over. */
function refresh(_session: StoredSession): Promise<StoredSession | null> {
  refreshing ??= refreshFromCookie()
    .then(store)
    .catch(() => {
      saveSession(null);
      return null;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** The current session, refreshed when its access token is about to expire; null when signed out. */
export async function freshSession(): Promise<StoredSession | null> {
  const session = readSession();
  if (session && Date.parse(session.accessTokenExpiresAt) - Date.now() < 30_000) return refresh(session);
  return session;
}

/** Sends the user to the sign-in page, coming back here afterwards. */
let redirecting = false;

export function redirectToSignIn() {
  // Several queries may be refused at once: navigate once, or the later call aborts the first.
  if (redirecting || window.location.pathname.startsWith('/sign-in')) return;
  redirecting = true;
  const next = encodeURIComponent(window.location.pathname + window.location.search);
  window.location.assign(`/sign-in?next=${next}`);
}

/**
 * The console's fetch: adds the access token, refreshes it shortly before it expires, and when the
 * gateway answers 401 refreshes once and retries; sends the user to sign in only if that fails too.
 */
export const authFetch: typeof fetch = async (input, init) => {
  let session = readSession();
  if (session && Date.parse(session.accessTokenExpiresAt) - Date.now() < 30_000) {
    session = await refresh(session);
  }
  if (!session) {
    redirectToSignIn();
    return new Response(JSON.stringify({ errors: [{ message: 'Not signed in' }] }), {
      status: 401,
      headers: { 'content-type': 'application/json' },
    });
  }
  const send = (s: StoredSession) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${s.accessToken}`);
    return fetch(input, { ...init, headers });
  };
  let res = await send(session);
  if (res.status === 401) {
    // A token refused before its expiry (issued before an upgrade, its session re-checked) while the
    // refresh cookie may still hold: one refresh, one retry, and sign-in only if the session is over.
    const renewed = await refresh(session);
    if (renewed) res = await send(renewed);
    if (!renewed || res.status === 401) {
      saveSession(null);
      redirectToSignIn();
    }
  }
  return res;
};
