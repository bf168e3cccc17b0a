import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { env, loadConfig } from '@switchyard/server-kit';
import { z } from 'zod';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';
import { missingProductionSecrets, productionSecretsRefusal } from './production-secrets';
import { groupGone, type ServiceProcess, signalGroup } from './service-process';
import { repoRoot, type Stack, startStack } from './stack';
import { unusablePorts } from './usable-port';
import { Watchdog } from './watchdog';

// `npm start`: the whole system on one machine, with demo data, in one command, from the sources.
// `npm run start:prod` (NODE_ENV=production, run from infra/dist after `npm run build`): the same
// supervisor over the production build, with secrets required and no demo data by default.
const production = process.env.NODE_ENV === 'production';
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
  SWITCHYARD_SEED_DEMO: env.bool(!production),
  START_ADMIN: env.bool(true),
  LOG_LEVEL: env.logLevel().default('warn'),
  SWITCHYARD_ADMIN_EMAIL: z.string().email().default('admin@switchyard.local'),
  SWITCHYARD_ADMIN_PASSWORD: z.string().optional(),
});

/** A service's own graceful stop, then SIGKILL; PostgreSQL's fast shutdown, then SIGKILL. */
const SERVICE_GRACE_MS = 7000;
const POSTGRES_GRACE_MS = 4000;
/** Development: a crashed service comes back after 1, 2, 4, 8 s; a fifth crash within a minute ends the stack. */
const RESTART = { maxRestarts: 4, windowMs: 60_000, initialDelayMs: 1000 };

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
let postgresPid: number | null = null;
let stack: Stack | null = null;
/** Every service from the moment it is created: a signal during start stops them too. */
const services: ServiceProcess[] = [];
let stopping = false;
// Children can never outlive this process: see watchdog.ts.
const watchdog = new Watchdog();

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

async function shutdown(code: number, why = 'stopping…') {
  if (stopping) return;
  stopping = true;
  print('switchyard', why);
  // Services first, PostgreSQL last: a service stopping still writes (outbox, rollups).
  // Each step is bounded (services are SIGKILLed after their grace) so the whole stop
  // takes at most about 12 s, whatever hangs.
  await within(
    SERVICE_GRACE_MS + 1000,
    'services',
    Promise.all(services.map((s) => s.stop(SERVICE_GRACE_MS))).then(() => {}),
  );
  if (db) {
    await within(POSTGRES_GRACE_MS + 1000, 'PostgreSQL', db.stop());
  } else if (postgresPid) {
    // Still starting: its fast shutdown, then nothing of it left.
    signalGroup(postgresPid, 'SIGINT');
    await groupGone(postgresPid, POSTGRES_GRACE_MS);
    signalGroup(postgresPid, 'SIGKILL');
  }
  watchdog.release();
  print('switchyard', 'stopped');
  process.exit(code);
}

async function main() {
  const started = Date.now();
  if (production) {
    const missing = missingProductionSecrets();
    if (missing.length) {
      throw new Error(productionSecretsRefusal(missing));
    }
    const consoleBuild = path.join(repoRoot, 'admin-web', '.next', 'BUILD_ID');
    if (config.START_ADMIN && !existsSync(consoleBuild)) {
      throw new Error(
        'the admin console has no production build: run `npm run build` (or set START_ADMIN=false)',
      );
    }
  }
  const problems = await unusablePorts({
    GATEWAY_PORT: config.GATEWAY_PORT,
    FLAGS_PORT: config.FLAGS_PORT,
    EXPERIMENTS_PORT: config.EXPERIMENTS_PORT,
    ANALYTICS_PORT: config.ANALYTICS_PORT,
    ...(config.START_ADMIN ? { ADMIN_PORT: config.ADMIN_PORT } : {}),
  });
  if (problems.length) throw new Error(problems.join('\n'));
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    db = await startEmbeddedPostgres({
      dataDir: path.join(config.SWITCHYARD_DATA_DIR, 'postgres'),
      port: config.EMBEDDED_PG_PORT,
      database: 'switchyard',
      log: (line) => print('postgres', line),
      onSpawn: (pid) => {
        postgresPid = pid;
        watchdog.postgres(pid);
      },
    });
    databaseUrl = db.url;
    print(
      'postgres',
      `embedded PostgreSQL on port ${config.EMBEDDED_PG_PORT}, data in ${config.SWITCHYARD_DATA_DIR}`,
    );
  }
  const adminPassword = demoAdminPassword();
  stack = await startStack({
    databaseUrl,
    env: {
      SWITCHYARD_ADMIN_EMAIL: config.SWITCHYARD_ADMIN_EMAIL,
      SWITCHYARD_ADMIN_PASSWORD: adminPassword,
      // Each service's own drain ends before the supervisor's SIGKILL.
      SHUTDOWN_GRACE_MS: process.env.SHUTDOWN_GRACE_MS || String(SERVICE_GRACE_MS - 1000),
    },
    redisUrl: config.REDIS_URL,
    ports: {
      gateway: config.GATEWAY_PORT,
      flags: config.FLAGS_PORT,
      experiments: config.EXPERIMENTS_PORT,
      analytics: config.ANALYTICS_PORT,
      admin: config.ADMIN_PORT,
    },
    admin: config.START_ADMIN,
    production,
    seedDemo: config.SWITCHYARD_SEED_DEMO,
    demoKeysFile: path.join(config.SWITCHYARD_DATA_DIR, 'demo-sdk-keys.json'),
    logLevel: config.LOG_LEVEL,
    output: print,
    onService: (service) => services.push(service),
    supervision: {
      onSpawn: (_name, pid) => watchdog.service(pid),
      onExit: (_name, pid) => watchdog.serviceGone(pid),
      restart: RESTART,
    },
    onUnexpectedExit: (name, code) => {
      void shutdown(
        1,
        `${name} exited (code ${code}) and keeps failing (${RESTART.maxRestarts} restarts within ${RESTART.windowMs / 1000} s); stopping everything`,
      );
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const lines = [
    '',
    `Switchyard is running (started in ${seconds} s${production ? ', production build, NODE_ENV=production' : ''})`,
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
    production
      ? `  Sign in as        ${config.SWITCHYARD_ADMIN_EMAIL}  password: SWITCHYARD_ADMIN_PASSWORD`
      : `  Sign in as        ${config.SWITCHYARD_ADMIN_EMAIL}  password ${adminPassword}`,
    '',
    'Press Ctrl-C to stop everything. A service that crashes is restarted (with backoff).',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

// Ctrl-C, a closed terminal, a process manager's stop: the same orderly stop. Node resets
// dispositions at start, so this holds even as a background job that inherited SIGINT ignored.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => void shutdown(0, `${signal}: stopping…`));
}
// npm forwards SIGINT/SIGTERM but dies on SIGHUP without telling us: when our parent is gone
// (we were re-parented), stop as if signalled.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void shutdown(0, 'the parent process is gone: stopping…');
}, 250).unref();
// A closed terminal makes writes fail: that must not end this process before its children.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
main().catch(async (err) => {
  process.stderr.write(
    `${production ? 'npm run start:prod' : 'npm start'} failed: ${(err as Error).message}\n`,
  );
  await shutdown(1);
});
