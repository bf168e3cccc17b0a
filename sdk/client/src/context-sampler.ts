// The contexts a server-mode client evaluates locally are invisible to the impact preview (previewTargeting), which
// reads what evaluating processes sample. So the client samples them as a relay does: per flush at most `perFlush`
// distinct context keys, each with only the attributes it was told to send (none by default), posted to the
// gateway's `POST /usage` as `contexts` with the client's server key. A failed post is retried with backoff, the
// sample never grows past `perFlush`, and nothing here throws into evaluation.

import { Backoff } from './backoff';
import { FlushTimer } from './flush-timer';
import { TransportError } from './transport';
import type { EvaluationContext, Logger } from './types';

/**
 * One sampled context as `POST /usage` takes it (server-kit's RecentContext; the SDK may not import server
 * packages). `project` absent means the default project.
 */
export interface SampledContext {
  project?: string;
  environment: string;
  key: string;
  attributes: Record<string, string>;
}

/** Posts one batch; throws a TransportError (its `code` says whether a retry can help). */
export type ContextSender = (body: { counts: []; contexts: SampledContext[] }) => Promise<void>;

export interface ContextSamplerOptions {
  send: ContextSender;
  environment: string;
  /** The project of the flag set evaluated (the key's); unknown: the default project. */
  project: () => string | undefined;
  /** Attribute names sent with each key (string values only). Default none: keys only. */
  attributes?: readonly string[];
  /** Distinct context keys per flush (default 1,000, a gateway's RECENT_CONTEXTS_PER_FLUSH). */
  perFlush?: number;
  flushIntervalMs?: number;
  backoff?: Backoff;
  logger?: Logger;
}

/** The gateway refuses longer keys (server-kit's readRecentContexts) and keeps no longer attribute values. */
const MAX_KEY_LENGTH = 200;
const MAX_ATTRIBUTE_LENGTH = 256;

export class ContextSampler {
  private pending = new Map<string, Record<string, string>>();
  private readonly timer = new FlushTimer(() => void this.flush());
  private sending: Promise<void> | null = null;
  private retrying = false;
  /** Refused for good (no such endpoint, a refused key): nothing more is sampled. */
  private stopped = false;
  private closed = false;
  private readonly perFlush: number;
  private readonly flushIntervalMs: number;
  private readonly attributes: readonly string[];
  private readonly backoff: Backoff;
  /** Samples left out: over `perFlush` while the gateway could not be reached, or refused. */
  dropped = 0;

  constructor(private readonly options: ContextSamplerOptions) {
    this.perFlush = Math.max(0, options.perFlush ?? 1000);
    this.flushIntervalMs = options.flushIntervalMs ?? 10_000;
    this.attributes = options.attributes ?? [];
    this.backoff = options.backoff ?? new Backoff({ initialDelayMs: 1000, maxDelayMs: 60_000 });
  }

  /** Contexts waiting to be sent. */
  get size(): number {
    return this.pending.size;
  }

  /** One evaluated context; a key already in this flush's sample, or past `perFlush`, is left out. */
  record(context: EvaluationContext): void {
    if (this.closed || this.stopped) return;
    const key = context?.key;
    if (typeof key !== 'string' || key === '' || key.length > MAX_KEY_LENGTH || this.pending.has(key)) return;
    if (this.pending.size >= this.perFlush) {
      this.dropped++;
      return;
    }
    const attributes: Record<string, string> = {};
    for (const name of this.attributes) {
      const value = context[name];
      if (typeof value === 'string' && value.length <= MAX_ATTRIBUTE_LENGTH) attributes[name] = value;
    }
    this.pending.set(key, attributes);
    if (!this.retrying) this.timer.schedule(this.flushIntervalMs);
  }

  /** Sends the sample now. Resolves when sent, or when a failure scheduled a retry; never rejects. */
  flush(): Promise<void> {
    if (this.sending) return this.sending.then(() => (this.retrying ? undefined : this.flush()));
    this.timer.cancel();
    if (this.pending.size === 0 || this.stopped) return Promise.resolve();
    const batch = this.pending;
    this.pending = new Map();
    this.retrying = false;
    this.sending = this.send(batch).finally(() => {
      this.sending = null;
    });
    return this.sending;
  }

  private async send(batch: Map<string, Record<string, string>>): Promise<void> {
    const project = this.options.project();
    const where = { ...(project ? { project } : {}), environment: this.options.environment };
    const contexts = [...batch].map(([key, attributes]) => ({ ...where, key, attributes }));
    try {
      await this.options.send({ counts: [], contexts });
      this.backoff.reset();
    } catch (error) {
      const code = error instanceof TransportError ? error.code : undefined;
      if ((error instanceof TransportError && error.fatal) || code === 'NOT_FOUND') {
        // A gateway without the intake, or a key it refuses: asking again will not help.
        this.stopped = true;
        this.dropped += batch.size + this.pending.size;
        this.pending.clear();
        this.options.logger?.warn(
          'switchyard: sampled contexts not taken; no longer sending them',
          String(error),
        );
        return;
      }
      if (code === 'BAD_USER_INPUT') {
        this.dropped += batch.size;
        this.options.logger?.warn('switchyard: sampled contexts refused by the server', String(error));
        return;
      }
      // Sent again with the next try: the failed sample first, then newer ones, never more than perFlush.
      for (const [key, attributes] of this.pending)
        if (!batch.has(key)) {
          if (batch.size < this.perFlush) batch.set(key, attributes);
          else this.dropped++;
        }
      this.pending = batch;
      if (this.closed) return;
      this.retrying = true;
      const delay = this.backoff.next();
      this.options.logger?.debug?.(
        `switchyard: sending sampled contexts failed, retrying in ${delay} ms`,
        error,
      );
      this.timer.reschedule(delay);
    }
  }

  /** A last send (one attempt), then nothing more is sampled. */
  async close(): Promise<void> {
    await this.flush();
    if (this.retrying && this.pending.size > 0) {
      this.retrying = false;
      await this.flush();
    }
    this.closed = true;
    this.timer.cancel();
  }
}
