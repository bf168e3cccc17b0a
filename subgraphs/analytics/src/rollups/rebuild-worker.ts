import type { Logger } from '@switchyard/server-kit';
import type { RebuildJobRepository } from './rebuild-jobs';
import type { ResultsNotifier } from './results-notifier';
import type { RollupRepository } from './rollup.repository';

export interface RebuildWorkerOptions {
  /** How often every replica looks for queued rebuilds. */
  pollMs: number;
  /** How often a running rebuild says it is alive. */
  heartbeatMs: number;
  /** A RUNNING job without a heartbeat for this long belonged to a replica that died: taken over. */
  staleMs: number;
  maxAttempts: number;
}

/**
 * Runs queued metric rebuilds in the background, one at a time per replica. Jobs are rows
 * (`rebuild-jobs.ts`): a replica claims one with SKIP LOCKED, keeps a heartbeat while it works,
 * and marks it done in the rebuild's own transaction. A replica that dies mid-rebuild rolls its
 * transaction back and stops its heartbeat, so another (or itself, restarted) takes the job over.
 */
export class RebuildWorker {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly jobs: RebuildJobRepository,
    private readonly rollups: RollupRepository,
    private readonly notifier: ResultsNotifier,
    private readonly logger: Logger,
    private readonly opts: RebuildWorkerOptions,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Looks for work now (after this replica queued a job) rather than at the next poll. */
  kick(): void {
    if (this.stopped) return;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.current = this.current.then(() => this.drain());
    }, ms);
  }

  /** Runs jobs until none is left, then waits for the next poll. */
  private async drain(): Promise<void> {
    try {
      while (!this.stopped && (await this.runOne())) {
        // next job
      }
    } catch (err) {
      this.logger.error({ err: (err as Error).message }, 'metric rebuild queue unreachable');
    }
    if (!this.timer) this.schedule(this.opts.pollMs);
  }

  private async runOne(): Promise<boolean> {
    const job = await this.jobs.claim(this.opts.staleMs);
    if (!job) return false;
    const heartbeat = setInterval(() => {
      void this.jobs
        .heartbeat(job.id)
        .catch((err: Error) =>
          this.logger.warn({ err: err.message, job: job.id }, 'rebuild heartbeat failed'),
        );
    }, this.opts.heartbeatMs);
    const started = Date.now();
    try {
      const experiments = await this.rollups.rebuildMetric(job.metricKey, (m) => this.jobs.finish(m, job.id));
      this.notifier.changed(experiments);
      this.logger.info(
        { metric: job.metricKey, version: job.metricVersion, ms: Date.now() - started },
        'metric rollups rebuilt',
      );
    } catch (err) {
      const message = (err as Error).message;
      this.logger.error({ metric: job.metricKey, err: message }, 'metric rebuild failed');
      await this.jobs.fail(job.id, message, this.opts.maxAttempts);
    } finally {
      clearInterval(heartbeat);
    }
    return true;
  }
}
