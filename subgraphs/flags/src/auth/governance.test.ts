import { errorCodes, type GraphQLResponse, startTestStack, type TestStack, until } from '@switchyard/testkit';

// Users' governance through the gateway (issue 17): changing one's own password, an admin's reset,
// the sign-in lock-out kept in PostgreSQL (so every replica sees it) and lifted by an admin, and
// deleting a user, whose sessions and keys stop as soon as the gateways hear of it.
describe('user governance: passwords, lock-out, deletion', () => {
  let stack: TestStack;

  beforeAll(async () => {
    // Three failures lock: below the in-process back-off's five free attempts, so no wait is needed.
    stack = await startTestStack({
      subgraphs: ['flags'],
      env: { SIGN_IN_LOCKOUT_FAILURES: '3', SIGN_IN_LOCKOUT_MINUTES: '15' },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const LOGIN =
    'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken } }';
  const login = (email: string, password: string) =>
    stack.gql<{ login: { accessToken: string; refreshToken: string } }>(LOGIN, { e: email, p: password });
  const me = (token: string) =>
    stack.gql<{ me: { email: string } | null }>('{ me { email } }', {}, { token });
  // Ended sessions and deleted users' keys leave the gateway's caches when the bus broadcast arrives,
  // which can be just after the mutation's answer: wait for the refusal rather than race the broadcast.
  const refusedSoon = (what: string, call: () => Promise<GraphQLResponse>) =>
    until(what, async () => (errorCodes(await call()).join(',') === 'UNAUTHENTICATED' ? true : null), 10_000);

  it("changes one's own password: the current one is checked, other sessions end, this one stays", async () => {
    const user = await stack.createUser('editor');
    const other = (await login(user.email, user.password)).data!.login;
    const CHANGE =
      'mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { email } }';

    const wrong = await stack.gql(
      CHANGE,
      { c: 'not-my-password', n: 'a-new-password-42' },
      { token: user.token },
    );
    expect(errorCodes(wrong)).toEqual(['BAD_USER_INPUT']);
    expect(wrong.errors![0]!.extensions).toMatchObject({ field: 'currentPassword' });
    const short = await stack.gql(CHANGE, { c: user.password, n: 'short' }, { token: user.token });
    expect(short.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });

    const changed = await stack.gql(
      CHANGE,
      { c: user.password, n: 'a-new-password-42' },
      { token: user.token },
    );
    expect(changed.errors).toBeUndefined();
    expect(errorCodes(await login(user.email, user.password))).toEqual(['UNAUTHENTICATED']);
    expect((await login(user.email, 'a-new-password-42')).data?.login.accessToken).toBeTruthy();
    // The other session cannot be refreshed; the one that changed the password still works.
    const refreshed = await stack.gql(
      'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }',
      { t: other.refreshToken },
    );
    expect(errorCodes(refreshed)).toEqual(['UNAUTHENTICATED']);
    expect((await me(user.token)).data?.me?.email).toBe(user.email);

    const audit = await stack.gqlOk<{
      auditLog: { nodes: { action: string; after: Record<string, unknown> }[] };
    }>('{ auditLog(filter: { resourceType: "user" }, first: 20) { nodes { action after } } }');
    const entry = audit.auditLog.nodes.find((n) => n.action === 'user.password.changed');
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).not.toContain('scrypt');
  });

  it('locks an account after repeated failures, tells when it unlocks, and an admin unlocks it', async () => {
    const user = await stack.createUser('viewer');
    expect(errorCodes(await login(user.email, 'wrong-1'))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await login(user.email, 'wrong-2'))).toEqual(['UNAUTHENTICATED']);
    const third = await login(user.email, 'wrong-3');
    expect(errorCodes(third)).toEqual(['RATE_LIMITED']);
    expect(third.errors![0]!.extensions).toMatchObject({
      reason: 'ACCOUNT_LOCKED',
      limit: 'account-lockout',
    });
    // Locked: even the right password is refused, with the time it unlocks.
    const locked = await login(user.email, user.password);
    expect(errorCodes(locked)).toEqual(['RATE_LIMITED']);
    const until = Date.parse(String(locked.errors![0]!.extensions!.lockedUntil));
    expect(until).toBeGreaterThan(Date.now() + 14 * 60_000);
    // The lock is in PostgreSQL, so every replica refuses; admins see it.
    const rows = await stack.db.query('SELECT failures FROM flags.sign_in_failures WHERE account = $1', [
      user.email,
    ]);
    expect(rows).toEqual([{ failures: 3 }]);
    const listed = await stack.gqlOk<{ users: { email: string; lockedUntil: string | null }[] }>(
      '{ users { email lockedUntil } }',
    );
    expect(listed.users.find((u) => u.email === user.email)?.lockedUntil).toBeTruthy();

    const asViewer = await stack.gql(
      'mutation($id: ID!) { unlockUser(id: $id) { email } }',
      { id: user.id },
      {
        token: user.token,
      },
    );
    expect(errorCodes(asViewer)).toEqual(['FORBIDDEN']);
    await stack.gqlOk('mutation($id: ID!) { unlockUser(id: $id) { email } }', { id: user.id });
    expect((await login(user.email, user.password)).data?.login.accessToken).toBeTruthy();
  });

  it("resets a user's password to a temporary one shown once, ending their sessions", async () => {
    const user = await stack.createUser('editor');
    const { resetUserPassword } = await stack.gqlOk<{
      resetUserPassword: { temporaryPassword: string; user: { email: string } };
    }>('mutation($id: ID!) { resetUserPassword(id: $id) { temporaryPassword user { email } } }', {
      id: user.id,
    });
    expect(resetUserPassword.user.email).toBe(user.email);
    expect(resetUserPassword.temporaryPassword.length).toBeGreaterThanOrEqual(16);
    await refusedSoon('the reset user’s session to end', () => me(user.token));
    expect(errorCodes(await login(user.email, user.password))).toEqual(['UNAUTHENTICATED']);
    expect(
      (await login(user.email, resetUserPassword.temporaryPassword)).data?.login.accessToken,
    ).toBeTruthy();
    const asEditor = await stack.gql(
      'mutation($id: ID!) { resetUserPassword(id: $id) { temporaryPassword } }',
      {
        id: user.id,
      },
      { token: (await login(user.email, resetUserPassword.temporaryPassword)).data!.login.accessToken },
    );
    expect(errorCodes(asEditor)).toEqual(['FORBIDDEN']);
  });

  it('deletes a user: sessions and keys stop, sign-in is refused, the email is free again', async () => {
    // An admin, so that they can make a key of their own.
    const user = await stack.createUser('admin');
    const key = await stack.gqlOk<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "theirs", kind: SERVER, environment: "development" }) { secret } }',
      {},
      { token: user.token },
    );
    const flagSet = (secret: string) =>
      stack.gql('{ flagSet(environment: "development") { version } }', {}, { token: secret });
    expect(errorCodes(await flagSet(key.createApiKey.secret))).toEqual([]);

    const self = await stack.gql(
      'mutation($id: ID!) { deleteUser(id: $id) }',
      { id: user.id },
      { token: user.token },
    );
    expect(errorCodes(self)).toEqual(['BAD_USER_INPUT']);
    expect(self.errors![0]!.extensions).toMatchObject({ field: 'id' });
    expect(await stack.gqlOk('mutation($id: ID!) { deleteUser(id: $id) }', { id: user.id })).toEqual({
      deleteUser: true,
    });
    await refusedSoon('the deleted user’s session to end', () => me(user.token));
    await refusedSoon('the deleted user’s key to stop', () => flagSet(key.createApiKey.secret));
    expect(errorCodes(await login(user.email, user.password))).toEqual(['UNAUTHENTICATED']);
    const { users } = await stack.gqlOk<{ users: { id: string }[] }>('{ users { id } }');
    expect(users.map((u) => u.id)).not.toContain(user.id);
    const again = await stack.gql('mutation($id: ID!) { deleteUser(id: $id) }', { id: user.id });
    expect(errorCodes(again)).toEqual(['NOT_FOUND']);
    // The email can be given to someone new; the audit log still names the deleted user.
    await stack.createUser('viewer', { email: user.email });
    const audit = await stack.gqlOk<{ auditLog: { nodes: { action: string; before: { email: string } }[] } }>(
      `{ auditLog(filter: { resourceKey: "${user.id}" }, first: 5) { nodes { action before } } }`,
    );
    expect(audit.auditLog.nodes[0]).toMatchObject({ action: 'user.deleted', before: { email: user.email } });
  });

  it('refuses to delete the last admin', async () => {
    const { users } = await stack.gqlOk<{ users: { id: string; role: string }[] }>('{ users { id role } }');
    const admins = users.filter((u) => u.role === 'ADMIN');
    expect(admins).toHaveLength(1);
    // An admin token (not a user) may manage users, but not remove the last admin person.
    const token = (await stack.createApiKey('token', { role: 'admin' })).secret;
    const res = await stack.gql(
      'mutation($id: ID!) { deleteUser(id: $id) }',
      { id: admins[0]!.id },
      { token },
    );
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions).toMatchObject({ field: 'id' });
  });
});
