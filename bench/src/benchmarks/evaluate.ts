import { startTestStack } from '@switchyard/testkit';
import autocannon from 'autocannon';
import type { BenchmarkResult } from '../result';
import { cpuPerRequest, serviceCpu } from '../workloads/service-cpu';
import { productionServiceEnv } from '../workloads/service-env';
import { switchyardContexts } from '../workloads/flag-set-50';
import { createSwitchyardWorkload } from '../workloads/switchyard-workload';

const QUERY = `query Evaluate($context: JSON!) {
  evaluate(environment: "production", context: $context) {
    key variation reason ruleId inExperiment ... on BooleanFlagValue { value }
  }
}`;

/** Distinct contexts cycled through, so results are not one cached answer. */
const CONTEXTS = 1000;

/**
 * `evaluate` of all 50 flags of the shared workload (one rule with two conditions and a
 * percentage split each) for one context per request, through the gateway, against a
 * fresh database. The load generator runs on the same machine as the services. Measured
 * twice: as deployed (answered by the gateway's evaluation edge) and with the edge turned
 * off (every request planned by the gateway and resolved by the flags subgraph).
 */
export async function run(
  opts: { durationSeconds?: number; connections?: number } = {},
): Promise<BenchmarkResult> {
  const edge = await measure(true, opts);
  const federated = await measure(false, opts);
  return {
    name: 'evaluate',
    rows: [edge, federated],
    current: {
      figure: `${edge['requests/s']} req/s, p99 ${edge['p99 ms']} ms through the evaluation edge; CPU ms/request ${edge['CPU ms/request']}`,
      target: '≥ 2,000 req/s, p99 < 20 ms',
      peer: '—',
    },
    summary: `${edge['requests/s']} req/s, p50 ${edge['p50 ms']} ms, p99 ${edge['p99 ms']} ms, ${edge.errors} errors through the evaluation edge (${federated['requests/s']} req/s, p99 ${federated['p99 ms']} ms federated); target ≥ 2,000 req/s, p99 < 20 ms`,
  };
}

async function measure(edge: boolean, opts: { durationSeconds?: number; connections?: number }) {
  const stack = await startTestStack({
    subgraphs: ['flags'],
    logLevel: 'warn',
    env: { ...productionServiceEnv(), EDGE_EVALUATION: String(edge) },
  });
  try {
    await createSwitchyardWorkload(stack);
    const bodies = switchyardContexts()
      .slice(0, CONTEXTS)
      .map((context) => JSON.stringify({ query: QUERY, variables: { context } }));
    const sample = await stack.gqlOk<{ evaluate: unknown[] }>(QUERY, {
      context: JSON.parse(bodies[0]!).variables.context,
    });
    if (sample.evaluate.length !== 50) throw new Error(`expected 50 values, got ${sample.evaluate.length}`);

    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${await stack.adminToken()}`,
    };
    // The measurement must be of the path it names.
    const probe = await fetch(stack.graphqlUrl, { method: 'POST', headers, body: bodies[0]! });
    if ((probe.headers.get('x-switchyard-evaluated-by') === 'edge') !== edge) {
      throw new Error(`expected the ${edge ? 'edge' : 'federated path'} to answer`);
    }
    let next = 0;
    const request = {
      method: 'POST' as const,
      headers,
      requests: [
        {
          setupRequest: (req: autocannon.Request) => ({ ...req, body: bodies[next++ % bodies.length]! }),
        },
      ],
    };
    const connections = opts.connections ?? 20;
    // Warm-up: query plans cached, compiled flag set built, connection pools filled, JIT warm.
    await autocannon({ url: stack.graphqlUrl, ...request, connections: 10, duration: 5 });
    const cpuBefore = serviceCpu(stack);
    const result = await autocannon({
      url: stack.graphqlUrl,
      ...request,
      connections,
      duration: opts.durationSeconds ?? 20,
    });
    const cpu = cpuPerRequest(cpuBefore, serviceCpu(stack), result.requests.total);
    const errors = result.errors + result.non2xx;
    return {
      query: `evaluate (50 flags, 1 context), ${edge ? 'evaluation edge' : 'federated (edge off)'}`,
      connections,
      'requests/s': Math.round(result.requests.average),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      errors,
      'CPU ms/request': cpu,
    };
  } finally {
    await stack.stop();
  }
}
