import { randomBytes } from 'node:crypto';
import type { Counter } from 'prom-client';
import { channels, type EventBus } from './event-bus';
import type { Logger } from './logger';
import { DEFAULT_PROJECT } from './projects';

/** What counting needs of an evaluation result (the core's EvaluationResult has these). */
export interface CountedEvaluation {
  key: string;
  variation: string | null;
}

/** One aggregated count, as the analytics subgraph stores it for `Flag.usage`. */
export interface EvaluationCount {
  /**
   * The project of the flag (issue 19); absent for the default project's, so rows (and the event ids
   * analytics derives from them) read as they did before projects, and older relays' rows still count.
   */
  project?: string;
  environment: string;
  flagKey: string;
  variation: string;
  count: number;
  windowStart: string;
  windowEnd: string;
  /**
   * Which counter made the row (random per process): two gateways or relays can close a window in the
   * same millisecond, and analytics stores a row once per window start and counter, so neither's counts
   * are dropped as the other's duplicate. Absent from rows of versions before it (stored as before).
   */
  counter?: string;
}

/**
 * PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more ("payload string too long"); each
 * message stays well under it, so one window of many flags travels as several messages.
 */
export const MAX_USAGE_MESSAGE_BYTES = 7000;

/** The counts as messages of at most `maxBytes` each (a JSON array of rows per message). */
export function usageMessages(
  counts: readonly EvaluationCount[],
  maxBytes = MAX_USAGE_MESSAGE_BYTES,
): string[] {
  const messages: string[] = [];
  let rows: string[] = [];
  let bytes = 2;
  for (const count of counts) {
    const row = JSON.stringify(count);
    const size = Buffer.byteLength(row) + 1;
    if (rows.length > 0 && bytes + size > maxBytes) {
      messages.push(`[${rows.join(',')}]`);
      rows = [];
      bytes = 2;
    }
    rows.push(row);
    bytes += size;
  }
  if (rows.length > 0) messages.push(`[${rows.join(',')}]`);
  return messages;
}

/** Where a window of counts goes: the bus (a gateway, the flags subgraph) or upstream (an edge). Throws when not taken. */
export type UsageSink = (counts: readonly EvaluationCount[]) => Promise<void>;

/** Publishes counts on the bus's evaluations channel, which the analytics subgraph stores. */
export function busUsageSink(bus: EventBus): UsageSink {
  return async (counts) => {
    const messages = usageMessages(counts);
    // Several messages go out together (one NOTIFY transaction on PostgreSQL): all or none.
    if (messages.length === 1) await bus.publish(channels.evaluations, messages[0]!);
    else if (messages.length > 1) await bus.publishMany(channels.evaluations, messages);
  };
}

/** At most this many rows per `POST /usage` (a window of every flag × variation of a large project). */
export const MAX_USAGE_ROWS = 10_000;
/** Rows kept for a sink that keeps refusing; past it the oldest are merged (see `keep`). */
const MAX_PENDING_ROWS = 50_000;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const COUNTER = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The rows of a `POST /usage` body (`{ "counts": [...] }`), checked field by field; throws an
 * Error whose message names the first bad field. Rows come from a relay, whose key is checked by
 * the caller (it must be of each row's environment).
 */
export function readUsageRows(body: unknown): EvaluationCount[] {
  const rows = (body as { counts?: unknown } | null)?.counts;
  if (!Array.isArray(rows))
    throw new Error(
      'Send { "counts": [{ project?, environment, flagKey, variation, count, windowStart, windowEnd }] }',
    );
  if (rows.length > MAX_USAGE_ROWS)
    throw new Error(`counts: at most ${MAX_USAGE_ROWS} rows per call; this call has ${rows.length}`);
  return rows.map((row, i) => {
    const r = (row ?? {}) as Record<string, unknown>;
    if (
      r.project !== undefined &&
      (typeof r.project !== 'string' || r.project === '' || r.project.length > 200)
    )
      throw new Error(`counts[${i}].project must be a non-empty string of at most 200 characters`);
    for (const field of ['environment', 'flagKey', 'variation'] as const)
      if (typeof r[field] !== 'string' || r[field] === '' || (r[field] as string).length > 200)
        throw new Error(`counts[${i}].${field} must be a non-empty string of at most 200 characters`);
    if (typeof r.count !== 'number' || !Number.isSafeInteger(r.count) || r.count < 1)
      throw new Error(`counts[${i}].count must be a positive integer`);
    for (const field of ['windowStart', 'windowEnd'] as const)
      if (typeof r[field] !== 'string' || !ISO.test(r[field] as string))
        throw new Error(`counts[${i}].${field} must be an ISO-8601 UTC time (as toISOString writes it)`);
    if ((r.windowStart as string) > (r.windowEnd as string))
      throw new Error(`counts[${i}].windowStart is after its windowEnd`);
    if (r.counter !== undefined && (typeof r.counter !== 'string' || !COUNTER.test(r.counter)))
      throw new Error(`counts[${i}].counter must be 1 to 64 letters, digits, '-' or '_'`);
    return {
      ...(r.project !== undefined && r.project !== DEFAULT_PROJECT ? { project: r.project as string } : {}),
      environment: r.environment as string,
      flagKey: r.flagKey as string,
      variation: r.variation as string,
      count: r.count,
      windowStart: r.windowStart as string,
      windowEnd: r.windowEnd as string,
      ...(r.counter !== undefined ? { counter: r.counter as string } : {}),
    };
  });
}

/**
 * Counts server-side evaluations (flags subgraph, the gateway's edge, a standalone relay) in memory and
 * sends them every `intervalMs`, so counting costs a Map update per flag rather than an event per
 * evaluation. Lossless: a window the sink refused is kept and sent again, row for row, with the next
 * one (a row is stored once per environment, flag, variation and window start, so a re-sent row that
 * did arrive the first time is not counted twice); rows from chained relays (`add`) travel the same way.
 */
export class EvaluationUsage {
  private counts = new Map<string, number>();
  private windowStart = new Date();
  /** This process's counter id (see EvaluationCount.counter). */
  private readonly id = randomBytes(6).toString('base64url');
  /** Whole rows not yet taken by the sink: refused windows and rows handed in by `add`. */
  private pending: EvaluationCount[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly sink: UsageSink,
    private readonly logger: Logger,
    private readonly counter?: Counter<'environment'>,
  ) {}

  /** Counts one call's results, of `project`'s flags (the default project's when omitted). */
  record(environment: string, results: readonly CountedEvaluation[], project = DEFAULT_PROJECT): void {
    this.counter?.inc({ environment }, results.length);
    // \u0000 cannot occur in keys, so the composite key splits back unambiguously: three parts for the
    // default project's (the key it had before projects, as short and as cheap to hash), four for another's.
    const scope =
      project === DEFAULT_PROJECT ? `${environment}\u0000` : `${project}\u0000${environment}\u0000`;
    for (const r of results) {
      if (r.variation === null) continue;
      const key = `${scope}${r.key}\u0000${r.variation}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
  }

  /** Rows counted elsewhere (a relay behind this one): sent with the next window, unchanged. */
  add(rows: readonly EvaluationCount[]): void {
    this.keep(rows);
  }

  /** The counts since the last flush, resetting the window. */
  drain(): EvaluationCount[] {
    const windowEnd = new Date();
    const counts = this.counts;
    const windowStart = this.windowStart;
    this.counts = new Map();
    this.windowStart = windowEnd;
    return [...counts].map(([key, count]) => {
      const parts = key.split('\u0000');
      if (parts.length === 3) parts.unshift(DEFAULT_PROJECT);
      const [project, environment, flagKey, variation] = parts as [string, string, string, string];
      return {
        ...(project === DEFAULT_PROJECT ? {} : { project }),
        environment,
        flagKey,
        variation,
        count,
        windowStart: windowStart.toISOString(),
        windowEnd: windowEnd.toISOString(),
        counter: this.id,
      };
    });
  }

  async flush(): Promise<void> {
    const rows = [...this.pending, ...this.drain()];
    this.pending = [];
    if (rows.length === 0) return;
    try {
      await this.sink(rows);
    } catch (err) {
      // Never thrown into evaluation: the rows leave again with the next flush.
      this.keep(rows);
      this.logger.warn(
        { err: (err as Error).message, rows: rows.length },
        'could not send evaluation counts; keeping them for the next window',
      );
    }
  }

  /**
   * Holds rows for the next flush. Past MAX_PENDING_ROWS (a sink down for hours) the oldest rows of
   * each environment, flag and variation are merged into one spanning their windows, so memory stays
   * bounded by the number of flags while every count is kept.
   */
  private keep(rows: readonly EvaluationCount[]): void {
    this.pending = this.pending.concat(rows);
    if (this.pending.length <= MAX_PENDING_ROWS) return;
    const merged = new Map<string, EvaluationCount>();
    for (const row of this.pending) {
      const key = `${row.project ?? DEFAULT_PROJECT}\u0000${row.environment}\u0000${row.flagKey}\u0000${row.variation}`;
      const m = merged.get(key);
      if (!m) merged.set(key, { ...row });
      else {
        m.count += row.count;
        if (row.windowStart < m.windowStart) m.windowStart = row.windowStart;
        if (row.windowEnd > m.windowEnd) m.windowEnd = row.windowEnd;
      }
    }
    this.pending = [...merged.values()];
  }

  start(intervalMs = 10_000): void {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
