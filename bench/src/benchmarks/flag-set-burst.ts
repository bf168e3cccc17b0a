import http from 'node:http';
import os from 'node:os';
import { readFileSync } from 'node:fs';
import type { TestStack } from '@switchyard/testkit';
import autocannon from 'autocannon';
import type { BenchmarkResult } from '../result';
import { startFlagSetStack } from '../workloads/switchyard-workload';

const SDKS = 2000;

type Row = Record<string, string | number>;

/** Resident memory of a process in MB (VmRSS), 0 once it is gone. */
function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Math.round(Number(kb ?? 0) / 1024);
  } catch {
    return 0;
  }
}

/** Samples each service's RSS every 100 ms until stopped; answers the peaks. */
function watchMemory(stack: Pick<TestStack, 'services'>) {
  const peaks = new Map<string, number>();
  const sample = () => {
    for (const [name, service] of stack.services) {
      if (service.pid) peaks.set(name, Math.max(peaks.get(name) ?? 0, rssMb(service.pid)));
    }
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}

const describePeaks = (peaks: Map<string, number>) =>
  [...peaks]
    .filter(([name]) => name === 'gateway' || name === 'flags')
    .map(([name, mb]) => `${name} ${mb} MB`)
    .join(', ');

/** One SDK's re-download: GET flagSet with the ETag it held; resolves with its status, version and time. */
function download(agent: http.Agent, url: URL, authorization: string, etag: string, t0: number) {
  return new Promise<{ status: number; version: number | null; ms: number }>((resolve, reject) => {
    const req = http.get(url, { agent, headers: { authorization, 'if-none-match': etag } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const version =
          res.statusCode === 200
            ? ((JSON.parse(text) as { data?: { flagSet?: { version: number } } }).data?.flagSet?.version ??
              null)
            : null;
        resolve({ status: res.statusCode ?? 0, version, ms: performance.now() - t0 });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** As an SDK does: a connection refused or reset while thousands open at once is tried again (counted). */
async function downloadWithRetry(
  agent: http.Agent,
  url: URL,
  authorization: string,
  etag: string,
  t0: number,
  retries: { count: number },
) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await download(agent, url, authorization, etag, t0);
    } catch (err) {
      if (attempt >= 5) throw err;
      retries.count++;
    }
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/**
 * After one change, every server SDK re-downloads `flagSet` at once (issue 15: 2,000 SDKs served
 * within 2 s). The 50-flag workload in `production` through the gateway as deployed; each SDK holds
 * the previous version's ETag and its own connection, as separate processes would. The change is a
 * new flag; the burst starts when `configChanged` reaches a subscriber with a server key, as an SDK
 * reacts. Then the memory of the gateway and the flags subgraph: peaks (RSS, sampled every 100 ms)
 * over the burst and over 15 s of GET flagSet at 50 connections.
 */
export async function run(): Promise<BenchmarkResult> {
  const { stack, url, authorization, secret } = await startFlagSetStack();
  try {
    const probe = await fetch(url, { headers: { authorization } });
    const before = (await probe.json()) as { data: { flagSet: { version: number } } };
    const etag = probe.headers.get('etag')!;
    const idle = watchMemory(stack).stop();

    // Each SDK its own connection, opened when it reacts to the change (as separate processes would).
    const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
    const retries = { count: 0 };
    const changes = await stack.subscribe(
      // From the version held, as the SDK resumes: a change made before the subscription is live is replayed.
      'subscription($v: Int) { configChanged(environment: "production", sinceVersion: $v) { seq } }',
      { v: before.data.flagSet.version },
      { token: secret },
    );
    const memory = watchMemory(stack);
    await stack.gqlOk(
      'mutation { createFlag(input: { key: "burst-change", name: "Burst change" }) { key } }',
    );
    await changes.waitFor(1, 60_000);
    const t0 = performance.now();
    const answers = await Promise.all(
      Array.from({ length: SDKS }, () => downloadWithRetry(agent, url, authorization, etag, t0, retries)),
    );
    const burstMs = Math.round(performance.now() - t0);
    const burstPeaks = memory.stop();
    await changes.close();
    agent.destroy();
    const fresh = answers.filter(
      (a) => a.status === 200 && a.version !== null && a.version > before.data.flagSet.version,
    );
    const times = answers.map((a) => a.ms).sort((a, b) => a - b);

    const loadMemory = watchMemory(stack);
    const sustained = await autocannon({
      url: url.toString(),
      headers: { authorization },
      connections: 50,
      duration: 15,
    });
    const loadPeaks = loadMemory.stop();

    const load = os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
    const rows: Row[] = [
      {
        what: `${SDKS} SDKs re-download flagSet after one change (GET, old ETag)`,
        'all served in ms': burstMs,
        'p50 ms': Math.round(percentile(times, 50)),
        'p99 ms': Math.round(percentile(times, 99)),
        'new version': `${fresh.length} / ${SDKS} (${retries.count} connections retried)`,
        'peak RSS': describePeaks(burstPeaks),
      },
      {
        what: 'GET flagSet, 50 connections, 15 s',
        'all served in ms': '',
        'p50 ms': sustained.latency.p50,
        'p99 ms': sustained.latency.p99,
        'new version': `${Math.round(sustained.requests.average)} req/s`,
        'peak RSS': describePeaks(loadPeaks),
      },
      {
        what: 'idle, after the workload was written',
        'all served in ms': '',
        'p50 ms': '',
        'p99 ms': '',
        'new version': '',
        'peak RSS': describePeaks(idle),
      },
    ];
    return {
      name: 'flag-set-burst',
      rows,
      current: {
        figure: `${SDKS} re-downloads after a change all served in ${burstMs} ms (p99 ${rows[0]!['p99 ms']} ms, ${fresh.length} fresh); peak RSS under load ${describePeaks(loadPeaks)}; load ${load}`,
        target: `${SDKS} SDKs served within 2 s; memory below today's 510–740 MB peak`,
        peer: 'unleash-server: 180–360 MB for the whole server (issue 15)',
      },
      summary: `${SDKS} SDKs re-downloading flagSet after one change: all served in ${burstMs} ms, p99 ${rows[0]!['p99 ms']} ms, ${fresh.length}/${SDKS} with the new version (${retries.count} connections retried after a reset); peak RSS during the burst ${describePeaks(burstPeaks)}, under 15 s of GET flagSet at 50 connections ${describePeaks(loadPeaks)} (${Math.round(sustained.requests.average)} req/s); idle ${describePeaks(idle)}. Load generator on the same machine; load average ${load} (shared 2-core machine, several sessions running).`,
    };
  } finally {
    await stack.stop();
  }
}
