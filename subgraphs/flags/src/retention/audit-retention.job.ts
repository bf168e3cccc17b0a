import type { Logger } from '@switchyard/server-kit';
import type { RetentionConfig } from './retention.config';
import type { RetentionRepository } from './retention.repository';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes audit entries older than AUDIT_RETENTION_DAYS, in batches of RETENTION_BATCH_SIZE,
 * each its own short transaction. Every flags replica ticks; the schedule row lets one of
 * them run each interval. Raw analytics events are the analytics subgraph's to delete.
 */
export class AuditRetentionJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly repo: RetentionRepository,
    private readonly config: RetentionConfig,
    private readonly logger: Logger,
  ) {}

  policy() {
    return { auditLogDays: this.config.AUDIT_RETENTION_DAYS };
  }

  start(): void {
    const tick = Math.min(this.config.RETENTION_INTERVAL_MS, 60_000);
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runIfDue()
        .then(() => undefined)
        .catch((err) => this.logger.warn({ err: (err as Error).message }, 'audit retention run failed'))
        .finally(() => {
          this.running = null;
        });
    }, tick);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async runIfDue(): Promise<number | null> {
    if (!(await this.repo.claimRun(this.config.RETENTION_INTERVAL_MS))) return null;
    const cutoff = new Date(Date.now() - this.config.AUDIT_RETENTION_DAYS * DAY_MS);
    let deleted = 0;
    for (;;) {
      const n = await this.repo.deleteAuditBatch(cutoff, this.config.RETENTION_BATCH_SIZE);
      deleted += n;
      if (n < this.config.RETENTION_BATCH_SIZE) break;
    }
    await this.repo.recordRun(cutoff, deleted);
    if (deleted > 0) this.logger.info({ deleted, cutoff }, 'audit retention deleted old entries');
    return deleted;
  }

  async report() {
    const [state, oldest] = await Promise.all([this.repo.state(), this.repo.oldestAuditEntryAt()]);
    return { ...this.policy(), ...state, oldestAuditEntryAt: oldest };
  }
}
