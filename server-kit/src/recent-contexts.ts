import { z } from 'zod';
import { loadConfig } from './config';
import { channels, type EventBus } from './event-bus';
import { exposureAttributes, loadAttributeAllowList } from './exposure-attributes';
import type { Logger } from './logger';
import { PeriodicTask } from './periodic-task';
import { DEFAULT_PROJECT } from './projects';

/** One evaluated context as the impact preview keeps it: its key and allow-listed attributes only. */
export interface RecentContext {
  /** The project whose flags saw the context; absent (from samplers before projects) means `default`. */
  project?: string;
  environment: string;
  key: string;
  attributes: Record<string, string>;
}

/** Kept under PostgreSQL's NOTIFY limit of 8,000 bytes per message, as usage messages are. */
const MAX_MESSAGE_BYTES = 7000;

/**
 * Samples the contexts evaluations see, for the impact preview (`previewTargeting`): per project and
 * environment at most `perFlush` distinct context keys per flush interval, each with only the attributes of
 * RECENT_CONTEXT_ATTRIBUTES (none by default: no personal data unless allowed), published on the bus
 * to the flags subgraph, which keeps them. Evaluation never waits for it.
 */
export class RecentContextSampler {
  private pending = new Map<string, Map<string, Record<string, string>>>();
  private readonly task: PeriodicTask;

  constructor(
    private readonly bus: EventBus,
    private readonly allowed: readonly string[],
    private readonly perFlush: number,
    logger: Logger,
  ) {
    this.task = new PeriodicTask('recent contexts flush', () => this.flush(), logger);
  }

  static fromEnv(
    bus: EventBus,
    logger: Logger,
    source: NodeJS.ProcessEnv = process.env,
  ): RecentContextSampler {
    const { RECENT_CONTEXTS_PER_FLUSH } = loadConfig(
      { RECENT_CONTEXTS_PER_FLUSH: z.coerce.number().int().min(0).max(100_000).default(1000) },
      source,
    );
    return new RecentContextSampler(
      bus,
      loadAttributeAllowList('RECENT_CONTEXT_ATTRIBUTES', '', source),
      RECENT_CONTEXTS_PER_FLUSH,
      logger,
    );
  }

  /** One evaluated context of `project` (the default project when omitted) in `environment`. */
  record(
    environment: string,
    context: { key: string } & Record<string, unknown>,
    project: string = DEFAULT_PROJECT,
  ): void {
    if (this.perFlush === 0 || typeof context.key !== 'string') return;
    // One map per project and environment; \u0000 never occurs in keys, so the scope splits back.
    const scope = project === DEFAULT_PROJECT ? environment : `${project}\u0000${environment}`;
    let seen = this.pending.get(scope);
    if (!seen) {
      seen = new Map();
      this.pending.set(scope, seen);
    }
    if (seen.size >= this.perFlush || seen.has(context.key)) return;
    seen.set(context.key, exposureAttributes(context, this.allowed));
  }

  start(intervalMs: number): void {
    this.task.start(intervalMs, { immediately: false });
  }

  async stop(): Promise<void> {
    await this.task.stop();
    await this.flush();
  }

  async flush(): Promise<void> {
    const pending = this.pending;
    this.pending = new Map();
    const rows: string[] = [];
    for (const [scope, contexts] of pending) {
      const at = scope.indexOf('\u0000');
      // The default project's rows read as before projects (no `project`).
      const where =
        at < 0 ? { environment: scope } : { project: scope.slice(0, at), environment: scope.slice(at + 1) };
      for (const [key, attributes] of contexts) rows.push(JSON.stringify({ ...where, key, attributes }));
    }
    let batch: string[] = [];
    let bytes = 2;
    for (const row of rows) {
      const size = Buffer.byteLength(row) + 1;
      if (size + 2 > MAX_MESSAGE_BYTES) continue;
      if (batch.length > 0 && bytes + size > MAX_MESSAGE_BYTES) {
        await this.bus.publish(channels.recentContexts, `[${batch.join(',')}]`);
        batch = [];
        bytes = 2;
      }
      batch.push(row);
      bytes += size;
    }
    if (batch.length > 0) await this.bus.publish(channels.recentContexts, `[${batch.join(',')}]`);
  }
}
