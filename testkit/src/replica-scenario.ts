import type { Client } from 'graphql-ws';
import { Client as PgClient } from 'pg';
import { graphql, graphqlOk } from './graphql-client';
import { type ReplicaName, startReplicaStack } from './replica-stack';
import { wsClient } from './subscriptions';

// The several-replica scenario of issue 14, shared by its end-to-end suite (which asserts that
// nothing is lost) and its benchmark (which records the figures): a bounded mixed load (evaluate,
// assignment, trackEvents, flag writes) and configChanged subscribers that resume with
// sinceVersion, while a gateway, one replica of each subgraph, Redis and PostgreSQL fail in turn.

const CHANGED = `subscription ($since: Int) {
  configChanged(environment: "production", sinceVersion: $since) { seq }
}`;
type Changed = { configChanged: { seq: number } };

export type OperationKind = 'evaluate' | 'assignment' | 'trackEvents' | 'write';
const kinds: OperationKind[] = ['evaluate', 'assignment', 'trackEvents', 'write'];

export interface PhaseFigures {
  phase: string;
  requests: number;
  failed: number;
  /** From the fault to the end of the last failure it caused: every kind succeeding again (0: none failed). */
  recoverMs: number;
  /** Subscribers whose connection ended and who resumed with sinceVersion. */
  resumed: number;
  /** Why connections ended during the phase (close codes, error codes and messages), counted. */
  endReasons: Record<string, number>;
  /** From the fault's end to every subscriber holding every change committed by then. */
  catchUpMs: number;
}

export interface ReplicaFigures {
  subscribers: number;
  phases: PhaseFigures[];
  changes: number;
  /** Per subscriber, changes of the outbox it never received (summed), and ones received twice or out of order. */
  changesMissed: number;
  changesOutOfOrder: number;
  writesAccepted: number;
  writesLost: number;
  eventsAccepted: number;
  eventsLost: number;
  eventsStoredTwice: number;
  /** Whatever was wrong, for the assertion message. */
  problems: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One configChanged subscriber: the seqs it received, from `startSeq` on. */
class Subscriber {
  readonly seqs: number[] = [];
  constructor(private readonly startSeq: number) {}
  get last(): number {
    return this.seqs.at(-1) ?? this.startSeq;
  }
}

/**
 * One WebSocket carrying several subscribers, as an app's SDK multiplexes its subscriptions. When
 * the connection ends, it reconnects through the balancer and each subscriber resubscribes with
 * sinceVersion = the last seq it holds; when one subscription fails, only that one resubscribes.
 * Both wait as the SDK does (sdk/client's backoff): exponential with full jitter, reset only by a
 * connection or subscription that held, so clients that lost the same server do not return in lockstep.
 */
class ResumingConnection {
  /** Subscriber resumptions (a reconnect counts each of its subscribers). */
  resumes = 0;
  connected = false;
  /** Why a connection or subscription ended (a close code, or an error's code and message), counted. */
  readonly endReasons = new Map<string, number>();
  private client: Client | null = null;
  private closed = false;
  private attempt = 0;
  private connectedAt = 0;

  constructor(
    private readonly url: string,
    private readonly token: string,
    readonly subscribers: Subscriber[],
  ) {}

  private delay(): number {
    const ceiling = Math.min(8000, 250 * 2 ** this.attempt);
    this.attempt++;
    return Math.random() * ceiling;
  }

  private held(): void {
    if (this.connectedAt && Date.now() - this.connectedAt > 5000) this.attempt = 0;
  }

  private count(reason: string): void {
    this.endReasons.set(reason, (this.endReasons.get(reason) ?? 0) + 1);
  }

  start(): void {
    if (this.closed) return;
    const client = wsClient(this.url, this.token);
    this.client = client;
    client.on('connected', () => {
      this.connected = true;
      this.connectedAt = Date.now();
    });
    let ended = false;
    client.on('closed', (event) => {
      if (ended) return;
      ended = true;
      this.connected = false;
      this.count(`closed ${(event as { code?: number } | undefined)?.code ?? '?'}`);
      void client.dispose();
      if (this.closed) return;
      this.held();
      this.resumes += this.subscribers.length;
      setTimeout(() => this.start(), this.delay());
    });
    for (const subscriber of this.subscribers) this.subscribe(client, subscriber, () => ended);
  }

  private subscribe(client: Client, subscriber: Subscriber, connectionEnded: () => boolean): void {
    let done = false;
    const subscribedAt = Date.now();
    const resubscribe = (reason: string) => {
      if (done) return;
      done = true;
      // The connection's end resubscribes everyone; this is one subscription failing on a live one.
      if (connectionEnded() || this.closed) return;
      this.count(reason);
      this.resumes++;
      if (Date.now() - subscribedAt > 5000) this.attempt = 0;
      setTimeout(() => {
        if (!connectionEnded() && !this.closed && this.client === client)
          this.subscribe(client, subscriber, connectionEnded);
      }, this.delay());
    };
    const unsubscribe = client.subscribe<Changed>(
      { query: CHANGED, variables: { since: subscriber.last } },
      {
        next: (value) => {
          const seq = value.data?.configChanged.seq;
          if (typeof seq === 'number') subscriber.seqs.push(seq);
          else {
            // an error (e.g. a dependency briefly away): resume from what it holds
            resubscribe(`error ${describeErrors(value.errors)}`);
            unsubscribe();
          }
        },
        error: (err) => resubscribe(`error ${describeErrors(err)}`),
        complete: () => resubscribe('complete'),
      },
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.dispose();
  }
}

function describeErrors(err: unknown): string {
  const list = Array.isArray(err) ? err : [err];
  return list
    .map((e) => {
      const o = e as { message?: string; extensions?: { code?: string }; code?: number; reason?: string };
      if (typeof o?.code === 'number') return `close ${o.code} ${o.reason ?? ''}`.trim();
      return `${o?.extensions?.code ?? ''} ${String(o?.message ?? e).slice(0, 120)}`.trim();
    })
    .join('; ');
}

function countReasons(connections: ResumingConnection[]): Record<string, number> {
  const all: Record<string, number> = {};
  for (const c of connections) for (const [r, n] of c.endReasons) all[r] = (all[r] ?? 0) + n;
  return all;
}

interface Counters {
  requests: number;
  failed: number;
  /** Per kind, since when it has been failing (absent: its last call succeeded). */
  failingSince: Partial<Record<OperationKind, number>>;
  /** Every stretch of failures: its first failure and the success that ended it. */
  outages: { kind: OperationKind; from: number; to: number }[];
}

/** Runs the scenario on a fresh replica stack and returns its figures; never throws on a loss (the caller asserts). */
export async function runReplicaScenario(
  opts: { subscribers?: number; perConnection?: number; log?: (line: string) => void } = {},
): Promise<ReplicaFigures> {
  const subscriberCount = opts.subscribers ?? 1000;
  const perConnection = opts.perConnection ?? 20;
  const log = opts.log ?? (() => {});
  const stack = await startReplicaStack();
  const db = new PgClient({ connectionString: stack.databaseUrl });
  const subscribers: Subscriber[] = [];
  const connections: ResumingConnection[] = [];
  try {
    const login = await graphqlOk<{ login: { accessToken: string } }>(
      stack.graphqlUrl,
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
      { e: stack.admin.email, p: stack.admin.password },
    );
    const token = login.login.accessToken;
    const auth = { authorization: `Bearer ${token}` };
    const maxSeq = async () => {
      const c = new PgClient({ connectionString: stack.databaseUrl });
      await c.connect();
      try {
        return Number(
          (await c.query('SELECT coalesce(max(seq), 0) AS s FROM platform.config_changes')).rows[0].s,
        );
      } finally {
        await c.end();
      }
    };
    const startSeq = await maxSeq();

    log(`connecting ${subscriberCount} subscribers, ${perConnection} per connection`);
    for (let i = 0; i < subscriberCount; i += perConnection) {
      const group = Array.from(
        { length: Math.min(perConnection, subscriberCount - i) },
        () => new Subscriber(startSeq),
      );
      subscribers.push(...group);
      const connection = new ResumingConnection(stack.wsUrl, token, group);
      connections.push(connection);
      connection.start();
      await sleep(20);
    }
    const allConnected = async (timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (connections.some((c) => !c.connected) && Date.now() < deadline) await sleep(100);
    };
    await allConnected(120_000);

    // The load: one loop per operation kind, paced so that 2 shared cores keep up.
    const counters: Counters = { requests: 0, failed: 0, failingSince: {}, outages: [] };
    const acceptedWrites: string[] = [];
    const acceptedEvents: string[] = [];
    let stopped = false;
    let n = 0;
    const operations: Record<OperationKind, { pause: number; run: () => Promise<boolean> }> = {
      evaluate: {
        pause: 20,
        run: async () => {
          const r = await graphql<{ evaluate: { key: string }[] }>(
            stack.graphqlUrl,
            `{ evaluate(environment: "production", context: { key: "u-${n++ % 500}" }, keys: ["new-checkout"]) { key variation } }`,
            {},
            auth,
          );
          return !r.errors && r.data?.evaluate?.[0]?.key === 'new-checkout';
        },
      },
      assignment: {
        pause: 40,
        run: async () => {
          const r = await graphql<{ assignment: { experimentKey: string } }>(
            stack.graphqlUrl,
            `{ assignment(experimentKey: "checkout-redesign", context: { key: "u-${n++ % 500}" }) { experimentKey } }`,
            {},
            auth,
          );
          return !r.errors && r.data?.assignment?.experimentKey === 'checkout-redesign';
        },
      },
      trackEvents: {
        pause: 40,
        run: async () => {
          const batch = Array.from({ length: 5 }, () => ({
            eventId: `replica-${process.pid}-${n++}`,
            type: 'CUSTOM',
            userKey: `u-${n % 500}`,
            eventName: 'replica-suite',
            value: 1,
          }));
          const r = await graphql<{ trackEvents: { results: { eventId: string; accepted: boolean }[] } }>(
            stack.graphqlUrl,
            'mutation($events: [EventInput!]!) { trackEvents(events: $events) { results { eventId accepted } } }',
            { events: batch },
            auth,
          );
          if (r.errors || !r.data) return false;
          for (const e of r.data.trackEvents.results) if (e.accepted) acceptedEvents.push(e.eventId);
          return r.data.trackEvents.results.every((e) => e.accepted);
        },
      },
      write: {
        pause: 250,
        run: async () => {
          const key = `replica-${n++}`;
          const r = await graphql<{ createFlag: { key: string } }>(
            stack.graphqlUrl,
            `mutation { createFlag(input: { key: "${key}", name: "${key}" }) { key } }`,
            {},
            auth,
          );
          if (r.errors || r.data?.createFlag?.key !== key) return false;
          acceptedWrites.push(key);
          return true;
        },
      },
    };
    const loops = kinds.map(async (kind) => {
      while (!stopped) {
        counters.requests++;
        const calledAt = Date.now();
        const ok = await operations[kind].run().catch(() => false);
        const since = counters.failingSince[kind];
        if (ok && since !== undefined) {
          counters.outages.push({ kind, from: since, to: Date.now() });
          delete counters.failingSince[kind];
        } else if (!ok) {
          counters.failed++;
          counters.failingSince[kind] ??= calledAt;
        }
        await sleep(operations[kind].pause);
      }
    });

    /** Every subscriber holds every change committed so far; returns how long that took. */
    const catchUp = async (timeoutMs = 120_000) => {
      const started = Date.now();
      const target = await maxSeq();
      while (subscribers.some((s) => s.last < target) && Date.now() - started < timeoutMs) await sleep(100);
      return Date.now() - started;
    };

    const phases: PhaseFigures[] = [];
    const unrecovered: string[] = [];
    const phase = async (name: string, fault: () => Promise<void>, heal: () => Promise<void>) => {
      log(`phase: ${name}`);
      const before = { requests: counters.requests, failed: counters.failed };
      const resumesBefore = connections.reduce((a, c) => a + c.resumes, 0);
      for (const c of connections) c.endReasons.clear();
      const faultAt = Date.now();
      await fault();
      await sleep(2000); // load runs against the degraded stack
      await heal();
      // Recovered: every kind that failed since the fault has succeeded again.
      const deadline = Date.now() + 120_000;
      while (kinds.some((k) => counters.failingSince[k] !== undefined) && Date.now() < deadline)
        await sleep(100);
      for (const k of kinds.filter((kind) => counters.failingSince[kind] !== undefined)) {
        unrecovered.push(`${name}: ${k} still failing 2 minutes after the fault`);
      }
      const recoverMs = Math.max(
        0,
        ...counters.outages.filter((o) => o.to >= faultAt).map((o) => o.to - faultAt),
      );
      await allConnected(120_000);
      const catchUpMs = await catchUp();
      await sleep(1000);
      phases.push({
        phase: name,
        requests: counters.requests - before.requests,
        failed: counters.failed - before.failed,
        recoverMs,
        resumed: connections.reduce((a, c) => a + c.resumes, 0) - resumesBefore,
        endReasons: countReasons(connections),
        catchUpMs,
      });
    };

    await sleep(2000);
    await phase(
      'steady load',
      async () => {},
      async () => {},
    );
    await phase(
      'gateway-1 killed (SIGKILL), then started again',
      () => stack.kill('gateway-1'),
      () => stack.restart('gateway-1'),
    );
    const oneOfEach: ReplicaName[] = ['flags-1', 'experiments-1', 'analytics-1'];
    await phase(
      'one replica of each subgraph killed, then started again',
      async () => {
        await Promise.all(oneOfEach.map((r) => stack.kill(r)));
      },
      async () => {
        await Promise.all(oneOfEach.map((r) => stack.restart(r)));
      },
    );
    await phase(
      'Redis killed, started again 2 s later',
      () => stack.killRedis(),
      () => stack.startRedis(),
    );
    await phase(
      'PostgreSQL stopped, started again 2 s later',
      () => stack.stopPostgres(),
      () => stack.startPostgres(),
    );
    stopped = true;
    await Promise.all(loops);
    await catchUp();

    // What the outbox holds is what every subscriber must have, once each, in order.
    await db.connect();
    const expected = (
      await db.query(
        `SELECT seq FROM platform.config_changes
          WHERE seq > $1 AND (environment IS NULL OR environment = 'production') ORDER BY seq`,
        [startSeq],
      )
    ).rows.map((r) => Number(r.seq));
    const problems: string[] = [...unrecovered];
    let changesMissed = 0;
    let changesOutOfOrder = 0;
    for (const [i, s] of subscribers.entries()) {
      const got = new Set(s.seqs);
      const missed = expected.filter((seq) => !got.has(seq));
      const inOrder = s.seqs.every((seq, j) => j === 0 || seq > s.seqs[j - 1]!);
      changesMissed += missed.length;
      if (!inOrder || s.seqs.length !== got.size) changesOutOfOrder++;
      if ((missed.length || !inOrder) && problems.length < 5) {
        problems.push(
          `subscriber ${i}: missed ${missed.slice(0, 10).join(',')}; got ${s.seqs.slice(-20).join(',')}`,
        );
      }
    }
    const storedFlags = new Set(
      (await db.query('SELECT key FROM flags.flags WHERE key = ANY($1)', [acceptedWrites])).rows.map(
        (r) => r.key,
      ),
    );
    const writesLost = acceptedWrites.filter((k) => !storedFlags.has(k)).length;
    const stored = (
      await db.query(
        `SELECT event_id, count(*)::int AS n FROM analytics.events
          WHERE event_id LIKE $1 GROUP BY event_id`,
        [`replica-${process.pid}-%`],
      )
    ).rows as { event_id: string; n: number }[];
    const storedCount = new Map(stored.map((r) => [r.event_id, r.n]));
    const eventsLost = acceptedEvents.filter((id) => !storedCount.has(id)).length;
    const eventsStoredTwice = stored.filter((r) => r.n > 1).length;
    if (writesLost) problems.push(`${writesLost} accepted flag writes not stored`);
    if (eventsLost) problems.push(`${eventsLost} accepted events not stored`);
    if (eventsStoredTwice) problems.push(`${eventsStoredTwice} events stored more than once`);
    if (problems.length)
      process.stderr.write(`replica stack logs (last 80):\n${stack.logs.slice(-80).join('\n')}\n`);
    return {
      subscribers: subscriberCount,
      phases,
      changes: expected.length,
      changesMissed,
      changesOutOfOrder,
      writesAccepted: acceptedWrites.length,
      writesLost,
      eventsAccepted: acceptedEvents.length,
      eventsLost,
      eventsStoredTwice,
      problems,
    };
  } catch (err) {
    process.stderr.write(`replica stack logs (last 80):\n${stack.logs.slice(-80).join('\n')}\n`);
    throw err;
  } finally {
    await Promise.all(connections.map((c) => c.close()));
    await db.end().catch(() => {});
    await stack.stop();
  }
}
