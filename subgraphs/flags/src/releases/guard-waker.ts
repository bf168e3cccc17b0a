import { channels, type EventBus, type Logger, type Unsubscribe } from '@switchyard/server-kit';
import type { ExecutorClock } from './executor-clock';
import type { ReleaseRepository } from './release-plan.repository';

/**
 * Reads release guards when their data arrives rather than only on their interval: analytics says
 * which metrics just got events and which flags those events were stamped with (`metricEvents`), the
 * active plans of those flags guarding one of those metrics become due, and the executor steps at once
 * (with 1,000 plans guarding one error metric, an event about one flag reads one plan's guards). Wakes are at most one per `minIntervalMs` per replica, so under a
 * steady stream of events a plan's guards are read about that often, never once per event batch.
 */
export class GuardWaker {
  private readonly metrics = new Set<string>();
  /** The flags those events were stamped with; null: some message named none (any flag). */
  private flags: Set<string> | null = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private lastWake = 0;
  private unsubscribe: Unsubscribe | null = null;

  constructor(
    private readonly repo: ReleaseRepository,
    private readonly clock: ExecutorClock,
    private readonly kick: () => void,
    private readonly logger: Logger,
    private readonly minIntervalMs: number,
  ) {}

  async listen(bus: EventBus): Promise<void> {
    this.unsubscribe = await bus.subscribe(channels.metricEvents, (message) => {
      try {
        const { metrics, flags } = JSON.parse(message) as { metrics?: unknown; flags?: unknown };
        if (!Array.isArray(metrics)) return;
        for (const m of metrics) if (typeof m === 'string') this.metrics.add(m);
        if (!Array.isArray(flags)) this.flags = null;
        else for (const f of flags) if (typeof f === 'string') this.flags?.add(f);
      } catch {
        return;
      }
      this.schedule();
    });
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private schedule(): void {
    if (this.timer || this.metrics.size === 0) return;
    const wait = Math.max(0, this.lastWake + this.minIntervalMs - Date.now());
    this.timer = setTimeout(() => void this.wake(), wait);
    this.timer.unref();
  }

  private async wake(): Promise<void> {
    this.lastWake = Date.now();
    const metrics = [...this.metrics];
    this.metrics.clear();
    const flags = this.flags ? [...this.flags] : null;
    this.flags = new Set();
    try {
      if ((await this.repo.wakeGuarded(metrics, flags, await this.clock.now())) > 0) this.kick();
    } catch (err) {
      // The plans keep their interval: a failed wake only delays a reading.
      this.logger.warn({ err: (err as Error).message }, 'release guards not woken');
    } finally {
      this.timer = null;
      this.schedule();
    }
  }
}
