import { channels, type EventBus, type Logger, projectScopedKey } from '@switchyard/server-kit';
import type { AssignmentRepository, PendingExposure } from './assignment.repository';

/**
 * The message analytics stores as an EXPOSURE event; `eventId` makes it idempotent there. One exposure
 * per user and analysis period: the first period keeps the id it always had (`exposure:<experiment>:<user>`,
 * which the demo data also uses), later periods add `:p<period>`. Another project's experiment is named
 * `project/key` in the id (projectScopedKey), so the same key in two projects makes two exposures.
 */
export function exposureMessage(e: PendingExposure): string {
  const period = e.exposurePeriod > 1 ? `:p${e.exposurePeriod}` : '';
  return JSON.stringify({
    eventId: `exposure:${projectScopedKey(e.project, e.experimentKey)}:${e.userKey}${period}`,
    project: e.project,
    experimentKey: e.experimentKey,
    variant: e.variant,
    userKey: e.userKey,
    analysisPeriod: e.exposurePeriod,
    timestamp: e.exposedAt.toISOString(),
    // Analytics keeps them with the exposure: the dimensions of breakdowns.
    ...(e.exposureAttributes && Object.keys(e.exposureAttributes).length > 0
      ? { attributes: e.exposureAttributes }
      : {}),
  });
}

/**
 * Publishes one exposure per new assignment on the bus, off the request path: assignments are queued
 * and flushed in small batches. The stored assignment row is the outbox — `exposure_published_at` is
 * set only after publishing — and a relay re-publishes rows a crash or a bus outage left behind.
 */
export class ExposurePublisher {
  private queue: PendingExposure[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private relayTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: AssignmentRepository,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly flushDelayMs = 20,
  ) {}

  enqueue(exposure: PendingExposure): void {
    this.queue.push(exposure);
    if (this.queue.length >= 200) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushDelayMs);
      this.timer.unref();
    }
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // One flush at a time keeps publish order and bounds the connections used.
    while (this.flushing) await this.flushing;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    this.flushing = this.publish(batch).finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  private async publish(batch: PendingExposure[]): Promise<void> {
    let published: PendingExposure[] = batch;
    try {
      // One bus round trip per batch (a pipeline on Redis, one statement on PostgreSQL).
      await this.bus.publishMany(channels.exposures, batch.map(exposureMessage));
    } catch (err) {
      // Left unpublished on purpose: the relay picks them up.
      this.logger.warn(
        { err: (err as Error).message, count: batch.length },
        'exposure publish failed; relay will retry',
      );
      published = [];
    }
    await this.repo.markPublished(published).catch((err: Error) =>
      // Not marked: the relay publishes them again and analytics drops the duplicates by eventId.
      this.logger.warn({ err: err.message }, 'could not mark exposures published'),
    );
  }

  /** Re-publishes exposures older than `graceMs` that are still unpublished; returns how many. */
  async relayOnce(graceMs = 5000): Promise<number> {
    return this.repo.dataSource.transaction(async (m) => {
      const pending = await this.repo.lockUnpublished(m, graceMs, 500);
      await this.bus.publishMany(channels.exposures, pending.map(exposureMessage));
      if (pending.length > 0) {
        await this.repo.markPublishedIn(m, pending);
        this.logger.info({ count: pending.length }, 'relayed unpublished exposures');
      }
      return pending.length;
    });
  }

  startRelay(intervalMs = 5000): void {
    this.relayTimer = setInterval(() => {
      this.relayOnce().catch((err: Error) => this.logger.warn({ err: err.message }, 'exposure relay failed'));
    }, intervalMs);
    this.relayTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.relayTimer) clearInterval(this.relayTimer);
    this.relayTimer = null;
    await this.flush().catch(() => undefined);
  }
}
