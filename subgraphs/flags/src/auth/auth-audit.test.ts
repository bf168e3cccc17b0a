import { startTestStack, type TestStack } from '@switchyard/testkit';

interface Entry {
  seq: number;
  action: string;
  actorName: string;
  resourceType: string;
  resourceKey: string;
  environment: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const ENTRIES = `query($type: String!, $key: String!) {
  auditLog(filter: { resourceType: $type, resourceKey: $key }) {
    nodes { seq action actorName resourceType resourceKey environment before after }
  }
}`;

describe('user and API key changes in the audit log, through the gateway', () => {
  let stack: TestStack;
  const entries = async (type: string, key: string) =>
    (await stack.gqlOk<{ auditLog: { nodes: Entry[] } }>(ENTRIES, { type, key })).auditLog.nodes.reverse();

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('records creating a user and changing its role, without the password hash', async () => {
    const user = await stack.createUser('viewer');
    await stack.gqlOk(
      'mutation($id: ID!) { updateUserRole(id: $id, role: EDITOR, permissions: ["production"]) { id } }',
      { id: user.id },
    );
    // The test stack signed the user in: audited, but not a config change (see the sign-in test).
    const log = (await entries('user', user.id)).filter((e) => e.action !== 'user.signed_in');
    expect(log.map((e) => e.action)).toEqual(['user.created', 'user.role.updated']);
    expect(log[0]).toMatchObject({
      actorName: 'Administrator',
      environment: null,
      before: null,
      after: { email: user.email, role: 'viewer', permissions: [] },
    });
    expect(log[1]).toMatchObject({
      before: { role: 'viewer', permissions: [] },
      after: { role: 'editor', permissions: ['production'] },
    });
    expect(JSON.stringify(log)).not.toMatch(/password|scrypt/i);

    // Each entry bumped the config version, as every other write does.
    const changes = await stack.gqlOk<{
      configChanges: { seq: number; kind: string; resourceKey: string }[];
    }>('{ configChanges(sinceVersion: 0, first: 1000) { seq kind resourceKey } }');
    // The test stack signed the user in once (audited too, below).
    const mine = changes.configChanges.filter(
      (c) => c.resourceKey === user.id && c.kind !== 'USER_SIGNED_IN',
    );
    expect(mine.map((c) => c.kind)).toEqual(['USER_CREATED', 'USER_ROLE_UPDATED']);
    expect(mine.map((c) => c.seq)).toEqual(log.map((e) => e.seq));
  });

  it('records creating and revoking an API key, never its secret, and a second revocation not at all', async () => {
    const key = await stack.createApiKey('server', { environment: 'development', name: 'audited key' });
    const revoke = 'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }';
    await stack.gqlOk(revoke, { id: key.id });
    await stack.gqlOk(revoke, { id: key.id });
    const log = await entries('apiKey', key.id);
    expect(log.map((e) => e.action)).toEqual(['apiKey.created', 'apiKey.revoked']);
    expect(log[0]).toMatchObject({
      actorName: 'Administrator',
      environment: 'development',
      after: { name: 'audited key', kind: 'server', environment: 'development', revokedAt: null },
    });
    expect(log[1]?.before).toMatchObject({ revokedAt: null });
    expect(log[1]?.after?.revokedAt).toEqual(expect.any(String));
    const serialized = JSON.stringify(log);
    expect(serialized).not.toContain(key.secret);
    expect(serialized).not.toMatch(/secretHash|secret_hash/);
  });

  it('records every password sign-in, failed or not, with address and user agent, never the password', async () => {
    const user = await stack.createUser('editor', { email: 'signin-audit@switchyard.test' });
    const login = (email: string, password: string) =>
      stack.gql(
        'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
        { e: email, p: password },
        {
          anonymous: true,
          headers: { 'user-agent': 'audit-test-browser/1.0' },
        },
      );
    expect(
      (await login('signin-audit@switchyard.test', 'not-the-password-123')).errors?.[0]?.extensions?.code,
    ).toBe('UNAUTHENTICATED');
    expect((await login('nobody@switchyard.test', 'whatever-password-1')).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await login('signin-audit@switchyard.test', user.password)).errors).toBeUndefined();

    const rows: {
      action: string;
      resource_key: string;
      actor_name: string;
      ip: string | null;
      user_agent: string | null;
      after: Record<string, unknown>;
    }[] = await stack.db.query(
      `SELECT action, resource_key, actor_name, ip, user_agent, after FROM platform.audit_log
          WHERE action IN ('user.signed_in', 'user.sign_in_failed') AND user_agent = 'audit-test-browser/1.0' ORDER BY change_seq`,
    );
    expect(
      rows.map((r) => [r.action, r.resource_key, r.actor_name, r.after.reason ?? r.after.method]),
    ).toEqual([
      ['user.sign_in_failed', user.id, 'signin-audit@switchyard.test', 'wrong email or password'],
      ['user.sign_in_failed', 'nobody@switchyard.test', 'nobody@switchyard.test', 'wrong email or password'],
      ['user.signed_in', user.id, 'signin-audit@switchyard.test', 'password'],
    ]);
    for (const r of rows) expect(r.ip).toMatch(/127\.0\.0\.1|::1/);
    // Sign-ins change no configuration: no version is taken, nothing reaches configChanged or integrations.
    const { configChanges } = await stack.gqlOk<{ configChanges: { resourceKey: string }[] }>(
      '{ configChanges(sinceVersion: 0, first: 1000) { resourceKey } }',
    );
    expect(configChanges.filter((c) => c.resourceKey === 'nobody@switchyard.test')).toEqual([]);
    expect(JSON.stringify(rows)).not.toContain('not-the-password-123');
    expect(JSON.stringify(rows)).not.toContain(user.password);
  });
});
