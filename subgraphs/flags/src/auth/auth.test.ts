import { errorCodes, graphql, startTestStack, type TestStack, until } from '@switchyard/testkit';

const LOGIN = `mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken user { email role permissions } }
}`;
const REFRESH = 'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }';

describe('authentication through the gateway', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('signs the bootstrapped admin in and tells who it is', async () => {
    const data = await stack.gqlOk<{ login: { accessToken: string; user: Record<string, unknown> } }>(
      LOGIN,
      stack.admin,
      { anonymous: true },
    );
    expect(data.login.user).toEqual({ email: stack.admin.email, role: 'ADMIN', permissions: ['production'] });
    const me = await stack.gqlOk<{ me: { email: string } }>(
      '{ me { email role } }',
      {},
      { token: data.login.accessToken },
    );
    expect(me.me).toEqual({ email: stack.admin.email, role: 'ADMIN' });
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    for (const variables of [
      { email: stack.admin.email, password: 'not-the-password' },
      { email: 'nobody@switchyard.test', password: 'whatever-password' },
    ]) {
      const body = await stack.gql(LOGIN, variables, { anonymous: true });
      expect(errorCodes(body)).toEqual(['UNAUTHENTICATED']);
      expect(body.errors?.[0]?.message).toBe('Wrong email or password');
    }
  });

  it('refuses anonymous callers with UNAUTHENTICATED before any subgraph is asked', async () => {
    const body = await stack.gql('{ flags { totalCount } }', {}, { anonymous: true });
    expect(errorCodes(body)).toEqual(['UNAUTHENTICATED']);
    expect(body.data ?? null).toBeNull();
  });

  it('refuses a forged, expired or malformed token', async () => {
    const forged = `${(await stack.adminToken()).slice(0, -4)}AAAA`;
    for (const headers of [{ authorization: `Bearer ${forged}` }, { authorization: 'Basic abc' }]) {
      const body = await graphql(stack.graphqlUrl, '{ me { email } }', {}, headers);
      expect(errorCodes(body)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('rotates refresh tokens and revokes them on logout', async () => {
    const { login } = await stack.gqlOk<{ login: { refreshToken: string } }>(LOGIN, stack.admin, {
      anonymous: true,
    });
    const first = await stack.gqlOk<{ refreshSession: { refreshToken: string; accessToken: string } }>(
      REFRESH,
      { t: login.refreshToken },
      { anonymous: true },
    );
    // The used refresh token is spent.
    expect(errorCodes(await stack.gql(REFRESH, { t: login.refreshToken }, { anonymous: true }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    const out = await stack.gqlOk<{ logout: boolean }>(
      'mutation($t: String!) { logout(refreshToken: $t) }',
      { t: first.refreshSession.refreshToken },
      { anonymous: true },
    );
    expect(out.logout).toBe(true);
    expect(
      errorCodes(await stack.gql(REFRESH, { t: first.refreshSession.refreshToken }, { anonymous: true })),
    ).toEqual(['UNAUTHENTICATED']);
  });

  it('lets admins create users of each role; others may not', async () => {
    const viewer = await stack.createUser('viewer');
    const editor = await stack.createUser('editor', { production: true });
    const users = await stack.gqlOk<{ users: { email: string; role: string; permissions: string[] }[] }>(
      '{ users { email role permissions } }',
    );
    expect(users.users).toEqual(
      expect.arrayContaining([
        { email: viewer.email, role: 'VIEWER', permissions: [] },
        { email: editor.email, role: 'EDITOR', permissions: ['production'] },
      ]),
    );
    const body = await stack.gql('{ users { email } }', {}, { token: editor.token });
    expect(errorCodes(body)).toEqual(['FORBIDDEN']);
    expect(body.errors?.[0]?.extensions?.permission).toBe('users:manage');
    const dup = await stack.gql('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
      i: { email: viewer.email.toUpperCase(), password: 'long-enough-pw', role: 'VIEWER' },
    });
    expect(errorCodes(dup)).toEqual(['CONFLICT']);
  });

  it('changes a role, effective from the next session', async () => {
    const user = await stack.createUser('viewer');
    const updated = await stack.gqlOk<{ updateUserRole: { role: string } }>(
      'mutation($id: ID!) { updateUserRole(id: $id, role: EDITOR) { role } }',
      { id: user.id },
    );
    expect(updated.updateUserRole.role).toBe('EDITOR');
    const { login } = await stack.gqlOk<{ login: { user: { role: string } } }>(
      LOGIN,
      { email: user.email, password: user.password },
      { anonymous: true },
    );
    expect(login.user.role).toBe('EDITOR');
  });

  it('shows an API key secret once, stores it hashed, and forgets a revoked key once the revocation is broadcast', async () => {
    const key = await stack.createApiKey('server', { environment: 'staging' });
    expect(key.secret).toMatch(/^sy_server_/);
    const list = await stack.gqlOk<{
      apiKeys: { id: string; kind: string; environment: string; prefix: string }[];
    }>('{ apiKeys { id kind environment prefix } }');
    const listed = list.apiKeys.find((k) => k.id === key.id)!;
    expect(listed).toMatchObject({ kind: 'SERVER', environment: 'staging' });
    expect(key.secret.startsWith(listed.prefix)).toBe(true);
    const stored = await stack.gqlOk<{ apiKeys: unknown[] }>('{ apiKeys { id } }');
    expect(JSON.stringify(stored)).not.toContain(key.secret);

    // A server key is authenticated: an SDK root field it may not use is FORBIDDEN, not UNAUTHENTICATED.
    const refused = await stack.gql('{ users { email } }', {}, { token: key.secret });
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);

    await stack.gqlOk('mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: key.id });
    // The gateway evicts the key when the revocation's bus broadcast arrives, which can be just after
    // the mutation's answer; until then the key is refused as before, never let through.
    await until(
      'the gateway to forget the revoked key',
      async () => {
        const codes = errorCodes(await stack.gql('{ users { email } }', {}, { token: key.secret }));
        expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(codes[0]);
        return codes[0] === 'UNAUTHENTICATED';
      },
      10_000,
    );
  });

  it('lets an automation token act with its role, also through X-API-Key', async () => {
    const token = await stack.createApiKey('token', { role: 'viewer' });
    const ok = await graphql(stack.graphqlUrl, '{ flags { totalCount } }', {}, { 'x-api-key': token.secret });
    expect(ok.errors).toBeUndefined();
    const body = await stack.gql('{ apiKeys { id } }', {}, { token: token.secret });
    expect(errorCodes(body)).toEqual(['FORBIDDEN']);
  });

  it('validates API key input', async () => {
    const body = await stack.gql('mutation { createApiKey(input: { name: "x", kind: CLIENT }) { secret } }');
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe('input.environment');
  });
});
