import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';

// Projects as custom roles see them (issue 19): `projects` lists where the caller reads flags, and a project
// keeps every environment a custom role grants in or an SDK key of it serves.
describe('projects and the grants that name them', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
    for (const key of ['checkout', 'mobile'])
      await stack.gqlOk(`mutation { createProject(input: { key: "${key}", name: "${key}",
        environments: [{ key: "staging" }, { key: "production" }] }) { key } }`);
  }, 120_000);
  afterAll(() => stack?.stop());

  const token = (name: string, customRoles: string[]) => stack.createApiKey('token', { name, customRoles });
  const projectKeys = async (opts: { token?: string } = {}) =>
    (await stack.gqlOk<{ projects: { key: string }[] }>('{ projects { key } }', {}, opts)).projects.map(
      (p) => p.key,
    );

  it("lists only the projects a caller reads flags in, and refuses reading another's", async () => {
    await stack.gqlOk(`mutation { createRole(input: { key: "checkout-team", name: "Checkout team", grants: [
      { permission: "flags:read", project: "checkout" },
      { permission: "flags:write", project: "checkout", environment: "staging" }] }) { key } }`);
    const checkout = await token('checkout bot', ['checkout-team']);
    expect(await projectKeys({ token: checkout.secret })).toEqual(['checkout']);
    const own = await stack.gqlOk<{ project: { key: string; environments: { key: string }[] } }>(
      '{ project(key: "checkout") { key environments { key } } }',
      {},
      { token: checkout.secret },
    );
    expect(own.project).toEqual({
      key: 'checkout',
      environments: [{ key: 'staging' }, { key: 'production' }],
    });
    for (const other of ['default', 'mobile']) {
      const body = await stack.gql(`{ project(key: "${other}") { key } }`, {}, { token: checkout.secret });
      expect({
        other,
        codes: errorCodes(body),
        permission: body.errors?.[0]?.extensions?.permission,
      }).toEqual({
        other,
        codes: ['FORBIDDEN'],
        permission: 'flags:read',
      });
    }
    // An unknown project is no project, as for everyone.
    expect(await stack.gqlOk('{ project(key: "nowhere") { key } }', {}, { token: checkout.secret })).toEqual({
      project: null,
    });

    // A grant in every project, a preset role and the admin see them all, default first.
    await stack.gqlOk(`mutation { createRole(input: { key: "everywhere-reader", name: "Reader",
      grants: [{ permission: "flags:read" }] }) { key } }`);
    const everywhere = await token('reading bot', ['everywhere-reader']);
    const viewer = await stack.createUser('viewer', { email: 'projects-viewer@example.test' });
    for (const caller of [everywhere.secret, viewer.token, undefined])
      expect(await projectKeys({ token: caller })).toEqual(['default', 'checkout', 'mobile']);

    // A grant of one environment only, or none at all, reads no flag list (SDK keys may not ask at all).
    await stack.gqlOk(`mutation { createRole(input: { key: "checkout-prod-reader", name: "Prod reader",
      grants: [{ permission: "flags:read", project: "checkout", environment: "production" }] }) { key } }`);
    const envOnly = await token('prod reading bot', ['checkout-prod-reader']);
    expect(await projectKeys({ token: envOnly.secret })).toEqual([]);
    await stack.gqlOk(`mutation { createRole(input: { key: "auditor", name: "Auditor",
      grants: [{ permission: "audit:read" }] }) { key } }`);
    const auditor = await token('auditing bot', ['auditor']);
    const refused = await stack.gql('{ projects { key } }', {}, { token: auditor.secret });
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
  });

  const UPDATE =
    'mutation($k: String!, $v: Int!, $e: [ProjectEnvironmentInput!]!) { updateProject(key: $k, expectedVersion: $v, input: { environments: $e }) { version environments { key } } }';
  const projectOf = async (key: string) =>
    (
      await stack.gqlOk<{ project: { version: number; environments: { key: string }[] } }>(
        `{ project(key: "${key}") { version environments { key } } }`,
      )
    ).project;
  const auditCount = async (): Promise<number> => {
    const [row] = await stack.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM platform.audit_log WHERE action = 'project.updated'`,
    );
    return row!.n;
  };

  it('refuses to stop using an environment a custom role grants in there, naming the role', async () => {
    const before = await projectOf('checkout');
    const audits = await auditCount();
    const body = await stack.gql(UPDATE, { k: 'checkout', v: before.version, e: [{ key: 'production' }] });
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions).toMatchObject({
      field: 'input.environments',
      roles: ['checkout-team'],
    });
    expect(body.errors?.[0]?.message).toContain('custom role "checkout-team" grants in staging');
    expect(await projectOf('checkout')).toEqual(before);
    expect(await auditCount()).toBe(audits);

    // Once the role no longer names checkout/staging, checkout stops using staging.
    await stack.gqlOk(`mutation { updateRole(key: "checkout-team", input: { name: "Checkout team", grants: [
      { permission: "flags:read", project: "checkout" },
      { permission: "flags:write", project: "checkout", environment: "production" }] }) { version } }`);
    const updated = await stack.gqlOk<{ updateProject: { environments: { key: string }[] } }>(UPDATE, {
      k: 'checkout',
      v: before.version,
      e: [{ key: 'production' }],
    });
    expect(updated.updateProject.environments).toEqual([{ key: 'production' }]);
    // And the grant cannot come back while it does not use staging (refused the same way as before).
    const grant =
      await stack.gql(`mutation { updateRole(key: "checkout-team", input: { name: "Checkout team", grants: [
      { permission: "flags:write", project: "checkout", environment: "staging" }] }) { version } }`);
    expect(errorCodes(grant)).toEqual(['BAD_USER_INPUT']);
    expect(grant.errors?.[0]?.extensions?.field).toBe('input.grants[0].environment');
  });

  it('refuses to stop using an environment an SDK key of the project serves, naming the key', async () => {
    await stack.gqlOk(
      'mutation { createApiKey(input: { name: "mobile sdk", kind: SERVER, environment: "staging", project: "mobile" }) { secret } }',
    );
    // A revoked key does not hold it.
    const revoked = await stack.gqlOk<{ createApiKey: { apiKey: { id: string } } }>(
      'mutation { createApiKey(input: { name: "old mobile sdk", kind: CLIENT, environment: "staging", project: "mobile" }) { apiKey { id } } }',
    );
    await stack.gqlOk('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', {
      id: revoked.createApiKey.apiKey.id,
    });
    // A role granting in staging of another project does not hold mobile's.
    await stack.gqlOk(`mutation { createRole(input: { key: "default-staging", name: "Default staging",
      grants: [{ permission: "flags:write", project: "default", environment: "staging" }] }) { key } }`);
    const before = await projectOf('mobile');
    const audits = await auditCount();
    const body = await stack.gql(UPDATE, { k: 'mobile', v: before.version, e: [{ key: 'production' }] });
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions).toMatchObject({ field: 'input.environments', roles: [] });
    expect(body.errors?.[0]?.extensions?.keys).toHaveLength(1);
    expect(body.errors?.[0]?.message).toContain('SDK key "mobile sdk"');
    expect(body.errors?.[0]?.message).not.toContain('old mobile sdk');
    expect(await projectOf('mobile')).toEqual(before);
    expect(await auditCount()).toBe(audits);

    // Reordering, or dropping an environment nothing holds, is not refused.
    const reordered = await stack.gqlOk<{ updateProject: { environments: { key: string }[] } }>(UPDATE, {
      k: 'mobile',
      v: before.version,
      e: [{ key: 'production' }, { key: 'staging' }, { key: 'development' }],
    });
    expect(reordered.updateProject.environments.map((e) => e.key)).toEqual([
      'production',
      'staging',
      'development',
    ]);
    const dropped = await stack.gqlOk<{ updateProject: { environments: { key: string }[] } }>(UPDATE, {
      k: 'mobile',
      v: before.version + 1,
      e: [{ key: 'staging' }, { key: 'production' }],
    });
    expect(dropped.updateProject.environments.map((e) => e.key)).toEqual(['staging', 'production']);
  });
});
