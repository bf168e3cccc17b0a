import os from 'node:os';
import { type CompiledFlagSet, compileFlagSet, type FlagSet } from '@switchyard/core';
import { startTestStack, type TestStack, wsClient } from '@switchyard/testkit';
import { Client } from 'pg';
import type { BenchmarkResult } from '../result';
import { cpuMsOf, serviceCpu } from '../workloads/service-cpu';

const ENV = 'production';
const USERS = 200;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Runs `work` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/**
 * What a server SDK does, without the SDK: follows `configChanged` over a WebSocket and re-downloads
 * the flag set (GET with If-None-Match) after each change, evaluating locally from the compiled set.
 */
async function followFlagSet(stack: TestStack, key: string) {
  let compiled: CompiledFlagSet | null = null;
  let etag: string | null = null;
  let waiters: (() => void)[] = [];
  const query = `{ flagSet(environment: "${ENV}") { environment version flags segments } }`;
  const download = async () => {
    const res = await fetch(`${stack.graphqlUrl}?query=${encodeURIComponent(query)}`, {
      headers: { authorization: `Bearer ${key}`, ...(etag ? { 'if-none-match': etag } : {}) },
    });
    if (res.status === 304) return;
    const body = (await res.json()) as { data: { flagSet: FlagSet } };
    etag = res.headers.get('etag');
    compiled = compileFlagSet(body.data.flagSet);
    for (const w of waiters) w();
    waiters = [];
  };
  await download();
  const ws = wsClient(stack.graphqlUrl.replace(/^http/, 'ws'), key);
  let downloading = Promise.resolve();
  ws.subscribe(
    { query: `subscription { configChanged(environment: "${ENV}") { seq } }` },
    {
      next: () => {
        downloading = downloading.then(download).catch(() => undefined);
      },
      error: () => {},
      complete: () => {},
    },
  );
  return {
    variation: (flagKey: string, userKey: string) =>
      (compiled as CompiledFlagSet | null)?.evaluate(flagKey, { key: userKey }).variation ?? null,
    /** Resolves at the next flag set downloaded. */
    changed: () => new Promise<void>((resolve) => waiters.push(resolve)),
    close: () => ws.dispose(),
  };
}

/**
 * From the events that breach a guard being accepted (`POST /events` answered) to a subscribed SDK
 * serving the rolled-back value, with `plans` release plans active and guarded by the same error-rate
 * metric, at the executor's default settings (tick 1 s, guards read every 60 s unless their data
 * arrives, wakes at most once a second). Then the watcher's cost while nothing happens: CPU of the
 * flags and analytics services and PostgreSQL transactions, per plan per minute.
 */
export async function run(
  opts: { plans?: number; trials?: number; idleMs?: number } = {},
): Promise<BenchmarkResult> {
  const plans = opts.plans ?? 1000;
  const trials = opts.trials ?? 20;
  const idleMs = opts.idleMs ?? 60_000;
  const stack = await startTestStack({
    subgraphs: ['flags', 'analytics'],
    logLevel: 'warn',
    env: { RATE_LIMIT_PER_SECOND: '100000', RATE_LIMIT_BURST: '100000' },
  });
  const pg = new Client({ connectionString: stack.db.url });
  await pg.connect();
  try {
    await stack.gqlOk(
      'mutation { createMetric(input: { key: "errors", name: "Error rate", kind: MEAN, eventName: "request-error", higherIsBetter: false }) { key } }',
    );
    const serverKey = (await stack.createApiKey('server', { environment: ENV, production: true })).secret;
    const started = Date.now();
    await pool(
      Array.from({ length: plans }, (_, i) => i),
      6,
      async (i) => {
        const key = `guarded-${i}`;
        const { createFlag } = await stack.gqlOk<{ createFlag: { version: number } }>(
          `mutation { createFlag(input: { key: "${key}", name: "${key}" }) { version } }`,
        );
        await stack.gqlOk(
          `mutation { updateTargeting(key: "${key}", environment: "${ENV}", expectedVersion: ${createFlag.version},
            input: { enabled: true, fallthrough: { variation: "off" } }) { version } }`,
        );
        await stack.gqlOk(
          `mutation { createReleasePlan(input: { flagKey: "${key}", environment: "${ENV}", variation: "on",
            stages: [{ percent: 50, minDurationMinutes: 60 }, { percent: 100, minDurationMinutes: 60 }],
            guards: [{ metric: "errors", kind: ABSOLUTE, threshold: 0.05, minSample: 20 }] }) { id } }`,
        );
      },
    );
    const setupSeconds = Math.round((Date.now() - started) / 1000);

    // The watcher alone: every plan's guards are read on their 60 s interval, nothing else happens.
    const transactions = async () =>
      Number(
        (
          await pg.query<{ n: string }>(
            'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()',
          )
        ).rows[0]!.n,
      );
    // Per backend: a backend that ends within the window takes its share with it (an undercount), one
    // that starts within it counts from its start.
    const postgresCpu = async () => {
      const { rows } = await pg.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      return new Map(rows.map((r) => [r.pid, cpuMsOf(r.pid)]));
    };
    const cpuBefore = serviceCpu(stack);
    const pgBefore = await postgresCpu();
    const txBefore = await transactions();
    const loadBefore = os.loadavg()[0]!;
    await new Promise((r) => setTimeout(r, idleMs));
    const cpuAfter = serviceCpu(stack);
    const pgAfter = [...(await postgresCpu())].reduce(
      (ms, [pid, cpu]) => ms + cpu - (pgBefore.get(pid) ?? 0),
      0,
    );
    const txAfter = await transactions();
    const perPlanMinute = (v: number) => (v / plans / (idleMs / 60_000)).toFixed(3);
    const flagsCpu = perPlanMinute((cpuAfter.get('flags') ?? 0) - (cpuBefore.get('flags') ?? 0));
    const analyticsCpu = perPlanMinute((cpuAfter.get('analytics') ?? 0) - (cpuBefore.get('analytics') ?? 0));
    const postgres = perPlanMinute(pgAfter);
    const tx = perPlanMinute(txAfter - txBefore - 2);

    // Breaches, one plan at a time, each on its own flag among the `plans` watched.
    const sdk = await followFlagSet(stack, serverKey);
    const latencies: number[] = [];
    const generatorBefore = process.cpuUsage();
    for (let t = 0; t < trials; t++) {
      const flagKey = `guarded-${t}`;
      const users = Array.from({ length: USERS }, (_, i) => `trial-${t}-user-${i}`);
      const events = users.map((userKey, i) => {
        const variation = sdk.variation(flagKey, userKey) ?? 'off';
        return {
          eventId: `breach-${t}-${i}`,
          type: 'CUSTOM',
          userKey,
          eventName: 'request-error',
          // The released code path fails every request.
          value: variation === 'on' ? 1 : 0,
          properties: { environment: ENV, flags: { [flagKey]: variation } },
        };
      });
      const res = await fetch(`${stack.gatewayUrl}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${serverKey}` },
        body: JSON.stringify({ events }),
      });
      const accepted = performance.now();
      if (res.status !== 200) throw new Error(`POST /events answered ${res.status}: ${await res.text()}`);
      const deadline = Date.now() + 60_000;
      while (!users.every((u) => sdk.variation(flagKey, u) === 'off')) {
        if (Date.now() > deadline) throw new Error(`${flagKey} was not rolled back within 60 s`);
        await Promise.race([sdk.changed(), new Promise((r) => setTimeout(r, 1000))]);
      }
      latencies.push(Math.round(performance.now() - accepted));
      // Apart, so each rollback is timed on its own and not behind the previous one's wake.
      await new Promise((r) => setTimeout(r, 1500));
    }
    const generator = process.cpuUsage(generatorBefore);
    await sdk.close();
    latencies.sort((a, b) => a - b);
    const load = `${loadBefore.toFixed(1)}–${os.loadavg()[0]!.toFixed(1)}`;
    const row = {
      'active plans': plans,
      trials,
      'p50 ms': percentile(latencies, 50),
      'p99 ms': percentile(latencies, 99),
      'max ms': latencies.at(-1) ?? Number.NaN,
      'watcher CPU ms per plan per minute (flags / analytics / PostgreSQL)': `${flagsCpu} / ${analyticsCpu} / ${postgres}`,
      'PostgreSQL transactions per plan per minute': tx,
      'load generator CPU ms per trial': Math.round((generator.user + generator.system) / 1000 / trials),
      'machine load (1 min)': load,
      'setup s': setupSeconds,
    };
    return {
      name: 'release-guard',
      rows: [row],
      current: {
        figure: `p99 ${row['p99 ms']} ms with ${plans} plans; watcher ${flagsCpu} + ${analyticsCpu} + ${postgres} CPU ms, ${tx} transactions per plan per minute`,
        target: 'p99 < 2,000 ms with 1,000 plans',
        peer: '—',
      },
      summary: `Guard breach to rolled-back value at a subscribed SDK, ${plans} active plans, ${trials} trials: p50 ${row['p50 ms']} ms, p99 ${row['p99 ms']} ms. Watching costs per plan per minute ${flagsCpu} CPU ms in flags, ${analyticsCpu} in analytics, ${postgres} in PostgreSQL, ${tx} transactions. Load ${load}.`,
    };
  } finally {
    await pg.end();
    await stack.stop();
  }
}
