import { builtServiceArgs, freePort, repoRoot, ServiceProcess } from '@switchyard/infra';
import type { TestStack } from './test-stack';

export interface TestRelay {
  process: ServiceProcess;
  /** Base URL: `/graphql`, `/events`, `/ofrep/…`, the probes. */
  url: string;
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
     * The built relay as its image starts it (edge/dist, built first by the caller, with the start
     * command of infra/deploy/docker/services.json), instead of the sources through tsx, whose
     * compiler adds tens of MB: what a memory figure must measure.
     */
    built?: boolean;
  },
): Promise<TestRelay> {
  const port = await freePort();
  const entry = opts.built
    ? builtServiceArgs('edge')
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
