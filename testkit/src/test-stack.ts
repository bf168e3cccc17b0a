import { type Stack, type StackOptions, startStack } from '@switchyard/infra';
import { type GraphQLResponse, graphql, graphqlOk } from './graphql-client';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface GqlOptions {
  /** A bearer token (user JWT, API key) instead of the default admin. */
  token?: string;
  headers?: Record<string, string>;
  /** Another gateway replica. */
  url?: string;
}

export interface TestStack extends Stack {
  db: TestDatabase;
  /** Service output, for diagnosing a failed test. */
  logs: string[];
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
}

/** Headers for a test call: the given token, else those of the default admin. */
async function authHeaders(opts: GqlOptions = {}): Promise<Record<string, string>> {
  const auth: Record<string, string> = opts.token ? { authorization: `Bearer ${opts.token}` } : {};
  return { ...auth, ...opts.headers };
}

/**
 * The one harness integration tests use: a fresh database, the services as child
 * processes on free ports (migrations run at their start), torn down by `stop()`.
 */
export async function startTestStack(
  opts: Partial<Omit<StackOptions, 'databaseUrl'>> = {},
): Promise<TestStack> {
  const db = await createTestDatabase();
  const logs: string[] = [];
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
    });
    return {
      ...stack,
      db,
      logs,
      gql: async (query, variables = {}, o = {}) =>
        graphql(o.url ?? stack.graphqlUrl, query, variables, await authHeaders(o)),
      gqlOk: async (query, variables = {}, o = {}) =>
        graphqlOk(o.url ?? stack.graphqlUrl, query, variables, await authHeaders(o)),
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
