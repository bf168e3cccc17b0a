import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';

// Custom roles through the gateway (issue 19): grants scoped to a project and an environment, assigned
// to users and TOKEN keys; every refusal of bad input names its field and writes nothing.
describe('custom roles', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
    await stack.gqlOk('mutation { createFlag(input: { key: "roles-flag", name: "Roles" }) { key } }');
    // A second project, using production only (projects are made in the database until createProject lands).
    await stack.db.query(`INSERT INTO flags.projects (key, name) VALUES ('checkout', 'Checkout')`);
    await stack.db.query(
      `INSERT INTO flags.project_environments (project_key, environment_key, sort_order) VALUES ('checkout', 'production', 0)`,
    );
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const CREATE =
    'mutation($i: CreateRoleInput!) { createRole(input: $i) { key version preset grants { permission project environment } } }';
  const ASSIGN = 'mutation($id: ID!, $r: [ID!]!) { setUserCustomRoles(id: $id, roles: $r) { customRoles } }';
  const createRole = (key: string, grants: Record<string, unknown>[]) =>
    stack.gql(CREATE, { i: { key, name: key, grants } });
  const flagVersion = async () =>
    (await stack.gqlOk<{ flag: { version: number } }>('{ flag(key: "roles-flag") { version } }')).flag
      .version;
  const toggle = async (environment: string, token: string, enabled = true) =>
    stack.gql(
      'mutation($e: String!, $on: Boolean!, $v: Int!) { setFlagEnabled(key: "roles-flag", environment: $e, enabled: $on, expectedVersion: $v) { key } }',
      { e: environment, on: enabled, v: await flagVersion() },
      { token },
    );
  const forbidden = (body: Awaited<ReturnType<TestStack['gql']>>) => ({
    codes: errorCodes(body),
    permission: body.errors?.[0]?.extensions?.permission,
  });

  it('lets a role write production in one project only', async () => {
    expect(
      (
        await createRole('prod-flags', [
          { permission: 'flags:read' },
          { permission: 'flags:write', project: 'default', environment: 'production' },
        ])
      ).errors,
    ).toBeUndefined();
    const user = await stack.createUser('viewer');
    // Before the role: a viewer.
    expect(forbidden(await toggle('production', user.token))).toEqual({
      codes: ['FORBIDDEN'],
      permission: 'flags:write',
    });
    // Assigned while signed in: the open session acts with it from the next request.
    await stack.gqlOk(ASSIGN, { id: user.id, r: ['prod-flags'] });
    expect((await toggle('production', user.token)).errors).toBeUndefined();
    // The console reads what the user may do now from `me`.
    const me = await stack.gqlOk<{ me: { effectivePermissions: string[] } }>(
      '{ me { effectivePermissions } }',
      {},
      { token: user.token },
    );
    expect(me.me.effectivePermissions).toEqual(
      expect.arrayContaining(['flags:read', 'audit:read', 'flags:write@default/production']),
    );
    expect(me.me.effectivePermissions).not.toContain('flags:write');
    expect(forbidden(await toggle('staging', user.token))).toEqual({
      codes: ['FORBIDDEN'],
      permission: 'flags:write',
    });
    // Creating a flag is in no environment: a grant naming one does not cover it.
    const create = await stack.gql(
      'mutation { createFlag(input: { key: "not-mine", name: "N" }) { key } }',
      {},
      { token: user.token },
    );
    expect(forbidden(create)).toEqual({ codes: ['FORBIDDEN'], permission: 'flags:write' });

    // A role in another project, production included, does not reach `default`.
    await stack.gqlOk(CREATE, {
      i: {
        key: 'checkout-writer',
        name: 'Checkout writer',
        grants: [
          { permission: 'flags:read' },
          { permission: 'flags:write', project: 'checkout' },
          { permission: 'production', project: 'checkout' },
        ],
      },
    });
    const other = await stack.createUser('viewer');
    await stack.gqlOk(ASSIGN, { id: other.id, r: ['checkout-writer'] });
    expect(forbidden(await toggle('production', other.token))).toEqual({
      codes: ['FORBIDDEN'],
      permission: 'flags:write',
    });
    expect(forbidden(await toggle('development', other.token))).toEqual({
      codes: ['FORBIDDEN'],
      permission: 'flags:write',
    });

    // Unassigned: back to a viewer at once.
    await stack.gqlOk(ASSIGN, { id: user.id, r: [] });
    expect(forbidden(await toggle('production', user.token, false))).toEqual({
      codes: ['FORBIDDEN'],
      permission: 'flags:write',
    });
  });

  it('changes what holders may do when the role is edited, audited with a new version', async () => {
    await stack.gqlOk(CREATE, {
      i: { key: 'staging-flags', name: 'Staging', grants: [{ permission: 'flags:read' }] },
    });
    const user = await stack.createUser('viewer');
    await stack.gqlOk(ASSIGN, { id: user.id, r: ['staging-flags'] });
    expect(forbidden(await toggle('staging', user.token))).toEqual({
      codes: ['FORBIDDEN'],
      permission: 'flags:write',
    });
    const updated = await stack.gqlOk<{ updateRole: { version: number } }>(
      `mutation { updateRole(key: "staging-flags", expectedVersion: 1, input: { name: "Staging writers",
        grants: [{ permission: "flags:read" }, { permission: "flags:write", environment: "staging" }] }) { version } }`,
    );
    expect(updated.updateRole.version).toBe(2);
    expect((await toggle('staging', user.token)).errors).toBeUndefined();
    const stale = await stack.gql(
      'mutation { updateRole(key: "staging-flags", expectedVersion: 1, input: { name: "x", grants: [] }) { version } }',
    );
    expect(errorCodes(stale)).toEqual(['CONFLICT']);

    const audit = await stack.gqlOk<{ auditLog: { nodes: { action: string; resourceKey: string }[] } }>(
      '{ auditLog(first: 50) { nodes { action resourceKey } } }',
    );
    const actions = audit.auditLog.nodes
      .filter((n) => n.resourceKey === 'staging-flags')
      .map((n) => n.action);
    expect(actions).toEqual(expect.arrayContaining(['role.created', 'role.updated']));
  });

  it('gives a TOKEN key custom roles, with or without a preset role', async () => {
    const created = await stack.gqlOk<{
      createApiKey: { secret: string; apiKey: { id: string; role: string | null; customRoles: string[] } };
    }>(
      `mutation { createApiKey(input: { name: "prod bot", kind: TOKEN, customRoles: ["prod-flags"] }) {
        secret apiKey { id role customRoles } } }`,
    );
    expect(created.createApiKey.apiKey).toMatchObject({ role: null, customRoles: ['prod-flags'] });
    const token = created.createApiKey.secret;
    expect((await toggle('production', token)).errors).toBeUndefined();
    expect(forbidden(await toggle('staging', token))).toEqual({
      codes: ['FORBIDDEN'],
      permission: 'flags:write',
    });
    const users = await stack.gql('{ users { id } }', {}, { token });
    expect(forbidden(users)).toEqual({ codes: ['FORBIDDEN'], permission: 'users:manage' });

    // Deleting a role still held is refused, naming where; once the key is revoked it goes.
    const held = await stack.gql('mutation { deleteRole(key: "prod-flags") }');
    expect(errorCodes(held)).toEqual(['CONFLICT']);
    expect(held.errors![0]!.extensions).toMatchObject({ field: 'key', keys: 1 });
    await stack.gqlOk('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', {
      id: created.createApiKey.apiKey.id,
    });
    expect(await stack.gqlOk('mutation { deleteRole(key: "prod-flags") }')).toEqual({ deleteRole: true });
    expect(await stack.gqlOk('{ role(key: "prod-flags") { key } }')).toEqual({ role: null });
  });

  it("changes a TOKEN's custom roles after creation: it acts with the new grants from its next request", async () => {
    await createRole('dev-flags', [
      { permission: 'flags:read' },
      { permission: 'flags:write', project: 'default', environment: 'development' },
    ]);
    await createRole('staging-only', [
      { permission: 'flags:read' },
      { permission: 'flags:write', project: 'default', environment: 'staging' },
    ]);
    const created = await stack.gqlOk<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
      'mutation { createApiKey(input: { name: "rotating bot", kind: TOKEN, customRoles: ["dev-flags"] }) { secret apiKey { id } } }',
    );
    const { id } = created.createApiKey.apiKey;
    const token = created.createApiKey.secret;
    expect((await toggle('development', token)).errors).toBeUndefined();
    expect(forbidden(await toggle('staging', token)).codes).toEqual(['FORBIDDEN']);

    const SET = 'mutation($id: ID!, $r: [ID!]!) { setApiKeyCustomRoles(id: $id, roles: $r) { customRoles } }';
    expect(await stack.gqlOk(SET, { id, r: ['staging-only'] })).toEqual({
      setApiKeyCustomRoles: { customRoles: ['staging-only'] },
    });
    expect((await toggle('staging', token)).errors).toBeUndefined();
    expect(forbidden(await toggle('development', token)).codes).toEqual(['FORBIDDEN']);
    const audit = await stack.gqlOk<{
      auditLog: { nodes: { action: string; after: { customRoles: string[] } }[] };
    }>(`{ auditLog(first: 1, filter: { resourceKey: "${id}" }) { nodes { action after } } }`);
    expect(audit.auditLog.nodes[0]).toMatchObject({
      action: 'apiKey.roles.updated',
      after: { customRoles: ['staging-only'] },
    });

    // Refusals name the field and change nothing.
    const cases: [Record<string, unknown>, string, string][] = [
      [{ id, r: ['ghost'] }, 'NOT_FOUND', 'roles[0]'],
      [{ id, r: [] }, 'BAD_USER_INPUT', 'roles'],
      [{ id: '00000000-0000-4000-8000-000000000000', r: ['dev-flags'] }, 'NOT_FOUND', 'id'],
    ];
    const sdk = await stack.gqlOk<{ createApiKey: { apiKey: { id: string } } }>(
      'mutation { createApiKey(input: { name: "sdk", kind: SERVER, environment: "development" }) { apiKey { id } } }',
    );
    cases.push([{ id: sdk.createApiKey.apiKey.id, r: ['dev-flags'] }, 'BAD_USER_INPUT', 'id']);
    for (const [variables, code, field] of cases) {
      const body = await stack.gql(SET, variables);
      expect({ variables, codes: errorCodes(body), field: body.errors?.[0]?.extensions?.field }).toEqual({
        variables,
        codes: [code],
        field,
      });
    }
    const editor = await stack.createUser('editor', { email: 'key-roles-editor@example.test' });
    expect(errorCodes(await stack.gql(SET, { id, r: ['dev-flags'] }, { token: editor.token }))).toEqual([
      'FORBIDDEN',
    ]);
    const { apiKeys } = await stack.gqlOk<{ apiKeys: { id: string; customRoles: string[] }[] }>(
      '{ apiKeys { id customRoles } }',
    );
    expect(apiKeys.find((k) => k.id === id)?.customRoles).toEqual(['staging-only']);
    await stack.gqlOk('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id });
    expect(errorCodes(await stack.gql(SET, { id, r: ['dev-flags'] }))).toEqual(['CONFLICT']);
  });

  it('shows the presets read-only beside the custom roles', async () => {
    const { roles } = await stack.gqlOk<{
      roles: { key: string; preset: boolean; grants: { permission: string; project: string | null }[] }[];
    }>('{ roles { key preset grants { permission project } } }');
    expect(roles.slice(0, 3).map((r) => [r.key, r.preset])).toEqual([
      ['admin', true],
      ['editor', true],
      ['viewer', true],
    ]);
    expect(roles.find((r) => r.key === 'viewer')!.grants.map((g) => g.permission)).toContain('flags:read');
    expect(roles.find((r) => r.key === 'checkout-writer')).toMatchObject({ preset: false });
    const permissions = await stack.gqlOk<{ grantablePermissions: string[] }>('{ grantablePermissions }');
    expect(permissions.grantablePermissions).toEqual(expect.arrayContaining(['flags:write', 'production']));
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const user = await stack.createUser('viewer');
    const cases: [string, Record<string, unknown>, string, string][] = [
      [
        CREATE,
        { i: { key: 'bad', name: 'Bad', grants: [{ permission: 'flags:fly' }] } },
        'BAD_USER_INPUT',
        'input.grants[0].permission',
      ],
      [
        CREATE,
        { i: { key: 'bad', name: 'Bad', grants: [{ permission: 'flags:read', project: 'nowhere' }] } },
        'NOT_FOUND',
        'input.grants[0].project',
      ],
      [
        CREATE,
        {
          i: {
            key: 'bad',
            name: 'Bad',
            grants: [
              { permission: 'flags:read' },
              { permission: 'flags:write', project: 'checkout', environment: 'staging' },
            ],
          },
        },
        'BAD_USER_INPUT',
        'input.grants[1].environment',
      ],
      [
        CREATE,
        { i: { key: 'bad', name: 'Bad', grants: [{ permission: 'flags:write', environment: 'moon' }] } },
        'BAD_USER_INPUT',
        'input.grants[0].environment',
      ],
      [
        CREATE,
        { i: { key: 'bad', name: 'Bad', grants: [{ permission: 'users:manage', project: 'default' }] } },
        'BAD_USER_INPUT',
        'input.grants[0].project',
      ],
      [CREATE, { i: { key: 'Bad Key', name: 'Bad', grants: [] } }, 'BAD_USER_INPUT', 'input.key'],
      [CREATE, { i: { key: 'checkout-writer', name: 'Again', grants: [] } }, 'CONFLICT', 'input.key'],
      [CREATE, { i: { key: 'editor', name: 'Mine', grants: [] } }, 'CONFLICT', 'input.key'],
      [ASSIGN, { id: user.id, r: ['checkout-writer', 'ghost'] }, 'NOT_FOUND', 'roles[1]'],
      [ASSIGN, { id: user.id, r: ['admin'] }, 'BAD_USER_INPUT', 'roles[0]'],
      [
        'mutation { createApiKey(input: { name: "k", kind: TOKEN, customRoles: ["ghost"] }) { secret } }',
        {},
        'NOT_FOUND',
        'input.customRoles[0]',
      ],
      [
        'mutation { createApiKey(input: { name: "k", kind: SERVER, environment: "development", customRoles: ["checkout-writer"] }) { secret } }',
        {},
        'BAD_USER_INPUT',
        'input.customRoles',
      ],
      [
        'mutation { createApiKey(input: { name: "k", kind: TOKEN }) { secret } }',
        {},
        'BAD_USER_INPUT',
        'input.role',
      ],
      [
        'mutation { updateRole(key: "editor", input: { name: "E", grants: [] }) { key } }',
        {},
        'BAD_USER_INPUT',
        'key',
      ],
      ['mutation { deleteRole(key: "viewer") }', {}, 'BAD_USER_INPUT', 'key'],
      [
        'mutation { setRoleGroupMapping(group: "eng", roles: ["ghost"]) { group } }',
        {},
        'NOT_FOUND',
        'roles[0]',
      ],
    ];
    const before = await stack.db.writeCounts();
    const problems: string[] = [];
    for (const [query, variables, code, field] of cases) {
      const body = await stack.gql(query, variables);
      const ext = body.errors?.[0]?.extensions;
      if (ext?.code !== code || ext?.field !== field)
        problems.push(
          `${query.slice(0, 60)} ${JSON.stringify(variables)}: ${JSON.stringify(body.errors ?? body.data)}`,
        );
    }
    expect(problems).toEqual([]);
    expect(await stack.db.writeCounts()).toEqual(before);
    const unknown = await stack.gql('mutation { deleteRole(key: "ghost") }');
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
  });
});
