import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { env, loadConfig } from '@switchyard/server-kit';
import { z } from 'zod';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';
import { repoRoot, type Stack, startStack } from './stack';

// `npm start`: the whole system on one machine, with demo data, in one command.
const config = loadConfig({
  DATABASE_URL: env.optionalUrl(),
  REDIS_URL: env.optionalUrl(),
  GATEWAY_PORT: env.port(4000),
  FLAGS_PORT: env.port(4001),
  EXPERIMENTS_PORT: env.port(4002),
  ANALYTICS_PORT: env.port(4003),
  ADMIN_PORT: env.port(3000),
  EMBEDDED_PG_PORT: env.port(54329),
  SWITCHYARD_DATA_DIR: z.string().default(path.join(repoRoot, '.data')),
  SWITCHYARD_SEED_DEMO: env.bool(true),
  START_ADMIN: env.bool(true),
  LOG_LEVEL: env.logLevel().default('warn'),
  SWITCHYARD_ADMIN_EMAIL: z.string().email().default('admin@switchyard.local'),
  SWITCHYARD_ADMIN_PASSWORD: z.string().optional(),
});

/**
 * The demo admin's password: SWITCHYARD_ADMIN_PASSWORD, else one generated on the first
 * start and kept beside the data, so the next start (same database) still signs in.
 */
function demoAdminPassword(): string {
  if (config.SWITCHYARD_ADMIN_PASSWORD) return config.SWITCHYARD_ADMIN_PASSWORD;
  const file = path.join(config.SWITCHYARD_DATA_DIR, 'admin-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(12).toString('base64url');
  mkdirSync(config.SWITCHYARD_DATA_DIR, { recursive: true });
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

const colours = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m'];
const colourOf = new Map<string, string>();
function print(service: string, line: string) {
  if (!colourOf.has(service)) colourOf.set(service, colours[colourOf.size % colours.length]!);
  process.stdout.write(`${colourOf.get(service)}${service.padEnd(11)}\x1b[0m ${line}\n`);
}

let db: EmbeddedDatabase | null = null;
let stack: Stack | null = null;
let stopping = false;

async function within(ms: number, what: string, work: Promise<void> | undefined): Promise<void> {
  if (!work) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      print('switchyard', `${what} did not stop within ${ms / 1000} s; moving on`);
      resolve();
    }, ms);
  });
  await Promise.race([work.catch(() => {}), timeout]);
  clearTimeout(timer);
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  print('switchyard', 'stopping…');
  // Each step is bounded: a service or Postgres that never reports its exit must
  // not keep Ctrl-C waiting (services are SIGKILLed after their own grace period).
  await within(20_000, 'services', stack?.stop());
  await within(10_000, 'PostgreSQL', db?.stop());
  print('switchyard', 'stopped');
  process.exit(code);
}

async function main() {
  const started = Date.now();
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    db = await startEmbeddedPostgres({
      dataDir: path.join(config.SWITCHYARD_DATA_DIR, 'postgres'),
      port: config.EMBEDDED_PG_PORT,
      database: 'switchyard',
      log: (line) => print('postgres', line),
    });
    // embedded-postgres installs its own SIGINT/SIGTERM hook that stops Postgres and
    // exits at once, racing our shutdown; Postgres must stop last, after the services.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(signal);
      process.on(signal, () => void shutdown(0));
    }
    databaseUrl = db.url;
    print(
      'postgres',
      `embedded PostgreSQL on port ${config.EMBEDDED_PG_PORT}, data in ${config.SWITCHYARD_DATA_DIR}`,
    );
  }
  const adminPassword = demoAdminPassword();
  stack = await startStack({
    databaseUrl,
    env: { SWITCHYARD_ADMIN_EMAIL: config.SWITCHYARD_ADMIN_EMAIL, SWITCHYARD_ADMIN_PASSWORD: adminPassword },
    redisUrl: config.REDIS_URL,
    ports: {
      gateway: config.GATEWAY_PORT,
      flags: config.FLAGS_PORT,
      experiments: config.EXPERIMENTS_PORT,
      analytics: config.ANALYTICS_PORT,
      admin: config.ADMIN_PORT,
    },
    admin: config.START_ADMIN,
    seedDemo: config.SWITCHYARD_SEED_DEMO,
    demoKeysFile: path.join(config.SWITCHYARD_DATA_DIR, 'demo-sdk-keys.json'),
    logLevel: config.LOG_LEVEL,
    output: print,
    onUnexpectedExit: (name, code) => {
      print('switchyard', `${name} exited unexpectedly (code ${code}); stopping everything`);
      void shutdown(1);
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const lines = [
    '',
    `Switchyard is running (started in ${seconds} s)`,
    '',
    `  Admin console     ${stack.adminUrl ?? '(not started: START_ADMIN=false)'}`,
    `  Demo storefront   ${stack.demoUrl ?? '(needs the admin console and SWITCHYARD_SEED_DEMO)'}`,
    `  GraphQL gateway   ${stack.graphqlUrl}   (Apollo Sandbox in a browser)`,
    `  Offline GraphiQL  ${stack.gatewayUrl}/graphiql`,
    `  Subscriptions     ${stack.wsUrl}`,
    `  Subgraphs         ${Object.entries(stack.subgraphUrls)
      .map(([n, u]) => `${n} ${u}`)
      .join(', ')}`,
    `  Database          ${config.DATABASE_URL ? 'DATABASE_URL' : `embedded PostgreSQL (${config.SWITCHYARD_DATA_DIR})`}`,
    `  Events            ${config.REDIS_URL ? 'Redis (REDIS_URL)' : 'PostgreSQL LISTEN/NOTIFY (no REDIS_URL)'}`,
    '',
    `  Sign in as        ${config.SWITCHYARD_ADMIN_EMAIL}  password ${adminPassword}`,
    '',
    'Press Ctrl-C to stop everything.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch(async (err) => {
  process.stderr.write(`npm start failed: ${(err as Error).message}\n`);
  await shutdown(1);
});
