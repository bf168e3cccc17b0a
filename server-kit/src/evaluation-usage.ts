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
 * Counts server-side evaluations (flags subgraph and the gateway's evaluation edge) in memory and publishes them every `intervalMs` as one
 * message, so counting costs a Map update per flag rather than an event per evaluation.
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
    const counts = this.drain();
    if (counts.length === 0) return;
    try {
      await this.bus.publish(channels.evaluations, JSON.stringify(counts));
    } catch (err) {
      // Usage is best effort: losing one window must not disturb evaluation.
      this.logger.warn(
        { err: (err as Error).message, rows: counts.length },
        'could not publish evaluation counts',
      );
    }
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
