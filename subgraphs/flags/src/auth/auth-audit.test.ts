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
    const log = await entries('user', user.id);
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
    const mine = changes.configChanges.filter((c) => c.resourceKey === user.id);
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
});
