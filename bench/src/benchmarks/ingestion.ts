import os from 'node:os';
import { startTestStack } from '@switchyard/testkit';
import { Client } from 'pg';
import type { BenchmarkResult } from '../result';
import { cpuMsOf, cpuPerRequest, serviceCpu } from '../workloads/service-cpu';

const BATCH = 500;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Sustained ingestion through `POST /events` on the gateway in batches of 500: each batch has
 * 100 exposures of new users, 300 page views and 100 purchases of users already exposed, so
 * every batch moves the rollups (exposures, per-user values, sufficient statistics). Fresh
 * database; the load generator, gateway, subgraph and PostgreSQL share the machine.
 */
export async function run(
  opts: { durationSeconds?: number; concurrency?: number } = {},
): Promise<BenchmarkResult> {
  const durationSeconds = opts.durationSeconds ?? 20;
  const concurrency = opts.concurrency ?? 6;
  const stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'], logLevel: 'warn' });
  try {
    await stack.gqlOk(
      `mutation { createFlag(input: { key: "bench-flag", name: "Bench", variations: [
        { key: "control", value: false }, { key: "treatment", value: true }] }) { key } }`,
    );
    for (const m of [
      '{ key: "purchase", name: "Purchase", kind: CONVERSION, eventName: "purchase" }',
      '{ key: "revenue", name: "Revenue", kind: MEAN, eventName: "purchase" }',
      '{ key: "page-views", name: "Page views", kind: COUNT, eventName: "page-view" }',
    ]) {
      await stack.gqlOk(`mutation { createMetric(input: ${m}) { key } }`);
    }
    await stack.gqlOk(
      `mutation { createExperiment(input: { key: "bench-exp", name: "Bench", environment: "production",
        flagKey: "bench-flag", primaryMetric: "purchase", secondaryMetrics: ["revenue", "page-views"],
        variants: [{ key: "control", weight: 50 }, { key: "treatment", weight: 50 }] }) { key } }`,
    );
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${await stack.adminToken()}`,
    };

    let batchNo = 0;
    const makeBatch = () => {
      const b = batchNo++;
      const now = new Date().toISOString();
      const events: Record<string, unknown>[] = [];
      for (let i = 0; i < 100; i++) {
        const user = `u-${b}-${i}`;
        events.push({
          eventId: `x-${user}`,
          type: 'EXPOSURE',
          userKey: user,
          experimentKey: 'bench-exp',
          variant: i % 2 ? 'treatment' : 'control',
          timestamp: now,
        });
      }
      // Metric events of users exposed in earlier batches (or this one, for the first).
      const earlier = (i: number) => `u-${Math.max(0, b - 1 - (i % 5))}-${(i * 7) % 100}`;
      for (let i = 0; i < 300; i++) {
        events.push({
          eventId: `v-${b}-${i}`,
          type: 'CUSTOM',
          userKey: earlier(i),
          eventName: 'page-view',
          timestamp: now,
        });
      }
      for (let i = 0; i < 100; i++) {
        events.push({
          eventId: `p-${b}-${i}`,
          type: 'CONVERSION',
          userKey: earlier(i * 3),
          eventName: 'purchase',
          value: 10 + (i % 40),
          timestamp: now,
        });
      }
      return JSON.stringify({ events });
    };
    const post = async (body: string) => {
      const started = performance.now();
      const res = await fetch(`${stack.gatewayUrl}/events`, { method: 'POST', headers, body });
      const payload = (await res.json()) as { accepted?: number; rejected?: number };
      if (res.status !== 200 || payload.rejected)
        throw new Error(`POST /events: ${res.status} ${JSON.stringify(payload).slice(0, 300)}`);
      return { ms: performance.now() - started, accepted: payload.accepted ?? 0 };
    };

    // Warm-up: JIT, pools, the experiment lookup cache.
    for (let i = 0; i < 10; i++) await post(makeBatch());

    // CPU per event: each service, this database's PostgreSQL backends (the server is shared) and the load
    // generator; on a shared machine throughput varies with the neighbours, CPU per event much less so.
    const pg = new Client({ connectionString: stack.db.url });
    await pg.connect();
    const postgresCpu = async () => {
      const { rows } = await pg.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      return rows.reduce((ms, r) => ms + cpuMsOf(r.pid), 0);
    };
    const cpuBefore = serviceCpu(stack);
    cpuBefore.set('postgres', await postgresCpu());
    const generatorBefore = process.cpuUsage();
    const loadBefore = os.loadavg()[0]!;

    const latencies: number[] = [];
    let accepted = 0;
    const started = performance.now();
    const deadline = started + durationSeconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const r = await post(makeBatch());
          latencies.push(r.ms);
          accepted += r.accepted;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = serviceCpu(stack);
    cpuAfter.set('postgres', await postgresCpu());
    const generator = process.cpuUsage(generatorBefore);
    cpuBefore.set('load generator', 0);
    cpuAfter.set('load generator', (generator.user + generator.system) / 1000);
    for (const idle of ['flags', 'experiments']) cpuAfter.delete(idle);
    // Hundredths of a CPU ms per event and less: three digits.
    const cpu = cpuPerRequest(cpuBefore, cpuAfter, accepted, 3);
    const load = `${loadBefore.toFixed(1)}-${os.loadavg()[0]!.toFixed(1)}`;
    await pg.end();

    // The rollups are current when the last response arrives: they were written in its transaction.
    const data = await stack.gqlOk<{
      experiment: { exposures: number; results: { variants: { users: number }[] } };
    }>(
      '{ experiment(key: "bench-exp") { exposures results(metricKey: "page-views") { variants { users } } } }',
    );
    const expectedUsers = batchNo * 100;
    if (data.experiment.exposures !== expectedUsers) {
      throw new Error(
        `rollups not current: ${data.experiment.exposures} exposed users, expected ${expectedUsers}`,
      );
    }
    latencies.sort((a, b) => a - b);
    const row = {
      'batch size': BATCH,
      concurrency,
      seconds: Math.round(seconds),
      'events stored': accepted,
      'events/s': Math.round(accepted / seconds),
      'batch p50 ms': Math.round(percentile(latencies, 50)),
      'batch p99 ms': Math.round(percentile(latencies, 99)),
      'exposed users (rollup)': data.experiment.exposures,
      'CPU ms/event': cpu,
      load,
    };
    return {
      name: 'ingestion',
      current: {
        figure: `${row['events/s']} events/s through POST /events, durable commits (default), batch p99 ${row['batch p99 ms']} ms, CPU ms/event ${cpu}, load ${load}`,
        target: '≥ 20,000 events/s',
        peer: '—',
      },
      rows: [row],
      summary: `${row['events/s']} events/s through POST /events (batches of ${BATCH}, ${concurrency} concurrent), batch p50 ${row['batch p50 ms']} ms, p99 ${row['batch p99 ms']} ms; rollups current (${row['exposed users (rollup)']} exposed users); CPU ms/event ${cpu}; load ${load}. Target: 20,000 events/s.`,
    };
  } finally {
    await stack.stop();
  }
}
