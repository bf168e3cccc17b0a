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

/** Where a flush of sampled contexts goes: the bus (a gateway, the flags subgraph) or upstream (a relay). */
export type RecentContextSink = (rows: readonly RecentContext[]) => Promise<void>;

/** Publishes rows on the bus's recent-contexts channel, which the flags subgraph keeps, in messages under the NOTIFY limit. */
export function busRecentContextSink(bus: EventBus): RecentContextSink {
  return async (rows) => {
    let batch: string[] = [];
    let bytes = 2;
    for (const row of rows.map((r) => JSON.stringify(r))) {
      const size = Buffer.byteLength(row) + 1;
      if (size + 2 > MAX_MESSAGE_BYTES) continue;
      if (batch.length > 0 && bytes + size > MAX_MESSAGE_BYTES) {
        await bus.publish(channels.recentContexts, `[${batch.join(',')}]`);
        batch = [];
        bytes = 2;
      }
      batch.push(row);
      bytes += size;
    }
    if (batch.length > 0) await bus.publish(channels.recentContexts, `[${batch.join(',')}]`);
  };
}

/** At most this many contexts per `POST /usage` (a relay's flush: RECENT_CONTEXTS_PER_FLUSH per project and environment). */
export const MAX_CONTEXT_ROWS = 10_000;

/**
 * The `contexts` of a `POST /usage` body (a relay's sampled contexts), checked field by field; throws an
 * Error whose message names the first bad field. Absent: none.
 */
export function readRecentContexts(body: unknown): RecentContext[] {
  const rows = (body as { contexts?: unknown } | null)?.contexts;
  if (rows === undefined) return [];
  if (!Array.isArray(rows))
    throw new Error('contexts must be a list of { project?, environment, key, attributes }');
  if (rows.length > MAX_CONTEXT_ROWS)
    throw new Error(`contexts: at most ${MAX_CONTEXT_ROWS} per call; this call has ${rows.length}`);
  return rows.map((row, i) => {
    const r = (row ?? {}) as Record<string, unknown>;
    for (const field of ['environment', 'key'] as const)
      if (typeof r[field] !== 'string' || r[field] === '' || (r[field] as string).length > 200)
        throw new Error(`contexts[${i}].${field} must be a non-empty string of at most 200 characters`);
    if (r.project !== undefined && (typeof r.project !== 'string' || r.project === ''))
      throw new Error(`contexts[${i}].project must be a non-empty string`);
    const attributes = r.attributes ?? {};
    if (
      typeof attributes !== 'object' ||
      Array.isArray(attributes) ||
      Object.values(attributes as object).some((v) => typeof v !== 'string')
    )
      throw new Error(`contexts[${i}].attributes must be an object of strings`);
    return {
      ...(r.project !== undefined && r.project !== DEFAULT_PROJECT ? { project: r.project as string } : {}),
      environment: r.environment as string,
      key: r.key as string,
      attributes: attributes as Record<string, string>,
    };
  });
}

/**
 * Samples the contexts evaluations see, for the impact preview (`previewTargeting`): per project and
 * environment at most `perFlush` distinct context keys per flush interval, each with only the attributes of
 * RECENT_CONTEXT_ATTRIBUTES (none by default: no personal data unless allowed), sent to `sink` (the bus to
 * the flags subgraph, which keeps them; a relay's upstream). Evaluation never waits for it.
 */
export class RecentContextSampler {
  private pending = new Map<string, Map<string, Record<string, string>>>();
  private readonly task: PeriodicTask;

  constructor(
    private readonly sink: RecentContextSink,
    private readonly allowed: readonly string[],
    private readonly perFlush: number,
    logger: Logger,
  ) {
    this.task = new PeriodicTask('recent contexts flush', () => this.flush(), logger);
  }

  /** With RECENT_CONTEXTS_PER_FLUSH and RECENT_CONTEXT_ATTRIBUTES; `to` a bus (published there) or a sink. */
  static fromEnv(
    to: EventBus | RecentContextSink,
    logger: Logger,
    source: NodeJS.ProcessEnv = process.env,
  ): RecentContextSampler {
    const { RECENT_CONTEXTS_PER_FLUSH } = loadConfig(
      { RECENT_CONTEXTS_PER_FLUSH: z.coerce.number().int().min(0).max(100_000).default(1000) },
      source,
    );
    return new RecentContextSampler(
      typeof to === 'function' ? to : busRecentContextSink(to),
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
    const rows: RecentContext[] = [];
    for (const [scope, contexts] of pending) {
      const at = scope.indexOf('\u0000');
      // The default project's rows read as before projects (no `project`).
      const where =
        at < 0 ? { environment: scope } : { project: scope.slice(0, at), environment: scope.slice(at + 1) };
      for (const [key, attributes] of contexts) rows.push({ ...where, key, attributes });
    }
    if (rows.length > 0) await this.sink(rows);
  }
}
