import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, repoRoot, stackPortVariables } from '@switchyard/infra';
import { graphqlOk } from '@switchyard/testkit';

const secrets = {
  INTERNAL_TOKEN_SECRET: 'start-prod-internal-secret-0123456789',
  JWT_SECRET: 'start-prod-jwt-secret-0123456789abcdefghijklmnop',
  SWITCHYARD_ADMIN_PASSWORD: 'start-prod-admin-password',
};

/** `npm run start:prod` in its own process group, on free ports, with a fresh data folder. */
async function startProd(extra: NodeJS.ProcessEnv) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of [...Object.keys(secrets), 'DATABASE_URL', 'REDIS_URL', 'NODE_ENV', 'JWT_PRIVATE_KEY']) {
    if (!(name in extra)) delete env[name];
  }
  // Started from inside npm and Nx (npm test), their variables would steer the nested npm and Nx.
  for (const key of Object.keys(env)) if (/^(npm_|nx_)/i.test(key)) delete env[key];
  const ports: Record<string, number> = {};
  for (const name of stackPortVariables) ports[name] = await freePort();
  for (const [k, v] of Object.entries(ports)) env[k] = String(v);
  env.SWITCHYARD_DATA_DIR = mkdtempSync(path.join(tmpdir(), 'switchyard-start-prod-'));
  const child = spawn('npm', ['run', 'start:prod'], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d) => (out.stdout += d));
  child.stderr!.on('data', (d) => (out.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out, ports, exited };
}

/** Every process below `pid`: its id and command line. */
function descendants(pid: number): { pid: number; args: string }[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/)!)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
  const found: { pid: number; args: string }[] = [];
  const walk = (parent: number) => {
    for (const row of rows.filter((r) => r.ppid === parent)) {
      found.push(row);
      walk(row.pid);
    }
  };
  walk(pid);
  return found;
}

// The README's production start on one machine: `npm run build`, then the production build
// under NODE_ENV=production, secrets required, the console as `next build` + `next start`.
describe('npm run start:prod', () => {
  it('refuses to start without its secrets, in one line naming them', async () => {
    const run = await startProd({});
    const code = await run.exited;
    expect(code).not.toBe(0);
    const refusal = run.out.stderr.split('\n').filter((line) => line.includes('production needs'));
    expect(refusal).toEqual([
      'npm run start:prod failed: production needs INTERNAL_TOKEN_SECRET, JWT_SECRET, SWITCHYARD_ADMIN_PASSWORD: set them in the environment (development secrets are refused)',
    ]);
    expect(run.out.stdout).not.toContain('Switchyard is running');
    // Said before minutes of building, not after them.
    expect(run.out.stdout).not.toContain('run-many');
  }, 900_000);

  describe('with its secrets', () => {
    let run: Awaited<ReturnType<typeof startProd>>;
    let child: ChildProcess;

    beforeAll(async () => {
      run = await startProd(secrets);
      child = run.child;
      const deadline = Date.now() + 900_000;
      while (!run.out.stdout.includes('Switchyard is running')) {
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(
            `npm run start:prod did not come up:\n${run.out.stdout.slice(-3000)}${run.out.stderr}`,
          );
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }, 960_000);

    afterAll(() => {
      if (child && child.exitCode === null) {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // gone
        }
      }
    });

    it('runs the production build with plain node and the console with next start, no dev server', () => {
      expect(run.out.stdout).toContain('production build, NODE_ENV=production');
      const commands = descendants(child.pid!).map((p) => p.args);
      for (const service of ['subgraphs/flags', 'subgraphs/experiments', 'subgraphs/analytics', 'gateway']) {
        expect(commands.filter((c) => c.includes(`${service}/dist/service.js`))).toHaveLength(1);
      }
      // `next start` renames itself next-server (the page HTML below shows it is no dev server).
      expect(commands.some((c) => /next\S*\s+start|next-server/.test(c))).toBe(true);
      expect(commands.filter((c) => /next\S*\s+dev|tsx/.test(c))).toEqual([]);
    });

    it('signs in with the given password, writes and evaluates through the gateway', async () => {
      const url = `http://127.0.0.1:${run.ports.GATEWAY_PORT}/graphql`;
      const login = await graphqlOk<{ login: { accessToken: string } }>(
        url,
        'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
        { e: 'admin@switchyard.local', p: secrets.SWITCHYARD_ADMIN_PASSWORD },
      );
      const auth = { authorization: `Bearer ${login.login.accessToken}` };
      await graphqlOk(
        url,
        'mutation { createFlag(input: { key: "prod-start", name: "Prod start" }) { key } }',
        {},
        auth,
      );
      const data = await graphqlOk<{ evaluate: { key: string; reason: string }[] }>(
        url,
        '{ evaluate(environment: "production", context: { key: "u1" }, keys: ["prod-start"]) { key reason } }',
        {},
        auth,
      );
      expect(data.evaluate.map((v) => v.key)).toEqual(['prod-start']);
      // Production: the landing pages need a signed-in browser.
      expect((await fetch(`http://127.0.0.1:${run.ports.GATEWAY_PORT}/graphiql`)).status).toBe(401);
    });

    it('serves the console from its production build', async () => {
      const res = await fetch(`http://localhost:${run.ports.ADMIN_PORT}/sign-in`);
      expect(res.status).toBe(200);
      const html = await res.text();
      // next dev serves its development client (react-refresh, HMR); a production build does not.
      expect(html).not.toMatch(/react-refresh|webpack-hmr|turbopack-hmr/);
    });

    it('stops every process on SIGTERM to npm', async () => {
      const started = descendants(child.pid!);
      const alive = () =>
        started.filter((p) => {
          try {
            process.kill(p.pid, 0);
            return true;
          } catch {
            return false;
          }
        });
      process.kill(child.pid!, 'SIGTERM');
      const deadline = Date.now() + 45_000;
      while ((!run.out.stdout.includes('stopped') || alive().length) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(run.out.stdout).toContain('stopped');
      expect(alive().map((p) => p.args)).toEqual([]);
    }, 60_000);
  });
});
