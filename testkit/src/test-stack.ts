import { randomBytes } from 'node:crypto';
import { type Stack, type StackOptions, startStack } from '@switchyard/infra';
import { type GraphQLResponse, graphql, graphqlOk } from './graphql-client';
import { subscribe, type TestSubscription, wsClient } from './subscriptions';
import { createTestDatabase, type PrivatePostgres, type TestDatabase } from './test-database';

export interface GqlOptions {
  /** A bearer token (user JWT, API key) instead of the default admin. */
  token?: string;
  /** Send no credentials at all. */
  anonymous?: boolean;
  headers?: Record<string, string>;
  /** Another gateway replica. */
  url?: string;
}

export type TestRole = 'admin' | 'editor' | 'viewer';
export type TestKeyKind = 'server' | 'client' | 'token';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: TestRole;
  /** A fresh access token of this user. */
  token: string;
}

export interface TestStack extends Stack {
  db: TestDatabase;
  /** Service output, for diagnosing a failed test. */
  logs: string[];
  /** The bootstrapped first admin (SWITCHYARD_ADMIN_EMAIL / SWITCHYARD_ADMIN_PASSWORD). */
  admin: { email: string; password: string };
  /** The admin's access token: logged in once per stack, renewed before it expires. */
  adminToken(): Promise<string>;
  /** Creates a user with that role (editor with `production` when asked) and signs them in. */
  createUser(role: TestRole, opts?: { production?: boolean; email?: string }): Promise<TestUser>;
  /**
   * Creates an API key and returns its secret: SDK keys for `environment`, tokens with `role` (admin by
   * default) and `customRoles` (a token given custom roles and no role acts with those alone).
   */
  createApiKey(
    kind: TestKeyKind,
    opts?: {
      environment?: string;
      role?: TestRole;
      customRoles?: string[];
      production?: boolean;
      name?: string;
    },
  ): Promise<{ id: string; secret: string }>;
  /** One operation through the gateway as the default admin (or `opts.token`); errors returned. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    opts?: GqlOptions,
  ): Promise<GraphQLResponse<T>>;
  /** Like `gql`, but throws with the errors when there are any. */
  gqlOk<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    opts?: GqlOptions,
  ): Promise<T>;
  /** A graphql-ws subscription through the gateway (its own connection), as the admin or `opts.token`. */
  subscribe<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    opts?: GqlOptions,
  ): Promise<TestSubscription<T>>;
}

const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken accessTokenExpiresAt user { id } }
}`;

let userCounter = 0;

/**
 * The one harness integration tests use: a fresh database, the services as child
 * processes on free ports (migrations run at their start), torn down by `stop()`.
 * Calls go through the gateway as the bootstrapped admin unless told otherwise.
 */
export async function startTestStack(
  opts: Partial<Omit<StackOptions, 'databaseUrl'>> & {
    /** The server to create the database on (default: the shared test server). */
    postgres?: PrivatePostgres;
  } = {},
): Promise<TestStack> {
  const db = await createTestDatabase('sy_test', opts.postgres?.adminUrl);
  const logs: string[] = [];
  const admin = { email: 'admin@switchyard.test', password: `pw-${randomBytes(12).toString('hex')}` };
  try {
    const stack = await startStack({
      databaseUrl: db.url,
      logLevel: process.env.TEST_LOG_LEVEL ?? 'warn',
      output: (service, line) => {
        logs.push(`${service}: ${line}`);
        if (logs.length > 2000) logs.shift();
        if (process.env.TEST_SHOW_LOGS) process.stdout.write(`${service}: ${line}\n`);
      },
      ...opts,
      env: {
        SWITCHYARD_ADMIN_EMAIL: admin.email,
        SWITCHYARD_ADMIN_PASSWORD: admin.password,
        // Suites hammer the gateway on purpose (concurrency tests); the rate-limit suite sets its own limits.
        RATE_LIMIT_PER_SECOND: '100000',
        RATE_LIMIT_BURST: '100000',
        ...opts.env,
      },
    });

    const login = async (email: string, password: string) => {
      const data = await graphqlOk<{
        login: { accessToken: string; accessTokenExpiresAt: string; user: { id: string } };
      }>(stack.graphqlUrl, LOGIN, { email, password });
      return data.login;
    };

    let cached: { token: string; renewAt: number } | null = null;
    const adminToken = async (): Promise<string> => {
      if (cached && cached.renewAt > Date.now()) return cached.token;
      if (stack.subgraphUrls.flags) {
        const session = await login(admin.email, admin.password);
        cached = { token: session.accessToken, renewAt: Date.parse(session.accessTokenExpiresAt) - 60_000 };
      } else {
        // Without the flags subgraph nobody can log in; sign the token the way it would.
        // Imported here: server-kit's entities need decorator settings that tools running
        // the testkit (the bench runner under tsx) do not have.
        const { loadSessionKeys } = await import('@switchyard/server-kit');
        const keys = await loadSessionKeys({ ...process.env, ...opts.env });
        const signed = await keys.sign!({
          userId: '00000000-0000-0000-0000-000000000001',
          sessionId: '00000000-0000-0000-0000-000000000001',
          email: admin.email,
          name: 'Administrator',
          role: 'admin',
          permissions: ['production'],
        });
        cached = { token: signed.token, renewAt: signed.expiresAt.getTime() - 60_000 };
      }
      return cached.token;
    };

    const headersFor = async (o: GqlOptions = {}): Promise<Record<string, string>> => {
      const token = o.anonymous ? null : (o.token ?? (await adminToken()));
      return { ...(token ? { authorization: `Bearer ${token}` } : {}), ...o.headers };
    };
    const gql: TestStack['gql'] = async (query, variables = {}, o = {}) =>
      graphql(o.url ?? stack.graphqlUrl, query, variables, await headersFor(o));
    const gqlOk: TestStack['gqlOk'] = async (query, variables = {}, o = {}) =>
      graphqlOk(o.url ?? stack.graphqlUrl, query, variables, await headersFor(o));

    return {
      ...stack,
      db,
      logs,
      admin,
      adminToken,
      gql,
      gqlOk,
      async createUser(role, o = {}) {
        userCounter += 1;
        const email = o.email ?? `${role}-${userCounter}-${randomBytes(3).toString('hex')}@switchyard.test`;
        const password = `pw-${randomBytes(12).toString('hex')}`;
        await gqlOk('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', {
          input: {
            email,
            password,
            role: role.toUpperCase(),
            permissions: o.production ? ['production'] : [],
          },
        });
        const session = await login(email, password);
        return { id: session.user.id, email, password, role, token: session.accessToken };
      },
      async createApiKey(kind, o = {}) {
        const data = await gqlOk<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
          'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }',
          {
            input: {
              name: o.name ?? `${kind} key ${++userCounter}`,
              kind: kind.toUpperCase(),
              environment: kind === 'token' ? null : (o.environment ?? 'development'),
              role: kind === 'token' ? (o.role ?? (o.customRoles ? null : 'admin'))?.toUpperCase() : null,
              permissions: o.production ? ['production'] : [],
              ...(o.customRoles ? { customRoles: o.customRoles } : {}),
            },
          },
        );
        return { id: data.createApiKey.apiKey.id, secret: data.createApiKey.secret };
      },
      async subscribe<T>(query: string, variables: Record<string, unknown> = {}, o: GqlOptions = {}) {
        const token = o.anonymous ? null : (o.token ?? (await adminToken()));
        const url = (o.url ?? stack.graphqlUrl).replace(/^http/, 'ws');
        const client = wsClient(url, token);
        const sub = subscribe<T>(client, query, variables);
        return {
          ...sub,
          async close(): Promise<void> {
            await sub.close();
            await client.dispose();
          },
        };
      },
      async stop() {
        await stack.stop();
        await db.drop();
      },
    };
  } catch (err) {
    await db.drop().catch(() => {});
    throw err;
  }
}

/** REDIS_URL for suites that need Redis; fails with a one-line hint when none answers. */
export async function requireRedis(): Promise<string> {
  const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const { createClient } = await import('redis');
  const client = createClient({ url, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } catch {
    throw new Error(
      `No Redis answers at ${url}: start one (redis-server --daemonize yes --port 6379) or set REDIS_URL`,
    );
  } finally {
    await client.close().catch(() => {});
  }
  return url;
}
