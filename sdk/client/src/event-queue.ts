// Analytics events leave the app in batches, off the hot path: exposures and custom events are queued, evaluation
// counts are aggregated per flag and variation, and a failed send is retried with backoff without losing order.

import { Backoff, randomId } from './backoff';
import { FlushTimer } from './flush-timer';
import type { AnalyticsEvent, Logger } from './types';

export interface SendOptions {
  /** The page is going away: the request must survive it (fetch keepalive). */
  keepalive?: boolean;
}

/** Sends one batch. Throws `PermanentSendError` for a batch the server will never take; anything else is retried. */
export type EventSender = (events: AnalyticsEvent[], options: SendOptions) => Promise<void>;

export class PermanentSendError extends Error {}

export interface EventQueueOptions {
  send: EventSender;
  flushIntervalMs?: number;
  maxBatchSize?: number;
  maxQueueSize?: number;
  backoff?: Backoff;
  now?: () => number;
  logger?: Logger;
}

/** Keepalive request bodies are limited to 64 KB in browsers; stay well under it. */
const KEEPALIVE_BATCH = 100;

export class EventQueue {
  private queue: AnalyticsEvent[] = [];
  private readonly counts = new Map<
    string,
    { userKey: string; flagKey: string; variant: string; count: number }
  >();
  private readonly timer = new FlushTimer(() => void this.flush());
  private sending: Promise<void> | null = null;
  private retrying = false;
  private closed = false;
  private readonly flushIntervalMs: number;
  private readonly maxBatchSize: number;
  private readonly maxQueueSize: number;
  private readonly backoff: Backoff;
  private readonly now: () => number;
  dropped = 0;

  constructor(private readonly options: EventQueueOptions) {
    this.flushIntervalMs = options.flushIntervalMs ?? 10_000;
    this.maxBatchSize = Math.min(Math.max(options.maxBatchSize ?? 500, 1), 1000);
    this.maxQueueSize = options.maxQueueSize ?? 10_000;
    this.backoff = options.backoff ?? new Backoff({ initialDelayMs: 1000, maxDelayMs: 60_000 });
    this.now = options.now ?? Date.now;
  }

  /** Queued events, including aggregated counts not yet turned into events. */
  get size(): number {
    return this.queue.length + this.counts.size;
  }

  enqueue(event: Omit<AnalyticsEvent, 'eventId' | 'timestamp'> & Partial<AnalyticsEvent>): void {
    if (this.closed) return;
    this.queue.push({ eventId: randomId(), timestamp: new Date(this.now()).toISOString(), ...event });
    this.trim();
    if (this.queue.length >= this.maxBatchSize) void this.flush();
    else this.schedule(this.flushIntervalMs);
  }

  /** One evaluation of `flagKey` serving `variant`; sent as one EVALUATION event per flag and variation. */
  countEvaluation(userKey: string, flagKey: string, variant: string): void {
    if (this.closed) return;
    const id = `${flagKey}\u0000${variant}`;
    const entry = this.counts.get(id);
    if (entry) entry.count++;
    else this.counts.set(id, { userKey, flagKey, variant, count: 1 });
    this.schedule(this.flushIntervalMs);
  }

  private trim(): void {
    const excess = this.queue.length - this.maxQueueSize;
    if (excess > 0) {
      // Oldest first: a long outage keeps the most recent behaviour.
      this.queue.splice(0, excess);
      this.dropped += excess;
    }
  }

  private drainCounts(properties: Record<string, unknown>): void {
    if (this.counts.size === 0) return;
    const timestamp = new Date(this.now()).toISOString();
    for (const c of this.counts.values()) {
      this.queue.push({
        eventId: randomId(),
        type: 'EVALUATION',
        userKey: c.userKey,
        eventName: c.flagKey,
        variant: c.variant,
        value: c.count,
        properties,
        timestamp,
      });
    }
    this.counts.clear();
    this.trim();
  }

  private schedule(delayMs: number): void {
    if (!this.closed) this.timer.schedule(delayMs);
  }

  /** Extra properties on evaluation-count events (the environment). */
  countProperties: Record<string, unknown> = {};

  /** Sends everything queued. Resolves when done or when a failure scheduled a retry; never rejects. */
  flush(options: SendOptions = {}): Promise<void> {
    if (this.sending)
      return this.sending.then(() => (this.size > 0 && !this.retrying ? this.flush(options) : undefined));
    this.timer.cancel();
    this.drainCounts(this.countProperties);
    if (this.queue.length === 0) return Promise.resolve();
    this.retrying = false;
    this.sending = this.sendAll(options).finally(() => {
      this.sending = null;
    });
    return this.sending;
  }

  private async sendAll(options: SendOptions): Promise<void> {
    const batchSize = options.keepalive ? Math.min(KEEPALIVE_BATCH, this.maxBatchSize) : this.maxBatchSize;
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, batchSize);
      try {
        await this.options.send(batch, options);
        this.queue.splice(0, batch.length);
        this.backoff.reset();
      } catch (error) {
        if (error instanceof PermanentSendError) {
          this.queue.splice(0, batch.length);
          this.dropped += batch.length;
          this.options.logger?.warn('switchyard: events refused by the server', error.message);
          continue;
        }
        if (this.closed) return;
        this.retrying = true;
        const delay = this.backoff.next();
        this.options.logger?.debug?.(`switchyard: sending events failed, retrying in ${delay} ms`, error);
        this.schedule(delay);
        return;
      }
    }
  }

  /** Final flush (one attempt per batch), then no more events are taken. */
  async close(options: SendOptions = {}): Promise<void> {
    await this.flush(options);
    if (this.queue.length > 0 && this.retrying) {
      // One last try instead of waiting for the backoff timer.
      this.timer.cancel();
      this.retrying = false;
      await this.flush(options);
    }
    this.closed = true;
    this.timer.cancel();
  }
}
