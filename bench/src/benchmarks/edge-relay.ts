import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@switchyard/infra';
import { startTestRelay, startTestStack } from '@switchyard/testkit';
import autocannon from 'autocannon';
import type { BenchmarkResult } from '../result';
import { cpuMsOf } from '../workloads/service-cpu';
import { productionServiceEnv } from '../workloads/service-env';
import { switchyardContexts } from '../workloads/flag-set-50';
import { createSwitchyardWorkload } from '../workloads/switchyard-workload';

const QUERY = `query Evaluate($context: JSON!) {
  evaluate(environment: "production", context: $context) {
    key variation reason ruleId inExperiment ... on BooleanFlagValue { value }
  }
}`;
const CONTEXTS = 1000;

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.split(/\s+/)[1] ?? 0) / 1024);
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

/**
 * The standalone edge (`switchyard-edge`) next to a stack holding the shared 50-flag workload: `evaluate` of all
 * 50 flags for one context per request, and the same through OFREP bulk, load generated on the same machine. CPU
 * ms per request is the relay process's own (user + system), the figure that survives a shared machine; RSS is
 * read after the load. The machine's load average is recorded with each row.
 */
export async function run(
  opts: { durationSeconds?: number; connections?: number } = {},
): Promise<BenchmarkResult> {
  const stack = await startTestStack({ subgraphs: ['flags'], logLevel: 'warn', env: productionServiceEnv() });
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'switchyard-edge-bench-'));
  try {
    await createSwitchyardWorkload(stack);
    const serverKey = (await stack.createApiKey('server', { environment: 'production' })).secret;
    // The relay as deployed: built, with its production V8 flags (see startTestRelay).
    execFileSync('npx', ['nx', 'run', '@switchyard/edge:build', '--outputStyle=static'], {
      cwd: repoRoot,
      stdio: 'ignore',
    });
    const relay = await startTestRelay(stack, 'edge-bench', {
      built: true,
      environment: 'production',
      dataDir,
      args: ['--upstream', stack.gatewayUrl, '--server-key', serverKey, '--log-level', 'warn'],
    });
    const pid = relay.process.pid!;
    const contexts = switchyardContexts().slice(0, CONTEXTS);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${serverKey}` };
    const graphqlBodies = contexts.map((context) => JSON.stringify({ query: QUERY, variables: { context } }));
    const ofrepBodies = contexts.map(({ key, ...rest }) =>
      JSON.stringify({ context: { targetingKey: key, ...rest } }),
    );
    const sample = (await (
      await fetch(`${relay.url}/graphql`, { method: 'POST', headers, body: graphqlBodies[0]! })
    ).json()) as { data?: { evaluate: unknown[] } };
    if (sample.data?.evaluate.length !== 50) throw new Error('expected 50 values from the edge');

    const measure = async (what: string, url: string, bodies: string[]) => {
      let next = 0;
      const request = {
        url,
        method: 'POST' as const,
        headers,
        requests: [
          { setupRequest: (req: autocannon.Request) => ({ ...req, body: bodies[next++ % bodies.length]! }) },
        ],
      };
      await autocannon({ ...request, connections: 10, duration: 3 });
      const cpuBefore = cpuMsOf(pid);
      const load = loadAverage();
      const connections = opts.connections ?? 20;
      const result = await autocannon({ ...request, connections, duration: opts.durationSeconds ?? 15 });
      const cpu = (cpuMsOf(pid) - cpuBefore) / Math.max(1, result.requests.total);
      return {
        query: what,
        connections,
        'requests/s': Math.round(result.requests.average),
        'p50 ms': result.latency.p50,
        // autocannon reports p90 and p97.5, not p95.
        'p90 ms': result.latency.p90,
        'p97.5 ms': result.latency.p97_5,
        'p99 ms': result.latency.p99,
        errors: result.errors + result.non2xx,
        'edge CPU ms/request': cpu.toFixed(3),
        'req/s per edge CPU core': Math.round(1000 / Math.max(cpu, 0.001)),
        'edge RSS MB': rssMb(pid),
        'load average (1/5/15 min)': load,
      };
    };
    const evaluate = await measure(
      'edge evaluate (50 flags, 1 context)',
      `${relay.url}/graphql`,
      graphqlBodies,
    );
    const ofrep = await measure(
      'edge OFREP bulk (50 flags, 1 context)',
      `${relay.url}/ofrep/v1/evaluate/flags`,
      ofrepBodies,
    );
    return {
      name: 'edge-relay',
      rows: [evaluate, ofrep],
      current: {
        figure: `evaluate ${evaluate['req/s per edge CPU core']} req/s per edge core (${evaluate['edge CPU ms/request']} CPU ms/request), p99 ${evaluate['p99 ms']} ms, RSS ${evaluate['edge RSS MB']} MB; OFREP bulk ${ofrep['req/s per edge CPU core']} req/s per core`,
        target:
          '≥ 7,000 req/s on one core, p95 < 7.4 ms (p90/p97.5 here); OFREP bulk within 10 %; RSS < 120 MB',
        peer: 'Unleash Edge: 7,000 req/s on one CPU, p95 7.4 ms (published)',
      },
      summary: `standalone edge, evaluate: ${evaluate['requests/s']} req/s measured (load generator on the same 2-core machine), ${evaluate['edge CPU ms/request']} edge CPU ms/request (≈ ${evaluate['req/s per edge CPU core']} req/s per core), p50 ${evaluate['p50 ms']} ms, p90 ${evaluate['p90 ms']} ms, p97.5 ${evaluate['p97.5 ms']} ms, p99 ${evaluate['p99 ms']} ms, RSS ${evaluate['edge RSS MB']} MB; OFREP bulk: ${ofrep['requests/s']} req/s, ${ofrep['edge CPU ms/request']} CPU ms/request, p99 ${ofrep['p99 ms']} ms; load average ${evaluate['load average (1/5/15 min)']}`,
    };
  } finally {
    await stack.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
