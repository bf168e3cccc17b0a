import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtServiceArgs, freePort, repoRoot } from '@switchyard/infra';
import { buildServices, createTestDatabase, graphql, type TestDatabase } from '@switchyard/testkit';
import type { BenchmarkResult } from '../result';

// Issue 14: spawn to the first correct `evaluate` from the production build (services only, on a
// migrated database, as a pod restarts), and the idle memory of the whole stack (PostgreSQL aside),
// side by side with unleash-server on the same machine and PostgreSQL.

const UNLEASH_VERSION = '6.6.0'; // the last line that runs on Node 20 (7.x wants Node 22)
const peersDir = path.join(repoRoot, 'bench', '.tmp', 'peers');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resident memory of processes in MB (VmRSS). */
function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    kb += Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
  }
  return kb / 1024;
}

/** Every process in the groups led by `pids` (a console's next-server is a child of next start). */
function groupMembers(pids: number[]): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,pgid='], { encoding: 'utf8' }).trim().split('\n');
  return rows
    .map((r) => r.trim().split(/\s+/).map(Number))
    .filter(([, pgid]) => pids.includes(pgid!))
    .map(([pid]) => pid!);
}

function spawnGroup(args: string[], env: NodeJS.ProcessEnv, cwd = repoRoot): ChildProcess {
  return spawn(process.execPath, args, { cwd, env, detached: true, stdio: 'ignore' });
}

function stopGroups(children: ChildProcess[]): Promise<void> {
  return Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          try {
            process.kill(-c.pid!, 'SIGTERM');
          } catch {
            resolve();
          }
        }),
    ),
  ).then(() => {});
}

const secrets = {
  INTERNAL_TOKEN_SECRET: 'bench-startup-internal-secret-0123456789',
  JWT_SECRET: 'bench-startup-jwt-secret-0123456789abcdefghijklmnop',
  SWITCHYARD_ADMIN_EMAIL: 'admin@switchyard.bench',
  SWITCHYARD_ADMIN_PASSWORD: 'bench-startup-password',
};

/** The four services from their production build; resolves with the ms to the first correct evaluate. */
async function startSwitchyard(db: TestDatabase, withConsole: boolean) {
  const ports = {
    flags: await freePort(),
    experiments: await freePort(),
    analytics: await freePort(),
    gateway: await freePort(),
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...secrets,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: db.url,
    REDIS_URL: '',
    SWITCHYARD_SEED_DEMO: 'true',
    FLAGS_PORT: String(ports.flags),
    EXPERIMENTS_PORT: String(ports.experiments),
    ANALYTICS_PORT: String(ports.analytics),
    GATEWAY_PORT: String(ports.gateway),
    FLAGS_URL: `http://127.0.0.1:${ports.flags}/graphql`,
    EXPERIMENTS_URL: `http://127.0.0.1:${ports.experiments}/graphql`,
    ANALYTICS_URL: `http://127.0.0.1:${ports.analytics}/graphql`,
  };
  const url = `http://127.0.0.1:${ports.gateway}/graphql`;
  const started = Date.now();
  const children = (['flags', 'experiments', 'analytics', 'gateway'] as const).map((name) =>
    spawnGroup(builtServiceArgs(name), env),
  );
  let token = '';
  for (;;) {
    if (Date.now() - started > 300_000) {
      await stopGroups(children);
      throw new Error('Switchyard did not evaluate within 300 s');
    }
    try {
      if (!token) {
        const login = await graphql<{ login: { accessToken: string } }>(
          url,
          'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
          { e: secrets.SWITCHYARD_ADMIN_EMAIL, p: secrets.SWITCHYARD_ADMIN_PASSWORD },
        );
        token = login.data?.login.accessToken ?? '';
      }
      if (token) {
        const r = await graphql<{ evaluate: { key: string; variation: string | null }[] }>(
          url,
          '{ evaluate(environment: "production", context: { key: "u1" }, keys: ["new-checkout"]) { key variation } }',
          {},
          { authorization: `Bearer ${token}` },
        );
        if (r.data?.evaluate?.[0]?.variation) break;
      }
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  const readyMs = Date.now() - started;
  if (withConsole) {
    const port = await freePort();
    children.push(
      spawnGroup(
        [path.join(repoRoot, 'node_modules/next/dist/bin/next'), 'start', '--port', String(port)],
        {
          ...env,
          NEXT_TELEMETRY_DISABLED: '1',
        },
        path.join(repoRoot, 'admin-web'),
      ),
    );
    for (
      let i = 0;
      i < 600 &&
      !(await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    )
      await sleep(100);
    await fetch(`http://127.0.0.1:${port}/sign-in`).catch(() => {});
  }
  return { readyMs, children };
}

/** unleash-server, installed once into bench/.tmp/peers with npm. */
function unleashEntry(): string {
  const dir = path.join(peersDir, `unleash-server-${UNLEASH_VERSION}`);
  const entry = path.join(dir, 'start.js');
  if (!existsSync(path.join(dir, 'node_modules', 'unleash-server'))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
    execFileSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--omit=dev', `unleash-server@${UNLEASH_VERSION}`],
      {
        cwd: dir,
        stdio: 'inherit',
      },
    );
  }
  // Configuration from the environment (DATABASE_URL, HTTP_PORT, INIT_*_API_TOKENS).
  writeFileSync(entry, "require('unleash-server').start();\n");
  return entry;
}

const UNLEASH_ADMIN = '*:*.bench-admin-token';
const UNLEASH_FRONTEND = 'default:development.bench-frontend-token';

/** unleash-server; resolves with the ms to its first correct evaluation (frontend API, a flag on). */
async function startUnleash(db: TestDatabase, entry: string, prepare: boolean) {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    DATABASE_SSL: 'false',
    HTTP_PORT: String(port),
    LOG_LEVEL: 'warn',
    INIT_ADMIN_API_TOKENS: UNLEASH_ADMIN,
    INIT_FRONTEND_API_TOKENS: UNLEASH_FRONTEND,
    CHECK_VERSION: 'false',
    SEND_TELEMETRY: 'false',
  };
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  const child = spawnGroup([entry], env, path.dirname(entry));
  const admin = { authorization: UNLEASH_ADMIN, 'content-type': 'application/json' };
  if (prepare) {
    // First start: migrate, then create the flag the timed starts evaluate.
    for (
      let i = 0;
      i < 1800 &&
      !(await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    )
      await sleep(100);
    await fetch(`${base}/api/admin/projects/default/features`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'new-checkout' }),
    });
    await fetch(`${base}/api/admin/projects/default/features/new-checkout/environments/development/on`, {
      method: 'POST',
      headers: admin,
    });
  }
  for (;;) {
    if (Date.now() - started > 300_000) {
      await stopGroups([child]);
      throw new Error('unleash-server did not evaluate within 300 s');
    }
    try {
      const res = await fetch(`${base}/api/frontend?userId=u1`, {
        headers: { authorization: UNLEASH_FRONTEND },
      });
      if (res.ok) {
        const body = (await res.json()) as { toggles?: { name: string; enabled: boolean }[] };
        if (body.toggles?.some((t) => t.name === 'new-checkout' && t.enabled)) break;
      }
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  return { readyMs: Date.now() - started, children: [child] };
}

/** Starts, waits for the first correct answer, idles, measures memory, stops. */
async function measure(start: () => Promise<{ readyMs: number; children: ChildProcess[] }>) {
  const { readyMs, children } = await start();
  await sleep(10_000); // idle: start-up work (migration checks, caches, JIT) settles
  const members = groupMembers(children.map((c) => c.pid!));
  const rss = rssMb(members);
  await stopGroups(children);
  return { readyMs, rss };
}

export async function run(): Promise<BenchmarkResult> {
  buildServices();
  const withConsole = existsSync(path.join(repoRoot, 'admin-web', '.next', 'BUILD_ID'));
  const entry = unleashEntry();
  const sy = await createTestDatabase('sy_bench_startup');
  const un = await createTestDatabase('sy_bench_unleash');
  try {
    // First starts migrate and seed; the timed starts are restarts on a migrated database, as a pod
    // that is rescheduled or scaled out (migrations are the Job's work).
    const syFirst = await measure(() => startSwitchyard(sy, false));
    const unFirst = await measure(() => startUnleash(un, entry, true));
    const runs = 3;
    const syMs: number[] = [];
    const unMs: number[] = [];
    let syRss = 0;
    let syRssConsole = 0;
    let unRss = 0;
    for (let i = 0; i < runs; i++) {
      const s = await measure(() => startSwitchyard(sy, false));
      const u = await measure(() => startUnleash(un, entry, false));
      syMs.push(s.readyMs);
      unMs.push(u.readyMs);
      syRss = Math.max(syRss, s.rss);
      unRss = Math.max(unRss, u.rss);
    }
    if (withConsole) syRssConsole = (await measure(() => startSwitchyard(sy, true))).rss;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const load = os.loadavg()[0]!.toFixed(1);
    const s = (ms: number) => (ms / 1000).toFixed(2);
    const rows = [
      {
        system: 'Switchyard, production build (4 services)',
        'first start s (migrate, seed)': s(syFirst.readyMs),
        'restart s, median of 3': s(median(syMs)),
        'restarts s': syMs.map(s).join(', '),
        'idle RSS MB': syRss.toFixed(0),
      },
      ...(withConsole
        ? [
            {
              system: 'Switchyard, 4 services + console (next start)',
              'first start s (migrate, seed)': '—',
              'restart s, median of 3': '—',
              'restarts s': '—',
              'idle RSS MB': syRssConsole.toFixed(0),
            },
          ]
        : []),
      {
        system: `unleash-server ${UNLEASH_VERSION}`,
        'first start s (migrate, seed)': s(unFirst.readyMs),
        'restart s, median of 3': s(median(unMs)),
        'restarts s': unMs.map(s).join(', '),
        'idle RSS MB': unRss.toFixed(0),
      },
    ];
    const whole = withConsole ? `, ${syRssConsole.toFixed(0)} MB with the console` : '';
    return {
      name: 'startup-production',
      rows,
      summary:
        `Spawn to the first correct evaluate from the production build: ${s(median(syMs))} s (restart on a migrated database, median of ${runs}; first start ${s(syFirst.readyMs)} s); ` +
        `unleash-server ${UNLEASH_VERSION} ${s(median(unMs))} s to its first correct frontend-API evaluation. Idle RSS: four services ${syRss.toFixed(0)} MB${whole}; unleash-server ${unRss.toFixed(0)} MB. ` +
        `PostgreSQL aside. Loaded machine: 1-minute load ${load} on 2 shared cores.`,
      current: {
        figure: `${s(median(syMs))} s spawn to first evaluate (production build, restart); idle ${syRss.toFixed(0)} MB (4 services)${whole}; load ${load}`,
        target: '< 3 s, < 400 MB (PostgreSQL aside)',
        peer: `unleash-server ${UNLEASH_VERSION}: ${s(median(unMs))} s, ${unRss.toFixed(0)} MB`,
      },
    };
  } finally {
    await sy.drop().catch(() => {});
    await un.drop().catch(() => {});
  }
}
