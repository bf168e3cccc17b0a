import type { Logger } from './logger';

/**
 * Runs `work` every `intervalMs`, never two runs at once (a slow run makes the next tick skip),
 * logging a failed run instead of crashing the process, and trying a failed run again after at
 * most 30 s (a job with an hourly interval whose first run met a neighbour still starting must not
 * wait an hour). `stop()` waits for the run in flight, so a graceful shutdown never cuts a
 * transaction short. The timers do not keep the process alive.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;
  private retry: NodeJS.Timeout | null = null;
  private retryMs = 30_000;
  private running: Promise<void> | null = null;

  constructor(
    private readonly what: string,
    private readonly work: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(intervalMs: number, { immediately = true, retryMs = Math.min(intervalMs, 30_000) } = {}): void {
    this.retryMs = retryMs;
    this.timer = setInterval(() => this.runOnce(), intervalMs);
    this.timer.unref();
    if (immediately) this.runOnce();
  }

  private runOnce(): void {
    if (this.running) return;
    this.running = this.work()
      .then(() => undefined)
      .catch((err: Error) => {
        this.logger.warn({ err: err.message, what: this.what }, `${this.what} failed; trying again soon`);
        if (!this.timer || this.retry) return;
        this.retry = setTimeout(() => {
          this.retry = null;
          this.runOnce();
        }, this.retryMs);
        this.retry.unref();
      })
      .finally(() => {
        this.running = null;
      });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.retry) clearTimeout(this.retry);
    this.timer = null;
    this.retry = null;
    await this.running;
  }
}
