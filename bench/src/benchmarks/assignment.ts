import { startTestStack } from '@switchyard/testkit';
import autocannon from 'autocannon';
import type { BenchmarkResult } from '../result';
import { openLoop } from '../workloads/open-loop';
import { cpuPerRequest, serviceCpu } from '../workloads/service-cpu';
import { productionServiceEnv } from '../workloads/service-env';

const QUERY = `query Assign($context: JSON!) {
  assignment(experimentKey: "bench-experiment", context: $context) { variant configuration reason }
}`;

/** Users assigned during warm-up; the measured run sends every other request for one of them. */
const RETURNING_USERS = 5000;
const PLANS = ['free', 'pro', 'team'];
/** The issue's target rate, offered whatever the answers' pace. */
const TARGET_RATE = 1500;

const body = (key: string, i: number) =>
  JSON.stringify({ query: QUERY, variables: { context: { key, plan: PLANS[i % 3], country: 'DE' } } });

/**
 * `assignment` through the gateway for a running experiment with an audience condition, 90 % traffic and
 * three variants: half the requests are first assignments (an INSERT and an exposure on the bus, stored
 * by analytics), half are returning users (STICKY). Two runs: the capacity of a closed loop, then latency
 * at the target rate offered. Fresh database; the load generator shares the machine with the services
 * (and, on a shared machine, with whatever else runs).
 */
export async function run(
  opts: { durationSeconds?: number; connections?: number } = {},
): Promise<BenchmarkResult> {
  const stack = await startTestStack({
    subgraphs: ['flags', 'experiments', 'analytics'],
    logLevel: 'warn',
    env: productionServiceEnv(),
  });
  try {
    await stack.gqlOk(
      'mutation { createMetric(input: { key: "purchase", name: "Purchase", kind: CONVERSION, eventName: "purchase" }) { key } }',
    );
    await stack.gqlOk(
      `mutation { createFlag(input: { key: "bench-flag", name: "Bench", type: STRING, variations: [
        { key: "a", value: "a" }, { key: "b", value: "b" }, { key: "c", value: "c" }] }) { key } }`,
    );
    await stack.gqlOk(
      `mutation { createExperiment(input: { key: "bench-experiment", name: "Bench", environment: "production",
        flagKey: "bench-flag", trafficAllocation: 90, primaryMetric: "purchase",
        variants: [{ key: "a", weight: 34, configuration: { size: 1 } }, { key: "b", weight: 33 }, { key: "c", weight: 33 }],
        audience: { conditions: [{ attribute: "country", operator: "in", values: ["DE", "FR"] }] } }) { key } }`,
    );
    await stack.gqlOk('mutation { startExperiment(key: "bench-experiment") { status } }');

    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${await stack.adminToken()}`,
    };
    const returning = Array.from({ length: RETURNING_USERS }, (_, i) => body(`returning-${i}`, i));
    let fresh = 0;
    let turn = 0;
    // Alternate: a new user (first assignment), then a returning one (sticky).
    const nextBody = () => {
      turn++;
      return turn % 2 === 0
        ? returning[turn % RETURNING_USERS]!
        : body(`new-${fresh++}-${Date.now()}`, fresh);
    };
    // Warm-up: every returning user gets a stored assignment; query plans, pools and JIT warm up.
    let warm = 0;
    await autocannon({
      url: stack.graphqlUrl,
      method: 'POST',
      headers,
      connections: 10,
      amount: RETURNING_USERS,
      requests: [
        {
          setupRequest: (req: autocannon.Request) => ({ ...req, body: returning[warm++ % RETURNING_USERS]! }),
        },
      ],
    });
    // Capacity: a closed loop of `connections` callers, each sending its next request on the answer.
    const connections = opts.connections ?? 20;
    const durationSeconds = opts.durationSeconds ?? 20;
    const cpuBefore = serviceCpu(stack);
    const saturated = await autocannon({
      url: stack.graphqlUrl,
      method: 'POST',
      headers,
      requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: nextBody() }) }],
      connections,
      duration: durationSeconds,
    });
    const cpu = cpuPerRequest(cpuBefore, serviceCpu(stack), saturated.requests.total);
    const freshAfterSaturation = fresh;
    // The target: latency while 1,500 requests arrive every second, whether or not earlier ones were answered.
    const atRate = await openLoop({
      url: stack.graphqlUrl,
      headers,
      body: nextBody,
      rate: TARGET_RATE,
      durationSeconds,
    });
    const sample = await stack.gqlOk<{ assignment: { reason: string } }>(QUERY, {
      context: { key: 'returning-1', plan: 'pro', country: 'DE' },
    });
    if (sample.assignment.reason !== 'STICKY' && sample.assignment.reason !== 'NOT_IN_TRAFFIC') {
      throw new Error(`returning user answered ${sample.assignment.reason}`);
    }
    const query = 'assignment (50 % new users, 50 % returning)';
    const capacity = {
      query,
      load: `closed loop, ${connections} connections`,
      'requests/s': Math.round(saturated.requests.average),
      'p50 ms': saturated.latency.p50,
      'p99 ms': saturated.latency.p99,
      errors: saturated.errors + saturated.non2xx,
      'CPU ms/request': cpu,
      'new users': freshAfterSaturation,
    };
    const target = {
      query,
      load: `open loop, ${TARGET_RATE} req/s offered`,
      'requests/s': atRate.answeredPerSecond,
      'p50 ms': atRate.p50,
      'p99 ms': atRate.p99,
      errors: atRate.errors,
      'CPU ms/request': '',
      'new users': fresh - freshAfterSaturation,
    };
    return {
      name: 'assignment',
      rows: [capacity, target],
      current: {
        figure: `${capacity['requests/s']} req/s, p99 ${capacity['p99 ms']} ms (${connections} connections); ${TARGET_RATE} req/s offered: p99 ${target['p99 ms']} ms`,
        target: '≥ 1,500 req/s, p99 < 25 ms',
        peer: '—',
      },
      summary:
        `capacity ${capacity['requests/s']} req/s (p50 ${capacity['p50 ms']} ms, p99 ${capacity['p99 ms']} ms, ${connections} connections); ` +
        `${TARGET_RATE} req/s offered: ${target['requests/s']} req/s answered, p50 ${target['p50 ms']} ms, p99 ${target['p99 ms']} ms (max ${atRate.max} ms); ` +
        `${capacity.errors + target.errors} errors, ${fresh} first assignments (target ≥ 1,500 req/s, p99 < 25 ms)`,
    };
  } finally {
    await stack.stop();
  }
}
