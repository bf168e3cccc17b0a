import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@switchyard/infra';
import { Client } from 'pg';
import { createTestDatabase, errorCodes, graphql, graphqlOk, type TestDatabase } from '@switchyard/testkit';

// Builds each Node service's production artifact exactly as the Dockerfile does (its one
// RUN step, assemble.js, into a clean folder with production dependencies only), then
// starts the artifacts with NODE_ENV=production and talks to them through the gateway.
const root = path.join(__dirname, '..', '..', '..');
const assemble = path.join(__dirname, '..', 'docker', 'assemble.js');
const services = ['flags', 'experiments', 'analytics', 'gateway'] as const;
type Service = (typeof services)[number];
const portVariables: Record<Service, string> = {
  flags: 'FLAGS_PORT',
  experiments: 'EXPERIMENTS_PORT',
  analytics: 'ANALYTICS_PORT',
  gateway: 'GATEWAY_PORT',
};

const admin = { email: 'ops@example.com', password: 'artifact-test-password' };
const out = mkdtempSync(path.join(os.tmpdir(), 'switchyard-artifacts-'));
const children: ChildProcess[] = [];
let db: TestDatabase;
let env: NodeJS.ProcessEnv;
let graphqlUrl: string;
let migrateOnlyExits: (number | null)[];
let migrationsBeforeStart: Record<string, number>;

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;
const healthy = (service: Service) =>
  spawnSync('node', ['healthcheck.js'], { cwd: path.join(out, service), env, stdio: 'ignore' }).status === 0;

async function waitHealthy(service: Service, child: ChildProcess) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited(child))
      throw new Error(`${service} exited (${child.exitCode ?? child.signalCode}) before it was healthy`);
    if (healthy(service)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${service} was not healthy within 60 s`);
}

// One assemble.js per service, side by side: most of their time is npm fetching and unpacking.
const assembleAll = () =>
  Promise.all(
    services.map(
      (service) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn('node', [assemble, service, path.join(out, service)], {
            cwd: root,
            stdio: 'ignore',
          });
          child.once('error', reject);
          child.once('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`assemble.js ${service} failed (exit ${code})`)),
          );
        }),
    ),
  );

beforeAll(async () => {
  await assembleAll();
  db = await createTestDatabase('sy_artifact');
  const ports = Object.fromEntries(
    await Promise.all(services.map(async (s) => [portVariables[s], String(await freePort())])),
  ) as Record<string, string>;
  const url = (variable: string) => `http://127.0.0.1:${ports[variable]}/graphql`;
  env = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    INTERNAL_TOKEN_SECRET: 'artifact-test-internal-secret',
    JWT_SECRET: 'artifact-test-jwt-secret-of-32-characters-at-least',
    SWITCHYARD_ADMIN_EMAIL: admin.email,
    SWITCHYARD_ADMIN_PASSWORD: admin.password,
    FLAGS_URL: url('FLAGS_PORT'),
    EXPERIMENTS_URL: url('EXPERIMENTS_PORT'),
    ANALYTICS_URL: url('ANALYTICS_PORT'),
    ...ports,
  };
  graphqlUrl = url('GATEWAY_PORT');
  // What the Kubernetes migrations Job does: each subgraph image with SWITCHYARD_MIGRATE_ONLY.
  const subgraphs = services.filter((s) => s !== 'gateway');
  migrateOnlyExits = await Promise.all(
    subgraphs.map(
      (service) =>
        new Promise<number | null>((resolve) => {
          const child = spawn(path.join(out, service, 'start'), [], {
            env: { ...env, SWITCHYARD_MIGRATE_ONLY: 'true' },
            stdio: ['ignore', 'inherit', 'inherit'],
          });
          child.once('exit', (code) => resolve(code));
        }),
    ),
  );
  const client = new Client({ connectionString: db.url });
  await client.connect();
  migrationsBeforeStart = {};
  for (const schema of subgraphs) {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${schema}".migrations`);
    migrationsBeforeStart[schema] = rows[0].n;
  }
  await client.end();
  for (const service of services) {
    const child = spawn(path.join(out, service, 'start'), [], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(child);
    await waitHealthy(service, child);
  }
}, 1_800_000);

afterAll(async () => {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (exited(child)) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
  await db?.drop();
  rmSync(out, { recursive: true, force: true });
}, 60_000);

describe('production artifacts (what the Dockerfile builds)', () => {
  it('hold built JavaScript and production dependencies only', () => {
    for (const service of services) {
      const dir = path.join(out, service);
      expect(existsSync(path.join(dir, 'healthcheck.js'))).toBe(true);
      for (const dev of ['jest', 'typescript', '@biomejs', 'nx', 'tsx', '@swc/core', 'next', 'cdk8s'])
        expect([service, dev, existsSync(path.join(dir, 'node_modules', dev))]).toEqual([
          service,
          dev,
          false,
        ]);
      // No TypeScript sources travel: every package ships its dist/ only.
      for (const pkg of ['server-kit', 'schema', service === 'gateway' ? 'gateway' : `subgraphs/${service}`])
        expect(readdirSync(path.join(dir, pkg)).filter((f) => f === 'src')).toEqual([]);
    }
  });

  it('migrate the database and exit when run as the migrations Job runs them', () => {
    expect(migrateOnlyExits).toEqual([0, 0, 0]);
    for (const schema of ['flags', 'experiments', 'analytics'])
      expect([schema, migrationsBeforeStart[schema]! > 0]).toEqual([schema, true]);
  });

  it('answer federated queries and writes through the gateway in production mode', async () => {
    const anonymous = await graphql(graphqlUrl, '{ flags(first: 1) { nodes { key } } }');
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);

    const { login } = await graphqlOk<{ login: { accessToken: string } }>(
      graphqlUrl,
      'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }',
      admin,
    );
    const auth = { authorization: `Bearer ${login.accessToken}` };
    await graphqlOk(
      graphqlUrl,
      'mutation { createFlag(input: { key: "artifact-flag", name: "Artifact flag" }) { key } }',
      {},
      auth,
    );
    // flags, experiments and analytics each resolve a part of this answer.
    const data = await graphqlOk<{ flag: unknown }>(
      graphqlUrl,
      '{ flag(key: "artifact-flag") { key name variations { value } experiments { key } usage(environment: "production") { evaluations } } }',
      {},
      auth,
    );
    expect(data.flag).toMatchObject({
      key: 'artifact-flag',
      name: 'Artifact flag',
      experiments: [],
      usage: { evaluations: 0 },
    });
  });

  it("report unhealthy through the image's HEALTHCHECK when the service is gone", async () => {
    const analytics = children[services.indexOf('analytics')]!;
    expect(healthy('analytics')).toBe(true);
    await new Promise<void>((resolve) => {
      analytics.once('exit', () => resolve());
      analytics.kill('SIGTERM');
    });
    expect(healthy('analytics')).toBe(false);
  });
});
