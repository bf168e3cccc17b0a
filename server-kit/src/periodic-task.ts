import type { Logger } from './logger';

/**
 * Runs `work` every `intervalMs`, never two runs at once (a slow run makes the next tick skip),
 * logging a failed run instead of crashing the process. `stop()` waits for the run in flight, so
 * a graceful shutdown never cuts a transaction short. The timer does not keep the process alive.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly what: string,
    private readonly work: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(intervalMs: number, { immediately = true } = {}): void {
    this.timer = setInterval(() => this.runOnce(), intervalMs);
    this.timer.unref();
    if (immediately) this.runOnce();
  }

  private runOnce(): void {
    if (this.running) return;
    this.running = this.work()
      .then(() => undefined)
      .catch((err: Error) => this.logger.warn({ err: err.message, what: this.what }, `${this.what} failed`))
      .finally(() => {
        this.running = null;
      });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
