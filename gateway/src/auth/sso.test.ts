import {
  freePort,
  type OidcProvider,
  signInAtProvider,
  startOidcProvider,
  startTestStack,
  type TestStack,
} from '@switchyard/testkit';

// Issue 17: console single sign-on (OpenID Connect, authorization code flow with PKCE) against a real
// provider (`oidc-provider`, in its own process), driven as a browser would: every redirect followed
// by hand, the provider's development sign-in form filled in, cookies kept per site.

const CONSOLE = 'http://console.switchyard.test';
const CLIENT_ID = 'switchyard-console';
const CLIENT_SECRET = 'a-client-secret-of-the-test-provider';
const ACCOUNTS: Record<string, Record<string, unknown>> = {
  editor: { email: 'ed@idp.test', email_verified: true, name: 'Ed Itor', switchyard_role: 'editor' },
  norole: { email: 'nora@idp.test', email_verified: true, name: 'Nora' },
  unknownrole: { email: 'uma@idp.test', email_verified: true, switchyard_role: 'superuser' },
  linked: { email: 'pat@idp.test', email_verified: true, switchyard_role: 'admin' },
  stopped: { email: 'dee@idp.test', email_verified: true, switchyard_role: 'viewer' },
  slow: { email: 'sloane@idp.test', email_verified: true, switchyard_role: 'viewer', codeTtlSeconds: 1 },
  twice: { email: 'tess@idp.test', email_verified: true, switchyard_role: 'viewer' },
  state: { email: 'stan@idp.test', email_verified: true, switchyard_role: 'viewer' },
  gone: { email: 'gus@idp.test', email_verified: true, switchyard_role: 'editor' },
  grouped: {
    email: 'gro@idp.test',
    email_verified: true,
    switchyard_role: 'viewer',
    groups: ['eng', 'sales'],
  },
};

interface UserView {
  id: string;
  email: string;
  name: string;
  role: string;
  deactivatedAt: string | null;
}

/** `name=value` of a Set-Cookie named `name`, or null. */
function setCookie(res: globalThis.Response, name: string): string | null {
  for (const cookie of res.headers.getSetCookie()) {
    const [pair] = cookie.split(';');
    if (pair?.startsWith(`${name}=`)) return pair.slice(name.length + 1);
  }
  return null;
}

describe('console single sign-on with OpenID Connect', () => {
  let stack: TestStack;
  let provider: OidcProvider;
  let gateway: string;
  let callbackUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    gateway = `http://127.0.0.1:${port}`;
    callbackUrl = `${gateway}/auth/oidc/callback`;
    provider = await startOidcProvider({
      redirectUri: callbackUrl,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      accounts: ACCOUNTS,
    });
    stack = await startTestStack({
      subgraphs: ['flags'],
      ports: { gateway: port },
      env: {
        OIDC_SSO_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_REDIRECT_URL: callbackUrl,
        OIDC_SSO_LABEL: 'Test IdP',
        OIDC_ROLE_CLAIM: 'switchyard_role',
        OIDC_DEFAULT_ROLE: 'viewer',
        CONSOLE_URL: CONSOLE,
      },
    });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    provider?.stop();
  });

  /** The gateway's /auth/oidc/login: where it sends the browser, and the pending sign-in's cookie. */
  async function startSignIn(returnTo?: string) {
    const query = returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;
    const res = await fetch(`${gateway}/auth/oidc/login${query}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const flowCookie = setCookie(res, 'sy_oidc');
    expect(flowCookie).toBeTruthy();
    return { authorize: new URL(res.headers.get('location')!), flowCookie: flowCookie! };
  }

  const atProvider = (authorize: URL, account: string | { abort: true }) =>
    signInAtProvider(authorize, account, callbackUrl);

  /** The gateway's callback with the browser's pending sign-in cookie: where it goes, and the refresh cookie. */
  async function callback(url: URL, flowCookie: string | null) {
    const res = await fetch(url, {
      redirect: 'manual',
      headers: flowCookie ? { cookie: `sy_oidc=${flowCookie}` } : {},
    });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    return {
      location,
      ssoError: location.searchParams.get('ssoError'),
      refresh: setCookie(res, 'sy_refresh'),
      setCookies: res.headers.getSetCookie(),
    };
  }

  async function signIn(account: string, returnTo?: string) {
    const { authorize, flowCookie } = await startSignIn(returnTo);
    return callback(await atProvider(authorize, account), flowCookie);
  }

  /** What the console does on load: the refresh cookie for an access token, then `me`. */
  async function meFromCookie(refresh: string) {
    const token = await tokenFromCookie(refresh);
    return (
      await stack.gqlOk<{ me: { email: string; role: string } }>('{ me { email role } }', {}, { token })
    ).me;
  }

  /** The console's first step: the refresh cookie for an access token. */
  async function tokenFromCookie(refresh: string): Promise<string> {
    const res = await fetch(stack.graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-switchyard-session': 'cookie',
        cookie: `sy_refresh=${refresh}`,
      },
      body: JSON.stringify({
        query:
          'mutation($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { accessToken } }',
        variables: { refreshToken: '' },
      }),
    });
    const body = (await res.json()) as { data?: { refreshSession: { accessToken: string } } };
    const token = body.data?.refreshSession.accessToken;
    if (!token) throw new Error(`refreshSession failed: ${JSON.stringify(body)}`);
    return token;
  }

  const userByEmail = async (email: string) =>
    (await stack.gqlOk<{ users: UserView[] }>('{ users { id email name role deactivatedAt } }')).users.find(
      (u) => u.email === email,
    ) ?? null;

  const auditOf = async (id: string) =>
    (
      await stack.gqlOk<{
        auditLog: {
          nodes: { action: string; actorName: string; ip: string | null; userAgent: string | null }[];
        };
      }>(
        'query($key: String!) { auditLog(filter: { resourceType: "user", resourceKey: $key }) { nodes { action actorName ip userAgent } } }',
        { key: id },
      )
    ).auditLog.nodes.reverse();

  it('tells the console it is on, and what its button says', async () => {
    const res = await fetch(`${gateway}/auth/oidc/config`, { headers: { origin: 'http://localhost:3000' } });
    expect(await res.json()).toEqual({ enabled: true, label: 'Test IdP' });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
  });

  it('sends the browser to the provider with PKCE (S256), a state and a nonce', async () => {
    const { authorize, flowCookie } = await startSignIn();
    expect(authorize.origin).toBe(provider.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(callbackUrl);
    // The verifier travels in no URL: the cookie is encrypted.
    expect(flowCookie.split('.')).toHaveLength(5);
  });

  it('signs a new person in with the role of the claim; the refresh cookie gives a working session', async () => {
    const back = `${CONSOLE}/sign-in?sso=1&next=%2Fflags`;
    const done = await signIn('editor', back);
    expect(done.ssoError).toBeNull();
    expect(done.location.toString()).toBe(back);
    expect(done.refresh).toMatch(/^syr_/);
    const cookie = done.setCookies.find((c) => c.startsWith('sy_refresh='))!;
    expect(cookie).toContain('Path=/graphql');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    // The pending sign-in is forgotten.
    expect(done.setCookies.find((c) => c.startsWith('sy_oidc='))).toContain('Max-Age=0');

    expect(await meFromCookie(done.refresh!)).toEqual({ email: 'ed@idp.test', role: 'EDITOR' });
    const user = (await userByEmail('ed@idp.test'))!;
    expect(user).toMatchObject({ name: 'Ed Itor', role: 'EDITOR', deactivatedAt: null });
    const audit = await auditOf(user.id);
    expect(audit.map((e) => e.action)).toEqual(['user.created', 'user.signed_in']);
    expect(audit[0]?.actorName).toBe('single sign-on');
    expect(audit[1]).toMatchObject({ actorName: 'ed@idp.test', ip: '127.0.0.1' });
    expect(audit[1]?.userAgent).toBeTruthy();

    // The same person again: the same user, nothing new but the sign-in.
    const again = await signIn('editor');
    expect(again.location.toString()).toBe(`${CONSOLE}/`);
    expect((await userByEmail('ed@idp.test'))!.id).toBe(user.id);
    expect((await auditOf(user.id)).map((e) => e.action)).toEqual([
      'user.created',
      'user.signed_in',
      'user.signed_in',
    ]);

    // Password sign-in is refused with a clear word: this user has no password.
    const password = await stack.gql(
      'mutation { login(email: "ed@idp.test", password: "anything-at-all") { accessToken } }',
      {},
      { anonymous: true },
    );
    expect(password.errors?.[0]?.message).toMatch(/single sign-on/);
  });

  it("grants the custom roles mapped from the groups claim at sign-in, and follows the mapping's changes", async () => {
    await stack.gqlOk('mutation { createFlag(input: { key: "sso-flag", name: "SSO" }) { key } }');
    await stack.gqlOk(`mutation { createRole(input: { key: "eng-staging", name: "Engineering in staging",
      grants: [{ permission: "flags:write", project: "default", environment: "staging" }] }) { key } }`);
    await stack.gqlOk('mutation { setRoleGroupMapping(group: "eng", roles: ["eng-staging"]) { group } }');
    const done = await signIn('grouped');
    expect(done.ssoError).toBeNull();
    const token = await tokenFromCookie(done.refresh!);
    const me = await stack.gqlOk<{ me: { role: string; ssoGroups: string[]; customRoles: string[] } }>(
      '{ me { role ssoGroups customRoles } }',
      {},
      { token },
    );
    expect(me.me).toEqual({ role: 'VIEWER', ssoGroups: ['eng', 'sales'], customRoles: [] });
    const toggle = async (environment: string) => {
      const { flag } = await stack.gqlOk<{ flag: { version: number } }>(
        '{ flag(key: "sso-flag") { version } }',
      );
      const body = await stack.gql(
        'mutation($e: String!, $v: Int!) { setFlagEnabled(key: "sso-flag", environment: $e, enabled: true, expectedVersion: $v) { key } }',
        { e: environment, v: flag.version },
        { token },
      );
      return body.errors?.[0]?.extensions?.code ?? 'ok';
    };
    expect(await toggle('staging')).toBe('ok');
    expect(await toggle('production')).toBe('FORBIDDEN');
    // The mapping removed: the open session loses the role at its next request.
    await stack.gqlOk('mutation { setRoleGroupMapping(group: "eng", roles: []) { group } }');
    expect(await toggle('staging')).toBe('FORBIDDEN');
    const user = (await userByEmail('gro@idp.test'))!;
    expect((await auditOf(user.id)).map((e) => e.action)).toEqual(['user.created', 'user.signed_in']);
    const mappings = await stack.gqlOk<{ roleGroupMappings: unknown[] }>('{ roleGroupMappings { group } }');
    expect(mappings.roleGroupMappings).toEqual([]);
  });

  it('gives a person without the role claim the default role', async () => {
    const done = await signIn('norole');
    expect(done.ssoError).toBeNull();
    expect(await meFromCookie(done.refresh!)).toEqual({ email: 'nora@idp.test', role: 'VIEWER' });
  });

  it('refuses a role it does not know, with a clear message, and creates no user', async () => {
    const done = await signIn('unknownrole');
    expect(done.refresh).toBeNull();
    expect(done.location.origin + done.location.pathname).toBe(`${CONSOLE}/sign-in`);
    expect(done.ssoError).toMatch(/"superuser".*switchyard_role.*admin, editor or viewer/);
    expect(await userByEmail('uma@idp.test')).toBeNull();
  });

  it('refuses an answer with the wrong state and writes nothing', async () => {
    const { authorize, flowCookie } = await startSignIn();
    const back = await atProvider(authorize, 'state');
    back.searchParams.set('state', 'not-the-state-we-sent');
    const done = await callback(back, flowCookie);
    expect(done.refresh).toBeNull();
    expect(done.ssoError).toMatch(/state/);
    expect(await userByEmail('stan@idp.test')).toBeNull();
    // Nor without the browser's pending sign-in (another browser, or it expired).
    const elsewhere = await callback(await atProvider((await startSignIn()).authorize, 'state'), null);
    expect(elsewhere.ssoError).toMatch(/expired or was started in another browser/);
    expect(await userByEmail('stan@idp.test')).toBeNull();
  });

  it('refuses an expired code, and a code used twice', async () => {
    const slow = await startSignIn();
    const slowBack = await atProvider(slow.authorize, 'slow');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const expired = await callback(slowBack, slow.flowCookie);
    expect(expired.refresh).toBeNull();
    expect(expired.ssoError).toMatch(/code has expired or was already used/);
    expect(await userByEmail('sloane@idp.test')).toBeNull();

    const first = await startSignIn();
    const back = await atProvider(first.authorize, 'twice');
    expect((await callback(back, first.flowCookie)).refresh).toMatch(/^syr_/);
    // Replayed with the same pending sign-in cookie: the provider refuses the code.
    const replay = await callback(back, first.flowCookie);
    expect(replay.refresh).toBeNull();
    expect(replay.ssoError).toMatch(/code has expired or was already used/);
  });

  it("shows the provider's own refusal", async () => {
    const { authorize, flowCookie } = await startSignIn();
    const done = await callback(await atProvider(authorize, { abort: true }), flowCookie);
    expect(done.refresh).toBeNull();
    expect(done.ssoError).toMatch(/did not sign you in: End-User aborted interaction/);
  });

  it('returns only to the console, never to another site', async () => {
    const done = await signIn('norole', 'https://evil.example/steal');
    expect(done.location.toString()).toBe(`${CONSOLE}/`);
    const other = await signIn('norole', 'http://localhost:3000/flags');
    expect(other.location.toString()).toBe('http://localhost:3000/flags');
  });

  it('links an existing password user by email and updates the role from the claim, audited', async () => {
    const existing = await stack.createUser('viewer', { email: 'pat@idp.test' });
    const done = await signIn('linked');
    expect(done.ssoError).toBeNull();
    expect(await meFromCookie(done.refresh!)).toEqual({ email: 'pat@idp.test', role: 'ADMIN' });
    expect((await userByEmail('pat@idp.test'))?.id).toBe(existing.id);
    expect((await auditOf(existing.id)).map((e) => e.action)).toEqual([
      'user.created',
      // The test stack's password sign-in of the new user.
      'user.signed_in',
      'user.sso_linked',
      'user.role.updated',
      'user.signed_in',
    ]);
  });

  it('refuses a deactivated user', async () => {
    const first = await signIn('stopped');
    expect(first.ssoError).toBeNull();
    const user = (await userByEmail('dee@idp.test'))!;
    await stack.gqlOk('mutation($id: ID!) { deactivateUser(id: $id) { id } }', { id: user.id });
    const before = (await auditOf(user.id)).length;
    const refused = await signIn('stopped');
    expect(refused.refresh).toBeNull();
    expect(refused.ssoError).toMatch(/deactivated/);
    expect(await auditOf(user.id)).toHaveLength(before);
  });

  it('refuses a deleted user; a user an admin creates again with that email is linked instead', async () => {
    expect((await signIn('gone')).ssoError).toBeNull();
    const deleted = (await userByEmail('gus@idp.test'))!;
    await stack.gqlOk('mutation($id: ID!) { deleteUser(id: $id) }', { id: deleted.id });
    const refused = await signIn('gone');
    expect(refused.refresh).toBeNull();
    expect(refused.ssoError).toMatch(/deleted/);
    expect(await userByEmail('gus@idp.test')).toBeNull();

    const again = await stack.createUser('viewer', { email: 'gus@idp.test' });
    const back = await signIn('gone');
    expect(back.ssoError).toBeNull();
    expect(await meFromCookie(back.refresh!)).toEqual({ email: 'gus@idp.test', role: 'EDITOR' });
    expect((await userByEmail('gus@idp.test'))?.id).toBe(again.id);
  });
});
