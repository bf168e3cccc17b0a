import { type Stack, type StackOptions, startStack } from '@switchyard/infra';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestStack extends Stack {
  db: TestDatabase;
  /** Service output, for diagnosing a failed test. */
  logs: string[];
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
