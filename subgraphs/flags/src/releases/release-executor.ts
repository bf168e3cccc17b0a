import type { Logger } from '@switchyard/server-kit';

/** One kind of due work: does at most one transition, false when nothing is due. */
type Step = () => Promise<boolean>;

/**
 * Runs release plan transitions and scheduled changes on every replica. State and timers live in
 * PostgreSQL and each step claims its row with FOR UPDATE SKIP LOCKED inside the transition's own
 * transaction, so any number of replicas share the work, each transition happens once, and a
 * replica killed mid-transition leaves its row to the next one (its transaction never committed).
 */
export class ReleaseExecutor {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly steps: Step[],
    private readonly logger: Logger,
    private readonly options: { intervalMs: number; maxPerTick: number },
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Works until nothing is due (or `maxPerTick` transitions); returns how many steps did something. */
  async runOnce(): Promise<number> {
    let done = 0;
    for (const step of this.steps) {
      while (done < this.options.maxPerTick && !this.stopped) {
        if (!(await step())) break;
        done += 1;
      }
    }
    return done;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .then(() => undefined)
        .catch((err: Error) => this.logger.warn({ err: err.message }, 'release executor tick failed'))
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.options.intervalMs);
    this.timer.unref();
  }
}
