import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { startTestStack, type TestStack } from '@switchyard/testkit';
import { Client } from 'pg';

// Shared by the results benchmarks: 10 million raw events bulk-loaded and rolled up once, then
// results queries measured through the gateway.

/** One POST without fetch's 300-second header timeout: the rebuild of 10 million events takes a while. */
export function post(url: string, token: string, query: string, variables: Record<string, unknown> = {}) {
  return new Promise<{ data?: unknown; errors?: unknown[] }>((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    req.setTimeout(0);
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve(JSON.parse(body)));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ query, variables }));
  });
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** What each user contributes: CSV lines in `columns` order, from a seeded random source. */
export type UserEvents = (i: number, random: () => number, iso: (t: number) => string) => string;

/** Streams every user's CSV lines into `\copy analytics.events (columns)`. */
async function copyEvents(
  databaseUrl: string,
  columns: string,
  users: number,
  seed: number,
  lines: UserEvents,
) {
  const psql = spawn(
    'psql',
    [
      databaseUrl,
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      `\\copy analytics.events (${columns}) FROM STDIN WITH (FORMAT csv)`,
    ],
    { stdio: ['pipe', 'inherit', 'inherit'] },
  );
  const exited = once(psql, 'exit');
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const iso = (t: number) => new Date(t).toISOString();
  let chunk = '';
  for (let i = 0; i < users; i++) {
    chunk += lines(i, random, iso);
    if (chunk.length > 1 << 20) {
      if (!psql.stdin.write(chunk)) await once(psql.stdin, 'drain');
      chunk = '';
    }
  }
  psql.stdin.end(chunk);
  const [code] = await exited;
  if (code !== 0) throw new Error(`psql \\copy exited with ${code}`);
}

/**
 * Bulk load (indexes dropped, COPY, indexes rebuilt once rather than maintained row by row), then
 * the experiment's rollups rebuilt by the real `recomputeRollups`.
 */
export async function bulkLoad(
  stack: TestStack,
  db: Client,
  experimentKey: string,
  copy: { columns: string; users: number; seed: number; lines: UserEvents },
) {
  const indexes: { indexname: string; indexdef: string }[] = (
    await db.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'analytics' AND tablename = 'events' AND indexname <> 'events_pkey'`,
    )
  ).rows;
  for (const ix of indexes) await db.query(`DROP INDEX analytics.${ix.indexname}`);
  let t = performance.now();
  await copyEvents(stack.db.url, copy.columns, copy.users, copy.seed, copy.lines);
  const copySeconds = (performance.now() - t) / 1000;
  t = performance.now();
  for (const ix of indexes) await db.query(ix.indexdef);
  await db.query('ANALYZE analytics.events');
  const indexSeconds = (performance.now() - t) / 1000;
  const token = await stack.adminToken();
  t = performance.now();
  const rebuilt = await post(
    stack.graphqlUrl,
    token,
    `mutation { recomputeRollups(experimentKey: "${experimentKey}") { users userMetricValues } }`,
  );
  if (rebuilt.errors) throw new Error(`recomputeRollups: ${JSON.stringify(rebuilt.errors)}`);
  const recomputeSeconds = (performance.now() - t) / 1000;
  const [{ count: rawEvents }] = (await db.query('SELECT count(*)::int AS count FROM analytics.events')).rows;
  return { token, copySeconds, indexSeconds, recomputeSeconds, rawEvents: rawEvents as number };
}

/** Scans of the raw events table so far: results must not add any. */
export async function eventReads(db: Client): Promise<string> {
  return (
    await db.query(
      `SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS reads FROM pg_stat_user_tables WHERE schemaname = 'analytics' AND relname = 'events'`,
    )
  ).rows[0].reads as string;
}

/** Ingests one new user's exposure: bumps the experiment's rollup version, so the next results miss every cache. */
export async function ingestExposure(
  stack: TestStack,
  token: string,
  experimentKey: string,
  round: number,
  properties?: Record<string, string>,
) {
  const body = await post(
    stack.graphqlUrl,
    token,
    'mutation($e: [EventInput!]!) { trackEvents(events: $e) { accepted } }',
    {
      e: [
        {
          eventId: `bench-new-${round}`,
          type: 'EXPOSURE',
          userKey: `bench-new-${round}`,
          experimentKey,
          variant: round % 2 === 0 ? 'control' : 'treatment',
          ...(properties ? { properties } : {}),
        },
      ],
    },
  );
  if (body.errors) throw new Error(`trackEvents: ${JSON.stringify(body.errors)}`);
}

/** The stack the results benchmarks run on, its database, and the two-variant flag they use. */
export async function startResultsStack(): Promise<{ stack: TestStack; db: Client }> {
  const stack = await startTestStack({
    subgraphs: ['flags', 'experiments', 'analytics'],
    logLevel: 'warn',
    env: { SUBGRAPH_TIMEOUT_MS: String(60 * 60_000) },
  });
  const db = new Client({ connectionString: stack.db.url });
  await db.connect();
  await stack.gqlOk(
    `mutation { createFlag(input: { key: "bench-flag", name: "Bench", variations: [
      { key: "control", value: false }, { key: "treatment", value: true }] }) { key } }`,
  );
  return { stack, db };
}
