import {
  channels,
  DEFAULT_PROJECT,
  type EventBus,
  type Logger,
  loadConfig,
  PeriodicTask,
  type RecentContext,
} from '@switchyard/server-kit';
import type { DataSource } from 'typeorm';
import { z } from 'zod';

/** A stored context as the preview evaluates it: the key and its allow-listed attributes. */
export type PreviewContext = { key: string } & Record<string, string>;

/**
 * flags.recent_contexts: the contexts the RecentContextSampler of every evaluating process sends,
 * at most RECENT_CONTEXTS_MAX per project and environment (the most recently seen) for
 * RECENT_CONTEXTS_TTL_HOURS. The preview reads a project's environment's contexts from memory (see
 * `contexts`), so a preview over 100,000 contexts spends its time evaluating, not reading.
 */
export class RecentContextStore {
  private readonly settings = loadConfig({
    RECENT_CONTEXTS_MAX: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
    RECENT_CONTEXTS_TTL_HOURS: z.coerce.number().positive().max(8760).default(168),
  });
  private readonly max = this.settings.RECENT_CONTEXTS_MAX;
  private readonly ttlHours = this.settings.RECENT_CONTEXTS_TTL_HOURS;
  private readonly cache = new Map<string, { at: number; contexts: PreviewContext[]; refreshing: boolean }>();
  private readonly trimTask: PeriodicTask;

  constructor(
    private readonly ds: DataSource,
    private readonly logger: Logger,
  ) {
    this.trimTask = new PeriodicTask('recent contexts trim', () => this.trim(), logger);
  }

  /** Keeps what the samplers publish; returns the stopper. */
  async listen(bus: EventBus): Promise<() => Promise<void>> {
    const unsubscribe = await bus.subscribe(channels.recentContexts, (message) => {
      let rows: RecentContext[];
      try {
        rows = JSON.parse(message) as RecentContext[];
      } catch {
        this.logger.warn('unreadable recent contexts message');
        return;
      }
      this.save(rows).catch((err: Error) =>
        this.logger.warn({ err: err.message }, 'recent contexts not saved'),
      );
    });
    this.trimTask.start(60_000, { immediately: false });
    return async () => {
      await unsubscribe();
      await this.trimTask.stop();
    };
  }

  async save(rows: RecentContext[]): Promise<void> {
    const valid = rows.filter(
      (r) =>
        typeof r.environment === 'string' &&
        typeof r.key === 'string' &&
        (r.project === undefined || typeof r.project === 'string'),
    );
    if (valid.length === 0) return;
    // One row per project, environment and context: a message may name one context twice.
    const unique = new Map(
      valid.map((r) => [`${r.project ?? DEFAULT_PROJECT}\u0000${r.environment}\u0000${r.key}`, r]),
    );
    await this.ds.query(
      `INSERT INTO flags.recent_contexts (project, environment, context_key, attributes, last_seen_at)
       SELECT p, e, k, a, now() FROM unnest($4::text[], $1::text[], $2::text[], $3::jsonb[]) AS t(p, e, k, a)
       ON CONFLICT (project, environment, context_key) DO UPDATE SET attributes = EXCLUDED.attributes, last_seen_at = now()`,
      [
        [...unique.values()].map((r) => r.environment),
        [...unique.values()].map((r) => r.key),
        [...unique.values()].map((r) => JSON.stringify(r.attributes ?? {})),
        // Samplers before projects name none: their contexts are the default project's.
        [...unique.values()].map((r) => r.project ?? DEFAULT_PROJECT),
      ],
    );
  }

  /** Expired contexts, and beyond the newest `max` of each project's environment, go. */
  async trim(): Promise<void> {
    await this.ds.query(
      `DELETE FROM flags.recent_contexts WHERE last_seen_at < now() - make_interval(hours => $1)`,
      [this.ttlHours],
    );
    await this.ds.query(
      `DELETE FROM flags.recent_contexts r USING (
         SELECT project, environment, context_key FROM (
           SELECT project, environment, context_key,
                  row_number() OVER (PARTITION BY project, environment ORDER BY last_seen_at DESC, context_key) AS n
             FROM flags.recent_contexts) ranked WHERE n > $1) old
       WHERE r.project = old.project AND r.environment = old.environment AND r.context_key = old.context_key`,
      [this.max],
    );
  }

  /**
   * The contexts seen by `project`'s flags in `environment`. Loaded once, then refreshed in the background
   * when older than 10 s while the last load keeps answering, so only a project's environment's very
   * first preview waits for the read (about half a second for 100,000).
   */
  async contexts(project: string, environment: string): Promise<PreviewContext[]> {
    const scope = `${project}\u0000${environment}`;
    const cached = this.cache.get(scope);
    if (cached && Date.now() - cached.at >= 10_000 && !cached.refreshing) {
      cached.refreshing = true;
      this.load(project, environment)
        .then((contexts) => this.cache.set(scope, { at: Date.now(), contexts, refreshing: false }))
        .catch((err: Error) => {
          cached.refreshing = false;
          this.logger.warn({ err: err.message, project, environment }, 'recent contexts not reloaded');
        });
    }
    if (cached) return cached.contexts;
    const contexts = await this.load(project, environment);
    this.cache.set(scope, { at: Date.now(), contexts, refreshing: false });
    return contexts;
  }

  private async load(project: string, environment: string): Promise<PreviewContext[]> {
    const rows: { key: string; attributes: Record<string, string> }[] = await this.ds.query(
      `SELECT context_key AS key, attributes FROM flags.recent_contexts WHERE project = $1 AND environment = $2
        ORDER BY last_seen_at DESC LIMIT $3`,
      [project, environment, this.max],
    );
    return rows.map((r) => ({ ...r.attributes, key: r.key }));
  }
}
