import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, repoRoot } from '@switchyard/infra';

// The console's image, as the Dockerfile builds it (`assemble.js console`: `next build`, then the
// console's production dependencies only, in a clean folder), started as the image starts it.
// In e2e rather than beside the services' artifact test: the build writes admin-web/.next, which
// the browser suites' `next dev` also uses, and e2e's suites run one at a time.
const out = mkdtempSync(path.join(os.tmpdir(), 'switchyard-console-artifact-'));
const dir = path.join(out, 'console');
let child: ChildProcess | null = null;
let port: number;
// The Dockerfile's build argument; Nx's build cache keys on it, so this builds afresh.
const gatewayUrl = `http://gateway-${process.pid}.example.test:8080/graphql`;

const withoutNpmVariables = () =>
  Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|nx_)/i.test(key)));

const healthy = () =>
  spawnSync('node', ['healthcheck.js'], {
    cwd: dir,
    env: { PATH: process.env.PATH, PORT: String(port) },
    stdio: 'ignore',
  }).status === 0;

beforeAll(async () => {
  const assembled = spawnSync(
    'node',
    [path.join(repoRoot, 'infra/deploy/docker/assemble.js'), 'console', dir],
    {
      cwd: repoRoot,
      env: { ...withoutNpmVariables(), NEXT_PUBLIC_GATEWAY_URL: gatewayUrl },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (assembled.status !== 0) throw new Error(`assemble.js console failed (exit ${assembled.status})`);
  port = await freePort();
  // What the image's CMD runs, with the image's environment and nothing from this one.
  child = spawn(path.join(dir, 'start'), [], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (!healthy()) {
    if (child.exitCode !== null)
      throw new Error(`the console exited (${child.exitCode}) before it was healthy`);
    if (Date.now() > deadline) throw new Error('the console was not healthy within 60 s');
    await new Promise((r) => setTimeout(r, 500));
  }
}, 900_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    setTimeout(() => child?.kill('SIGKILL'), 10_000).unref();
    await exited;
  }
  rmSync(out, { recursive: true, force: true });
}, 30_000);

describe("the console's production artifact (what its image holds and runs)", () => {
  it('holds the Next.js build and production dependencies only', () => {
    expect(existsSync(path.join(dir, 'admin-web', '.next', 'BUILD_ID'))).toBe(true);
    // The build cache stays behind; no development tool travels.
    expect(existsSync(path.join(dir, 'admin-web', '.next', 'cache'))).toBe(false);
    for (const dev of [
      'jest',
      'typescript',
      '@biomejs',
      'nx',
      'tsx',
      '@swc/core',
      'playwright-core',
      'cdk8s',
    ])
      expect([dev, existsSync(path.join(dir, 'node_modules', dev))]).toEqual([dev, false]);
    expect(existsSync(path.join(dir, 'node_modules', 'next'))).toBe(true);
    expect(readdirSync(path.join(dir, 'admin-web')).filter((f) => f === 'app')).toEqual([]);
  });

  it('serves the sign-in page with the gateway URL baked in, and its health check passes', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/sign-in`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Sign in');
    expect(res.headers.get('x-powered-by')).toBeNull();
    // next.config.ts's own modules travelled with it: the console's security headers are sent.
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    // It lets the browser reach the gateway the image was built for, though the image's run stage
    // does not set NEXT_PUBLIC_GATEWAY_URL.
    expect(res.headers.get('content-security-policy')).toContain(new URL(gatewayUrl).origin);
    expect(healthy()).toBe(true);
    // The browser code calls the gateway the image was built for.
    const chunks = path.join(dir, 'admin-web', '.next', 'static', 'chunks');
    const baked = spawnSync('grep', ['-rl', gatewayUrl, chunks], { encoding: 'utf8' });
    expect(baked.stdout.trim()).not.toBe('');
  });

  it('reports unhealthy once it is gone', async () => {
    const exited = new Promise((r) => child!.once('exit', r));
    child!.kill('SIGTERM');
    await exited;
    expect(healthy()).toBe(false);
  });
});
