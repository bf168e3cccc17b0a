import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@switchyard/infra';
import { createTestDatabase } from '@switchyard/testkit';
import autocannon from 'autocannon';
import type { BenchmarkResult } from '../result';
import { workloadFlags } from '../workloads/flag-set-50';
import { cpuMsOf, cpuPerRequest, serviceCpu } from '../workloads/service-cpu';
import { FLAG_SET, startFlagSetStack } from '../workloads/switchyard-workload';

type Row = Record<string, string | number>;
interface Options {
  durationSeconds?: number;
  connections?: number;
}

/**
 * `flagSet`, the download every server SDK makes on start and after every change, for the shared
 * 50-flag workload, through the gateway as deployed: POST (the SDK today), GET, and GET with a
 * matching If-None-Match (304). Side by side in the same run, unleash-server's
 * `/api/client/features` for the same 50 flags (one flexibleRollout strategy with the same two
 * constraints each), full and 304, when unleash-server is installed: UNLEASH_SERVER_DIR names its
 * package folder (`npm install unleash-server` anywhere outside the repository). The load
 * generator runs on the same machine; CPU per request is the services' own.
 */
export async function run(opts: Options = {}): Promise<BenchmarkResult> {
  const ours = await measureSwitchyard(opts);
  const unleashDir = process.env.UNLEASH_SERVER_DIR;
  const peer = unleashDir && existsSync(unleashDir) ? await measureUnleash(unleashDir, opts) : [];
  const [post, get, notModified] = ours as [Row, Row, Row];
  const peerFull = peer[0];
  const ratio = peerFull
    ? ` (${(Number(get['requests/s']) / Number(peerFull['requests/s'])).toFixed(2)}×)`
    : '';
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  return {
    name: 'flag-set',
    rows: [...ours, ...peer],
    current: {
      figure: `GET ${get['requests/s']} req/s, p99 ${get['p99 ms']} ms${ratio}; 304 ${notModified['requests/s']} req/s; POST ${post['requests/s']} req/s; gateway CPU ms/request ${get['CPU ms/request']}; load ${load}`,
      target: '≥ 2× unleash /api/client/features, p99 < 20 ms',
      peer: peerFull
        ? `unleash-server ${peerFull['requests/s']} req/s, p99 ${peerFull['p99 ms']} ms; 304 ${peer[1]?.['requests/s']} req/s`
        : 'unleash-server not installed (UNLEASH_SERVER_DIR)',
    },
    summary: `flagSet (50 flags): GET ${get['requests/s']} req/s p99 ${get['p99 ms']} ms, 304 ${notModified['requests/s']} req/s, POST ${post['requests/s']} req/s p99 ${post['p99 ms']} ms${peerFull ? `; unleash-server /api/client/features ${peerFull['requests/s']} req/s p99 ${peerFull['p99 ms']} ms, same run` : ''}; load average ${load} (shared 2-core machine)`,
  };
}

async function measureSwitchyard(opts: Options): Promise<Row[]> {
  const { stack, url, authorization } = await startFlagSetStack();
  try {
    const probe = await fetch(url, { headers: { authorization } });
    const text = await probe.text();
    if (probe.headers.get('x-switchyard-evaluated-by') !== 'edge' || !text.includes('"flags"'))
      throw new Error(`expected the edge to answer flagSet, got ${probe.status}`);
    const etag = probe.headers.get('etag')!;
    const post = {
      method: 'POST' as const,
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: FLAG_SET, variables: { environment: 'production' } }),
    };
    const cpu = () => serviceCpu(stack);
    return [
      await load('Switchyard flagSet, POST /graphql', stack.graphqlUrl, post, cpu, opts, `${text.length} B`),
      await load(
        'Switchyard flagSet, GET /graphql',
        url.toString(),
        { headers: { authorization } },
        cpu,
        opts,
        `${text.length} B`,
      ),
      await load(
        'Switchyard flagSet, GET If-None-Match (304)',
        url.toString(),
        { headers: { authorization, 'if-none-match': etag } },
        cpu,
        opts,
        '0 B',
      ),
    ];
  } finally {
    await stack.stop();
  }
}

async function measureUnleash(dir: string, opts: Options): Promise<Row[]> {
  const db = await createTestDatabase('sy_unleash');
  const port = await freePort();
  const admin = '*:*.bench-admin-token';
  const client = '*:development.bench-client-token';
  const server: ChildProcess = spawn(process.execPath, [path.join(dir, 'dist', 'server.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: db.url,
      DATABASE_SSL: 'false',
      HTTP_PORT: String(port),
      LOG_LEVEL: 'error',
      INIT_ADMIN_API_TOKENS: admin,
      // INIT_BACKEND_API_TOKENS is Unleash 7's name, INIT_CLIENT_API_TOKENS its earlier one.
      INIT_BACKEND_API_TOKENS: client,
      INIT_CLIENT_API_TOKENS: client,
      // Its per-minute limits would cap the measurement itself, as ours are raised for it.
      SDK_API_RATE_LIMIT_PER_MINUTE: '100000000',
      TOKEN_AUTHENTICATION_RATE_LIMIT_PER_MINUTE: '100000000',
    },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let attempt = 0; ; attempt++) {
      const up = await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (attempt > 240) throw new Error('unleash-server did not start');
      await new Promise((r) => setTimeout(r, 500));
    }
    const adminCall = async (route: string, body?: unknown) => {
      const res = await fetch(`${base}/api/admin/projects/default/features${route}`, {
        method: 'POST',
        headers: { authorization: admin, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`unleash ${route}: ${res.status} ${await res.text()}`);
    };
    // Unleash refuses constraints on context fields it does not know (6.x knows none of these).
    for (const name of ['country', 'age']) {
      const res = await fetch(`${base}/api/admin/context`, {
        method: 'POST',
        headers: { authorization: admin, 'content-type': 'application/json' },
        body: JSON.stringify({ name, stickiness: false }),
      });
      if (!res.ok && res.status !== 409)
        throw new Error(`unleash context ${name}: ${res.status} ${await res.text()}`);
    }
    for (const flag of workloadFlags()) {
      await adminCall('', { name: flag.key });
      await adminCall(`/${flag.key}/environments/development/strategies`, {
        name: 'flexibleRollout',
        constraints: [
          { contextName: 'country', operator: 'IN', values: flag.countries },
          { contextName: 'age', operator: 'NUM_GTE', value: String(flag.minAge) },
        ],
        parameters: { rollout: String(flag.rolloutPercent), stickiness: 'default', groupId: flag.key },
      });
      await adminCall(`/${flag.key}/environments/development/on`);
    }
    const featuresUrl = `${base}/api/client/features`;
    const probe = await fetch(featuresUrl, { headers: { authorization: client } });
    const text = await probe.text();
    const count = (JSON.parse(text) as { features: unknown[] }).features.length;
    if (count !== 50) throw new Error(`unleash served ${count} features`);
    const etag = probe.headers.get('etag')!;
    const cpu = () => new Map([['unleash', cpuMsOf(server.pid!)]]);
    return [
      await load(
        'unleash-server /api/client/features',
        featuresUrl,
        { headers: { authorization: client } },
        cpu,
        opts,
        `${text.length} B`,
      ),
      await load(
        'unleash-server /api/client/features, If-None-Match (304)',
        featuresUrl,
        { headers: { authorization: client, 'if-none-match': etag } },
        cpu,
        opts,
        '0 B',
      ),
    ];
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await db.drop();
  }
}

async function load(
  what: string,
  url: string,
  request: Pick<autocannon.Options, 'method' | 'headers' | 'body'>,
  cpu: () => Map<string, number>,
  opts: Options,
  size: string,
): Promise<Row> {
  const connections = opts.connections ?? 50;
  // Warm-up: connection pools, caches, JIT.
  await autocannon({ url, ...request, connections: 10, duration: 3 });
  const before = cpu();
  const result = await autocannon({ url, ...request, connections, duration: opts.durationSeconds ?? 15 });
  return {
    path: what,
    body: size,
    connections,
    'requests/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    // A 304 is the answer asked for, not an error.
    errors: result.errors + result['4xx'] + result['5xx'],
    'CPU ms/request': cpuPerRequest(before, cpu(), result.requests.total),
  };
}
