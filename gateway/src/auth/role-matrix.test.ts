import { startTestStack, type TestStack } from '@switchyard/testkit';
import {
  buildClientSchema,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  type IntrospectionQuery,
} from 'graphql';

type Caller =
  | 'anonymous'
  | 'admin'
  | 'editor'
  | 'viewer'
  | 'server'
  | 'client'
  | 'viewerToken'
  // Custom roles (issue 19): a copy of a preset must get exactly the preset's outcomes.
  | 'customViewerToken'
  | 'customEditorToken'
  | 'customEditor'
  | 'noGrantsToken';
type Outcome = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'through';

const PUBLIC = new Set(['login', 'refreshSession', 'logout']);
const ADMIN_ONLY = new Set([
  'users',
  'apiKeys',
  'createUser',
  'updateUserRole',
  'deactivateUser',
  'reactivateUser',
  'createApiKey',
  'revokeApiKey',
  'setApiKeyCustomRoles',
  'createEnvironment',
  'setApprovalPolicy',
  'integrations',
  'integration',
  'createIntegration',
  'updateIntegration',
  'deleteIntegration',
  'redeliverIntegrationChange',
  'testIntegration',
  'slackUserLinks',
  'linkSlackUser',
  'unlinkSlackUser',
  'resetUserPassword',
  'unlockUser',
  'deleteUser',
  'updateProject',
  'createProject',
  'roles',
  'role',
  'grantablePermissions',
  'roleGroupMappings',
  'createRole',
  'updateRole',
  'deleteRole',
  'setUserCustomRoles',
  'setRoleGroupMapping',
]);
/** For a signed-in person only, whatever their role (not for API keys acting as a role). */
const PEOPLE_ONLY = new Set(['changePassword']);
const SDK: Record<'server' | 'client', Set<string>> = {
  client: new Set(['evaluate', 'trackEvents']),
  server: new Set(['evaluate', 'trackEvents', 'flagSet']),
};

/** Every caller, admin last: its writes succeed and must not change what the others see. */
const CALLERS: Caller[] = [
  'anonymous',
  'client',
  'server',
  'noGrantsToken',
  'viewer',
  'viewerToken',
  'customViewerToken',
  'customEditorToken',
  'customEditor',
  'editor',
  'admin',
];
/** Root fields any signed-in caller reaches, whatever it may do (a custom role granting nothing too). */
const SIGNED_IN = new Set(['me']);
/** The preset each custom-role caller copies, and whether it is an API key (not a person). */
const COPIES: Partial<Record<Caller, { as: Caller; token: boolean }>> = {
  customViewerToken: { as: 'viewerToken', token: true },
  customEditorToken: { as: 'editor', token: true },
  customEditor: { as: 'editor', token: false },
};

/** What the permission model says each caller gets for a root field. */
function expected(caller: Caller, field: string, operation: 'query' | 'mutation'): Outcome {
  const copy = COPIES[caller];
  if (copy) {
    if (copy.token && PEOPLE_ONLY.has(field)) return 'FORBIDDEN';
    return expected(copy.as, field, operation);
  }
  if (caller === 'noGrantsToken') {
    if (PUBLIC.has(field) || SIGNED_IN.has(field)) return 'through';
    return 'FORBIDDEN';
  }
  // SDK keys reach only their few fields; signing in is for people.
  if (caller === 'server' || caller === 'client') return SDK[caller].has(field) ? 'through' : 'FORBIDDEN';
  if (PUBLIC.has(field)) return 'through';
  if (caller === 'anonymous') return 'UNAUTHENTICATED';
  if (PEOPLE_ONLY.has(field)) return caller === 'viewerToken' ? 'FORBIDDEN' : 'through';
  if (caller === 'admin') return 'through';
  if (ADMIN_ONLY.has(field)) return 'FORBIDDEN';
  if (caller === 'editor') return 'through';
  // Viewers (and tokens acting as viewers) read only; the SDK paths need SDK permissions.
  if (operation === 'mutation') return 'FORBIDDEN';
  return 'through';
}

/** A value of the right type, so requests pass validation and reach the resolver. */
function dummy(type: GraphQLInputType, name: string): unknown {
  if (isNonNullType(type)) return dummy(type.ofType, name);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      if (isNonNullType(f.type) && f.defaultValue === undefined) out[f.name] = dummy(f.type, f.name);
    }
    return out;
  }
  switch (getNamedType(type).name) {
    case 'Int':
      return 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'ID':
      return '00000000-0000-0000-0000-000000000000';
    case 'JSON':
      return {};
    case 'DateTime':
      return new Date().toISOString();
    default:
      return /environment/i.test(name) ? 'development' : 'matrix-value';
  }
}

function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const args = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const defs = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const call = args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const selection = isLeafType(getNamedType(getNullableType(field.type))) ? '' : ' { __typename }';
  const variables = Object.fromEntries(args.map((a) => [a.name, dummy(a.type, a.name)]));
  return { query: `${kind}${defs ? `(${defs})` : ''} { ${field.name}${call}${selection} }`, variables };
}

describe('every query and mutation against every role and key kind', () => {
  let stack: TestStack;
  let schema: GraphQLSchema;
  const tokens: Partial<Record<Caller, string>> = {};

  beforeAll(async () => {
    stack = await startTestStack({
      env: {
        RATE_LIMIT_BURST: '5000',
        RATE_LIMIT_PER_SECOND: '5000',
        RATE_LIMIT_ANONYMOUS_BURST: '5000',
        RATE_LIMIT_ANONYMOUS_PER_SECOND: '5000',
      },
    });
    schema = buildClientSchema(await stack.gqlOk<IntrospectionQuery>(getIntrospectionQuery()));
    tokens.admin = await stack.adminToken();
    tokens.editor = (await stack.createUser('editor')).token;
    tokens.viewer = (await stack.createUser('viewer')).token;
    tokens.server = (await stack.createApiKey('server', { environment: 'development' })).secret;
    tokens.client = (await stack.createApiKey('client', { environment: 'development' })).secret;
    tokens.viewerToken = (await stack.createApiKey('token', { role: 'viewer' })).secret;
    // Custom roles granting exactly what a preset grants, and one granting nothing.
    const { roles } = await stack.gqlOk<{ roles: { key: string; grants: unknown[] }[] }>(
      '{ roles { key grants { permission project environment } } }',
    );
    const copyOf = async (key: string, preset: string) =>
      stack.gqlOk('mutation($i: CreateRoleInput!) { createRole(input: $i) { key } }', {
        i: { key, name: key, grants: roles.find((r) => r.key === preset)!.grants },
      });
    await copyOf('as-viewer', 'viewer');
    await copyOf('as-editor', 'editor');
    await stack.gqlOk(
      'mutation { createRole(input: { key: "no-grants", name: "Nothing", grants: [] }) { key } }',
    );
    const customToken = async (role: string) =>
      (
        await stack.gqlOk<{ createApiKey: { secret: string } }>(
          'mutation($r: [ID!]!) { createApiKey(input: { name: "custom", kind: TOKEN, customRoles: $r }) { secret } }',
          { r: [role] },
        )
      ).createApiKey.secret;
    tokens.customViewerToken = await customToken('as-viewer');
    tokens.customEditorToken = await customToken('as-editor');
    tokens.noGrantsToken = await customToken('no-grants');
    const customEditor = await stack.createUser('viewer');
    await stack.gqlOk('mutation($id: ID!) { setUserCustomRoles(id: $id, roles: ["as-editor"]) { id } }', {
      id: customEditor.id,
    });
    tokens.customEditor = customEditor.token;
  }, 180_000);
  afterAll(() => stack?.stop());

  it('refuses exactly what the permission model refuses, naming the permission', async () => {
    const mismatches: string[] = [];
    const fields = [
      ...Object.values(schema.getQueryType()!.getFields()).map((f) => ['query', f] as const),
      ...Object.values(schema.getMutationType()!.getFields()).map((f) => ['mutation', f] as const),
    ];
    const callers = CALLERS;
    for (const caller of callers) {
      for (const [kind, field] of fields) {
        const { query, variables } = operationFor(kind, field);
        const body = await stack.gql(
          query,
          variables,
          caller === 'anonymous' ? { anonymous: true } : { token: tokens[caller] },
        );
        const codes = (body.errors ?? []).map((e) => String(e.extensions?.code));
        const got: Outcome =
          codes.includes('UNAUTHENTICATED') && !PUBLIC.has(field.name)
            ? 'UNAUTHENTICATED'
            : codes.includes('FORBIDDEN')
              ? 'FORBIDDEN'
              : 'through';
        const want = expected(caller, field.name, kind);
        if (got !== want)
          mismatches.push(
            `${caller} ${kind} ${field.name}: expected ${want}, got ${got} ${JSON.stringify(body.errors?.[0]?.message ?? '')}`,
          );
        const forbidden = body.errors?.find((e) => e.extensions?.code === 'FORBIDDEN');
        if (forbidden && !forbidden.extensions?.permission)
          mismatches.push(`${caller} ${field.name}: FORBIDDEN without a permission name`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 240_000);

  // The edge lane answers plain evaluate and assignment queries before the federated path: it must let
  // through and refuse exactly the same callers (SDK keys used to get sticky assignments there).
  it('gives the same outcome on the edge path, which answers what it lets through', async () => {
    await stack.gqlOk(
      `mutation { createFlag(input: { key: "edge-matrix", name: "Edge", variations: [{ key: "control", value: false }, { key: "treatment", value: true }] }) { key } }`,
    );
    await stack.gqlOk(
      `mutation { createExperiment(input: { key: "edge-matrix-exp", name: "E", environment: "development", flagKey: "edge-matrix",
        variants: [{ key: "control", weight: 50 }, { key: "treatment", weight: 50 }] }) { key } }`,
    );
    const operations = {
      evaluate: '{ evaluate(environment: "development", context: { key: "u1" }) { key variation } }',
      assignment:
        '{ assignment(experimentKey: "edge-matrix-exp", context: { key: "u1" }) { variant reason } }',
    };
    const mismatches: string[] = [];
    const callers = CALLERS;
    for (const caller of callers) {
      for (const [field, query] of Object.entries(operations)) {
        const token = caller === 'anonymous' ? null : tokens[caller];
        const res = await fetch(stack.graphqlUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ query }),
        });
        const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
        const codes = (body.errors ?? []).map((e) => String(e.extensions?.code));
        const got: Outcome = codes.includes('UNAUTHENTICATED')
          ? 'UNAUTHENTICATED'
          : codes.includes('FORBIDDEN')
            ? 'FORBIDDEN'
            : 'through';
        const want = expected(caller, field, 'query');
        const by = res.headers.get('x-switchyard-evaluated-by');
        if (got !== want) mismatches.push(`${caller} ${field}: expected ${want}, got ${got}`);
        else if (got === 'through' && by !== 'edge')
          mismatches.push(`${caller} ${field}: not answered by the edge`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('lets an editor change production only with the production permission', async () => {
    await stack.gqlOk('mutation { createFlag(input: { key: "prod-flag", name: "Prod" }) { key } }');
    const toggle =
      'mutation($env: String!) { setFlagEnabled(key: "prod-flag", environment: $env, enabled: true, expectedVersion: 1) { key } }';
    const plain = await stack.gql(toggle, { env: 'production' }, { token: tokens.editor });
    expect(plain.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'production' });
    const staging = await stack.gql(toggle, { env: 'staging' }, { token: tokens.editor });
    expect(staging.errors).toBeUndefined();
    const trusted = (await stack.createUser('editor', { production: true })).token;
    const prod = await stack.gql(
      toggle.replace('expectedVersion: 1', 'expectedVersion: 2'),
      { env: 'production' },
      { token: trusted },
    );
    expect(prod.errors).toBeUndefined();
  });
});
