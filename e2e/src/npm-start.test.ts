import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, repoRoot, stackPortVariables } from '@switchyard/infra';
import { graphql, graphqlOk } from '@switchyard/testkit';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, watchPageProblems } from './browser';

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// The README's quick start, as a new user runs it: `npm start` with no DATABASE_URL
// (embedded PostgreSQL in a fresh data folder), demo data, every service, then Ctrl-C.
describe('npm start', () => {
  let child: ChildProcess;
  let output = '';
  const ports: Record<string, number> = {};
  let browser: Browser | null = null;
  let token = '';
  let dataDir = '';

  beforeAll(async () => {
    for (const name of stackPortVariables) {
      ports[name] = await freePort();
    }
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    delete env.SWITCHYARD_ADMIN_PASSWORD;
    dataDir = mkdtempSync(path.join(tmpdir(), 'switchyard-npm-start-'));
    env.SWITCHYARD_DATA_DIR = dataDir;
    // Its own process group, so the test can send Ctrl-C the way a terminal does.
    child = spawn('npm', ['start'], {
      cwd: repoRoot,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`npm start did not come up:\n${output.slice(-3000)}`)),
        150_000,
      );
      const check = setInterval(() => {
        if (output.includes('Switchyard is running')) {
          clearInterval(check);
          clearTimeout(timer);
          resolve();
        }
        if (child.exitCode !== null) {
          clearInterval(check);
          clearTimeout(timer);
          reject(new Error(`npm start exited:\n${output.slice(-3000)}`));
        }
      }, 200);
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    }
  });

  it('prints the URLs of every service', () => {
    expect(output).toContain(`http://localhost:${ports.ADMIN_PORT}`);
    expect(output).toContain(`http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`);
    expect(output).toContain(`/graphiql`);
  });

  /** The demo admin `npm start` prints. */
  function printedAdmin(): { email: string; password: string } {
    const m = output.match(/Sign in as\s+(\S+)\s+password (\S+)/);
    if (!m) throw new Error(`npm start did not print the demo admin:\n${output.slice(-2000)}`);
    return { email: m[1]!, password: m[2]! };
  }

  it('prints the demo admin, who can sign in; anonymous callers are refused', async () => {
    const url = `http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`;
    const anonymous = await graphql(url, '{ flags { totalCount } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const { email, password } = printedAdmin();
    expect(email).toBe('admin@switchyard.local');
    const data = await graphqlOk<{ login: { accessToken: string } }>(
      url,
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
      { e: email, p: password },
    );
    token = data.login.accessToken;
  });

  it("runs the README's quick start as written: sign in first, then the first query", () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Architecture'));
    const blocks = [...quickStart.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
    // The first block is `npm ci && npm start` (this suite's npm start); the next signs in and queries.
    const tryIt = blocks.find((b) => b.includes('login('));
    expect(tryIt).toBeDefined();
    // Signing in comes before the first query, in the commands and in the words around them.
    expect(quickStart.indexOf('login(')).toBeLessThan(quickStart.indexOf('flag(key: \\"new-checkout\\")'));
    expect(quickStart.indexOf('sign in')).toBeLessThan(quickStart.indexOf('```graphql'));
    // As written, but on this suite's port and data folder.
    const script = tryIt!
      .replaceAll('127.0.0.1:4000', `127.0.0.1:${ports.GATEWAY_PORT}`)
      .replaceAll('.data/', `${dataDir}/`);
    const out = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: repoRoot, encoding: 'utf8' });
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const answer = JSON.parse(out.stdout) as {
      errors?: unknown;
      data: { flag: { key: string; experiments: { key: string; exposures: number }[] } };
    };
    expect(answer.errors).toBeUndefined();
    expect(answer.data.flag.key).toBe('new-checkout');
    expect(answer.data.flag.experiments[0]?.key).toBe('checkout-redesign');
  });

  it('answers the federated query with seeded data from all three subgraphs', async () => {
    const data = await graphqlOk<{
      flag: { key: string; experiments: { key: string; exposures: number }[] };
    }>(
      `http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`,
      '{ flag(key: "new-checkout") { key experiments { key exposures } } }',
      {},
      { authorization: `Bearer ${token}` },
    );
    expect(data.flag.key).toBe('new-checkout');
    expect(data.flag.experiments[0]?.key).toBe('checkout-redesign');
    expect(data.flag.experiments[0]?.exposures).toBeGreaterThan(0);
  });

  it('serves the admin console, which lists the seeded flags in a real browser', async () => {
    browser = await launchBrowser();
    const page = await browser.newPage();
    const problems = watchPageProblems(page);
    await page.goto(`http://localhost:${ports.ADMIN_PORT}/flags`);
    // Not signed in: the console sends the user to sign in, then back to the flags.
    await page.waitForURL(/\/sign-in\?next=/, { timeout: 120_000 });
    // Fill the form only once React runs it: before that a submit is the browser's own.
    await page.locator('form[data-ready="true"]').waitFor({ timeout: 120_000 });
    const { email, password } = printedAdmin();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/flags$/, { timeout: 60_000 });
    const keys = page.getByTestId('flag-key');
    // The first visit compiles the page (next dev), which can take a while on 2 cores.
    await keys.filter({ hasText: 'new-checkout' }).waitFor({ timeout: 120_000 });
    const shown = await keys.allTextContents();
    expect(shown).toEqual(
      expect.arrayContaining(['new-checkout', 'checkout-color', 'max-cart-items', 'pricing-config']),
    );
    await screenshot(page, 'flags-list');
    // Requests the page cancels itself (Next's prefetches, when sign-in navigates away) are not problems.
    expect(
      problems.filter((p) => !(p.startsWith('request failed:') && p.endsWith('net::ERR_ABORTED'))),
    ).toEqual([]);
  }, 150_000);

  it('stops every process it started on Ctrl-C, PostgreSQL included', async () => {
    process.kill(-child.pid!, 'SIGINT');
    // npm itself exits at once on SIGINT; the supervisor keeps stopping its services
    // and prints "stopped" when the last one, PostgreSQL included, is gone.
    const deadline = Date.now() + 45_000;
    while (!output.includes('stopped') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain('stopped');
    for (const [name, port] of Object.entries(ports)) {
      expect([name, await portOpen(port)]).toEqual([name, false]);
    }
  }, 60_000);
});
