import { readFileSync } from 'node:fs';
import { startTestStack, wsClient } from '@switchyard/testkit';
import type { BenchmarkResult } from '../result';

const CHANGED = 'subscription { configChanged(environment: "production") { seq at } }';
/** Subscriptions share connections, as browsers behind one page would not, to spare the load generator's sockets. */
const PER_CONNECTION = 100;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function metric(gatewayUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').at(-1)) : 0;
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
    // One caller opens every subscription: its rate bucket must not be what is measured.
    env: { RATE_LIMIT_PER_SECOND: '100000', RATE_LIMIT_BURST: '100000', WS_SUBSCRIBE_BURST: '1000' },
  });
  const rows: BenchmarkResult['rows'] = [];
  try {
    const token = await stack.adminToken();
    const url = stack.graphqlUrl.replace(/^http/, 'ws');
    let flagNo = 0;
    for (const size of sizes) {
      const latencies: number[] = [];
      let received = 0;
      let failed: unknown = null;
      const bySeq = new Map<number, number>();
      const clients = Array.from({ length: Math.ceil(size / PER_CONNECTION) }, () => wsClient(url, token));
      const disposers: (() => void)[] = [];
      for (let i = 0; i < size; i++) {
        const client = clients[Math.floor(i / PER_CONNECTION)]!;
        disposers.push(
          client.subscribe<{ configChanged: { seq: number; at: string } }>(
            { query: CHANGED },
            {
              next: (v) => {
                received += 1;
                latencies.push(Date.now() - Date.parse(v.data!.configChanged.at));
                const seq = v.data!.configChanged.seq;
                bySeq.set(seq, (bySeq.get(seq) ?? 0) + 1);
              },
              error: (err) => {
                failed ??= err;
              },
              complete: () => {},
            },
          ),
        );
      }
      // Registration is proven end to end: warm-up changes until one reaches every subscriber
      // (counting open subscriptions is not enough: a subscription counts as open before it
      // has joined its group, and a change committed before it joined is not its to receive).
      const deadline = Date.now() + 60_000;
      for (let registered = false; !registered; ) {
        if (failed) throw new Error(`a subscription failed: ${JSON.stringify(failed)}`);
        if (Date.now() > deadline)
          throw new Error(`the ${size} subscriptions did not all register within 60 s`);
        flagNo += 1;
        const { createFlag } = await stack.gqlOk<{ createFlag: { key: string } }>(
          `mutation { createFlag(input: { key: "prop-${flagNo}", name: "P" }) { key } }`,
        );
        const warmUp = Math.max(
          ...(
            await stack.gqlOk<{ configChanges: { seq: number; resourceKey: string }[] }>(
              '{ configChanges(sinceVersion: 0, first: 1000) { seq resourceKey } }',
            )
          ).configChanges
            .filter((c) => c.resourceKey === createFlag.key)
            .map((c) => c.seq),
        );
        const until = Math.min(deadline, Date.now() + 5000);
        while ((bySeq.get(warmUp) ?? 0) < size && Date.now() < until)
          await new Promise((r) => setTimeout(r, 50));
        registered = (bySeq.get(warmUp) ?? 0) >= size;
      }
      received = 0;
      latencies.length = 0;
      const executionsBefore = await metric(stack.gatewayUrl, 'switchyard_subscription_executions_total');
      const rss = rssMb(stack.services.get('gateway')?.pid);
      for (let c = 0; c < changes; c++) {
        flagNo += 1;
        await stack.gqlOk(`mutation { createFlag(input: { key: "prop-${flagNo}", name: "P" }) { key } }`);
        // Spaced out, so each change's latency is its own and not a queue behind the previous one.
        await new Promise((r) => setTimeout(r, 150));
      }
      const until = Date.now() + 30_000;
      while (received < size * changes && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      if (failed) throw new Error(`a subscription failed: ${JSON.stringify(failed)}`);
      latencies.sort((a, b) => a - b);
      const executions =
        (await metric(stack.gatewayUrl, 'switchyard_subscription_executions_total')) - executionsBefore;
      rows.push({
        subscribers: size,
        changes,
        // One shared resolution per change whatever the number of subscribers (same document and scope).
        'resolutions per change': Math.round((executions / changes) * 100) / 100,
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
    current: {
      figure: rows
        .map(
          (r) =>
            `${r.subscribers} subscribers p99 ${r['p99 ms']} ms, RSS ${r['gateway RSS MB (subscriptions open)']} MB`,
        )
        .join('; '),
      target: 'p99 < 100 ms (1,000) / < 500 ms (10,000), RSS < 500 MB',
      peer: '—',
    },
    summary: rows
      .map(
        (r) =>
          `${r.subscribers} subscribers: p50 ${r['p50 ms']} ms, p99 ${r['p99 ms']} ms, RSS ${r['gateway RSS MB (subscriptions open)']} MB`,
      )
      .join('; '),
  };
}
