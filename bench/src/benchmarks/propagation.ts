import { readFileSync } from 'node:fs';
import { startTestStack, wsClient } from '@switchyard/testkit';
import type { BenchmarkResult } from '../result';

const CHANGED = 'subscription { configChanged(environment: "production") { seq at } }';
/** Subscriptions share connections, as browsers behind one page would not, to spare the load generator's sockets. */
const PER_CONNECTION = 100;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function rssMb(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
}

/**
 * Time from a change's commit (its outbox timestamp) to its receipt by every subscriber of
 * `configChanged`, through the bus (Postgres LISTEN/NOTIFY, no Redis) and the gateway's
 * shared execution, and the gateway's resident memory with that many subscriptions open.
 * Subscribers, gateway, subgraph and database share the same machine.
 */
export async function run(opts: { subscribers?: number[]; changes?: number } = {}): Promise<BenchmarkResult> {
  const sizes = opts.subscribers ?? [1000, 10_000];
  const changes = opts.changes ?? 30;
  const stack = await startTestStack({
    subgraphs: ['flags'],
    logLevel: 'warn',
    env: { RATE_LIMIT_PER_SECOND: '100000', RATE_LIMIT_BURST: '100000' },
  });
  const rows: BenchmarkResult['rows'] = [];
  try {
    const token = await stack.adminToken();
    const url = stack.graphqlUrl.replace(/^http/, 'ws');
    let flagNo = 0;
    for (const size of sizes) {
      const latencies: number[] = [];
      let received = 0;
      const clients = Array.from({ length: Math.ceil(size / PER_CONNECTION) }, () => wsClient(url, token));
      const disposers: (() => void)[] = [];
      for (let i = 0; i < size; i++) {
        const client = clients[Math.floor(i / PER_CONNECTION)]!;
        disposers.push(
          client.subscribe<{ configChanged: { at: string } }>(
            { query: CHANGED },
            {
              next: (v) => {
                received += 1;
                latencies.push(Date.now() - Date.parse(v.data!.configChanged.at));
              },
              error: () => {},
              complete: () => {},
            },
          ),
        );
      }
      // Let every subscription register before measuring.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const text = await (await fetch(`${stack.gatewayUrl}/metrics`)).text();
        const open = Number(
          text.match(/switchyard_subscriptions_open\{field="configChanged"[^}]*\} (\d+)/)?.[1] ?? 0,
        );
        if (open >= size || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const rss = rssMb(stack.services.get('gateway')?.pid);
      for (let c = 0; c < changes; c++) {
        flagNo += 1;
        await stack.gqlOk(`mutation { createFlag(input: { key: "prop-${flagNo}", name: "P" }) { key } }`);
        // Spaced out, so each change's latency is its own and not a queue behind the previous one.
        await new Promise((r) => setTimeout(r, 150));
      }
      const until = Date.now() + 30_000;
      while (received < size * changes && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      latencies.sort((a, b) => a - b);
      rows.push({
        subscribers: size,
        changes,
        'delivered %': Math.round((received / (size * changes)) * 1000) / 10,
        'p50 ms': percentile(latencies, 50),
        'p99 ms': percentile(latencies, 99),
        'max ms': latencies.at(-1) ?? Number.NaN,
        'gateway RSS MB (subscriptions open)': rss,
      });
      for (const d of disposers) d();
      await Promise.all(clients.map((c) => c.dispose()));
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    await stack.stop();
  }
  return {
    name: 'propagation',
    rows,
    summary: rows
      .map(
        (r) =>
          `${r.subscribers} subscribers: p50 ${r['p50 ms']} ms, p99 ${r['p99 ms']} ms, RSS ${r['gateway RSS MB (subscriptions open)']} MB`,
      )
      .join('; '),
  };
}
