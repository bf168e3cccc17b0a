import type { Counter } from 'prom-client';
import { channels, type EventBus } from './event-bus';
import type { Logger } from './logger';

/** What counting needs of an evaluation result (the core's EvaluationResult has these). */
export interface CountedEvaluation {
  key: string;
  variation: string | null;
}

/** One aggregated count, as the analytics subgraph stores it for `Flag.usage`. */
export interface EvaluationCount {
  environment: string;
  flagKey: string;
  variation: string;
  count: number;
  windowStart: string;
  windowEnd: string;
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

/**
 * Counts server-side evaluations (flags subgraph and the evaluation edge) in memory and publishes them
 * every `intervalMs`, so counting costs a Map update per flag rather than an event per evaluation.
 * Lossless: a window travels in messages each under PostgreSQL's NOTIFY limit, whatever the number
 * of flags, and a window the bus refused is kept and sent with the next one.
 */
export class EvaluationUsage {
  private counts = new Map<string, number>();
  private windowStart = new Date();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly counter?: Counter<'environment'>,
  ) {}

  record(environment: string, results: readonly CountedEvaluation[]): void {
    this.counter?.inc({ environment }, results.length);
    for (const r of results) {
      if (r.variation === null) continue;
      // \u0000 cannot occur in keys, so the composite key splits back unambiguously.
      const key = `${environment}\u0000${r.key}\u0000${r.variation}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
  }

  /** The counts since the last flush, resetting the window. */
  drain(): EvaluationCount[] {
    const windowEnd = new Date();
    const counts = this.counts;
    const windowStart = this.windowStart;
    this.counts = new Map();
    this.windowStart = windowEnd;
    return [...counts].map(([key, count]) => {
      const [environment, flagKey, variation] = key.split('\u0000') as [string, string, string];
      return {
        environment,
        flagKey,
        variation,
        count,
        windowStart: windowStart.toISOString(),
        windowEnd: windowEnd.toISOString(),
      };
    });
  }

  async flush(): Promise<void> {
    const windowStart = this.windowStart;
    const counts = this.drain();
    if (counts.length === 0) return;
    const messages = usageMessages(counts);
    try {
      // Several messages go out together (one NOTIFY transaction on PostgreSQL): all or none.
      if (messages.length === 1) await this.bus.publish(channels.evaluations, messages[0]!);
      else await this.bus.publishMany(channels.evaluations, messages);
    } catch (err) {
      // Never thrown into evaluation: the window is kept and leaves with the next flush.
      this.restore(counts, windowStart);
      this.logger.warn(
        { err: (err as Error).message, rows: counts.length },
        'could not publish evaluation counts; keeping them for the next window',
      );
    }
  }

  /** Puts a window the bus refused back, so the next window covers it too. */
  private restore(counts: readonly EvaluationCount[], windowStart: Date): void {
    for (const c of counts) {
      const key = `${c.environment}\u0000${c.flagKey}\u0000${c.variation}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + c.count);
    }
    this.windowStart = windowStart;
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
