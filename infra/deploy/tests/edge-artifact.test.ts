import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@switchyard/infra';
import { startTestStack, type TestStack } from '@switchyard/testkit';

// The edge relay's image artifact, made by assemble.js as the Dockerfile makes it
// (`--build-arg SERVICE=edge`): production dependencies only, started by its `start` script with
// NODE_ENV=production against a running gateway, probed by the image's health check.
const root = path.join(__dirname, '..', '..', '..');
const assemble = path.join(__dirname, '..', 'docker', 'assemble.js');
const out = mkdtempSync(path.join(os.tmpdir(), 'switchyard-edge-artifact-'));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'switchyard-edge-data-'));

describe('the edge relay image artifact', () => {
  let stack: TestStack;
  let edge: ChildProcess | undefined;
  let port: number;

  beforeAll(async () => {
    const assembled = spawnSync('node', [assemble, 'edge', out], { cwd: root, encoding: 'utf8' });
    if (assembled.status !== 0)
      throw new Error(`assemble.js edge failed:\n${assembled.stdout}${assembled.stderr}`);
    stack = await startTestStack({ subgraphs: ['flags'] });
    port = await freePort();
  }, 300_000);
  afterAll(async () => {
    if (edge && edge.exitCode === null) edge.kill('SIGKILL');
    await stack?.stop();
    rmSync(out, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('holds production dependencies only', () => {
    for (const dev of ['jest', 'typescript', 'tsx', 'nx', 'next', '@swc/core', '@biomejs'])
      expect({ dev, present: existsSync(path.join(out, 'node_modules', dev)) }).toEqual({
        dev,
        present: false,
      });
    expect(existsSync(path.join(out, 'edge', 'dist', 'relay', 'main.js'))).toBe(true);
    expect(existsSync(path.join(out, 'edge', 'src'))).toBe(false);
  });

  it('starts as the image starts it, passes its health check, evaluates and stops on SIGTERM', async () => {
    await stack.gqlOk('mutation { createFlag(input: { key: "edge-image", name: "Edge image" }) { key } }');
    const { flag } = await stack.gqlOk<{ flag: { version: number } }>(
      '{ flag(key: "edge-image") { version } }',
    );
    await stack.gqlOk(
      `mutation { updateTargeting(key: "edge-image", environment: "production", expectedVersion: ${flag.version},
        input: { enabled: true, fallthrough: { variation: "on" } }) { version } }`,
    );
    const serverKey = (await stack.createApiKey('server', { environment: 'production' })).secret;
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      EDGE_PORT: String(port),
      SWITCHYARD_UPSTREAM_URL: stack.gatewayUrl,
      SWITCHYARD_SERVER_KEY: serverKey,
      SWITCHYARD_ENVIRONMENT: 'production',
    };
    edge = spawn(path.join(out, 'start'), ['--data-dir', dataDir], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const healthy = () =>
      spawnSync('node', ['healthcheck.js'], { cwd: out, env, stdio: 'ignore' }).status === 0;
    const deadline = Date.now() + 60_000;
    while (!healthy()) {
      if (edge.exitCode !== null) throw new Error(`the edge exited (${edge.exitCode}) before it was healthy`);
      if (Date.now() > deadline) throw new Error('the edge was not healthy within 60 s');
      await new Promise((r) => setTimeout(r, 300));
    }
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${serverKey}` },
      body: JSON.stringify({
        query:
          '{ evaluate(environment: "production", context: { key: "u-1" }) { key variation ... on BooleanFlagValue { value } } }',
      }),
    });
    const body = (await res.json()) as {
      data: { evaluate: { key: string; variation: string; value: boolean }[] };
    };
    expect(body.data.evaluate.find((v) => v.key === 'edge-image')).toEqual({
      key: 'edge-image',
      variation: 'on',
      value: true,
    });
    const exit = new Promise<number | null>((resolve) => edge!.once('exit', (code) => resolve(code)));
    edge.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 120_000);
});
