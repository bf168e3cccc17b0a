import { startTestStack } from '@switchyard/testkit';
import autocannon from 'autocannon';
import type { BenchmarkResult } from '../result';
import { productionServiceEnv } from '../workloads/service-env';

const QUERY = '{ flag(key: "new-checkout") { key experiments { key exposures } } }';

/**
 * Throughput and latency of the skeleton's federated query (flags → experiments →
 * analytics) through the gateway, against a fresh database with the demo data.
 * The load generator runs on the same machine, so it competes for the same cores.
 */
export async function run(
  opts: { durationSeconds?: number; connections?: number } = {},
): Promise<BenchmarkResult> {
  // Signed in as the admin; the rate limit is lifted so it measures the graph, not the limiter.
  const stack = await startTestStack({
    seedDemo: true,
    logLevel: 'warn',
    env: productionServiceEnv(),
  });
  try {
    const body = JSON.stringify({ query: QUERY });
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${await stack.adminToken()}`,
    };
    const request = { method: 'POST' as const, headers, body };
    // Warm-up: query plans cached, connection pools filled, JIT warm.
    await autocannon({ url: stack.graphqlUrl, ...request, connections: 10, duration: 3 });
    const result = await autocannon({
      url: stack.graphqlUrl,
      ...request,
      connections: opts.connections ?? 20,
      duration: opts.durationSeconds ?? 15,
    });
    const errors = result.errors + result.non2xx;
    const row = {
      query: 'flag → experiments → exposures',
      connections: opts.connections ?? 20,
      'requests/s': Math.round(result.requests.average),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      errors,
    };
    return {
      name: 'federated-query',
      rows: [row],
      current: {
        figure: `${row['requests/s']} req/s, p99 ${row['p99 ms']} ms (flag → experiments → exposures)`,
        target: '—',
        peer: '—',
      },
      summary: `${row['requests/s']} req/s, p50 ${row['p50 ms']} ms, p99 ${row['p99 ms']} ms, ${errors} errors (${row.connections} connections)`,
    };
  } finally {
    await stack.stop();
  }
}
