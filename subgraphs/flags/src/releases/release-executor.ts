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
  /** A kick came while a tick ran: run again as soon as it ends. */
  private again = false;

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

  /** Runs a tick now instead of at the next interval (something became due: a plan was woken). */
  kick(): void {
    if (this.stopped || this.timer === null) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.tick();
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

  private schedule(delayMs = this.options.intervalMs): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.tick(), delayMs);
    this.timer.unref();
  }

  private tick(): void {
    this.again = false;
    this.running = this.runOnce()
      .then(() => undefined)
      .catch((err: Error) => this.logger.warn({ err: err.message }, 'release executor tick failed'))
      .finally(() => {
        this.running = null;
        this.schedule(this.again ? 0 : this.options.intervalMs);
      });
  }
}
