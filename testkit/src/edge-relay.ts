import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, repoRoot, ServiceProcess } from '@switchyard/infra';
import type { TestStack } from './test-stack';

export interface TestRelay {
  process: ServiceProcess;
  /** Base URL: `/graphql`, `/events`, `/ofrep/…`, the probes. */
  url: string;
}

/** The V8 flags the relay runs with in production; their one home is edge/bin/node-flags.json. */
export function relayNodeFlags(): string[] {
  const file = path.join(repoRoot, 'edge', 'bin', 'node-flags.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { flags: string[] }).flags;
}

/**
 * A standalone edge relay (`switchyard-edge`, edge/src/relay) as its own process, from the sources as
 * `npm start` runs services, ready when its `/ready` answers. It joins the stack's services, so
 * `stack.stop()` stops it whatever the test did; `args` are the relay's flags (`--upstream`, …).
 */
export async function startTestRelay(
  stack: TestStack,
  name: string,
  opts: {
    environment: string;
    dataDir: string;
    args: string[];
    /**
     * The built relay as deployed (`edge/bin/switchyard-edge.js` over edge/dist, built first by the
     * caller) with its production V8 flags (edge/bin/node-flags.json), instead of the sources
     * through tsx, whose compiler adds tens of MB: what a memory figure must measure.
     */
    built?: boolean;
  },
): Promise<TestRelay> {
  const port = await freePort();
  const entry = opts.built
    ? [...relayNodeFlags(), 'edge/bin/switchyard-edge.js']
    : ['--conditions=development', '--import', 'tsx', 'edge/src/relay/main.ts'];
  const relay = new ServiceProcess(
    {
      name,
      command: process.execPath,
      args: [
        ...entry,
        '--port',
        String(port),
        '--environment',
        opts.environment,
        '--data-dir',
        opts.dataDir,
        '--events-flush-ms',
        '100',
        ...opts.args,
      ],
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn' },
      readyUrl: `http://127.0.0.1:${port}/ready`,
    },
    (service, line) => {
      stack.logs.push(`${service}: ${line}`);
      if (process.env.TEST_SHOW_LOGS) process.stdout.write(`${service}: ${line}\n`);
    },
    () => undefined,
  );
  stack.services.set(name, relay);
  relay.start();
  await relay.waitUntilReady(120_000);
  return { process: relay, url: `http://127.0.0.1:${port}` };
}
