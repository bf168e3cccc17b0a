import { randomUUID } from 'node:crypto';
import {
  channels,
  currentChangeSeq,
  type EventBus,
  type Logger,
  type Unsubscribe,
} from '@switchyard/server-kit';
import type { DataSource } from 'typeorm';
import type { IntegrationSender } from './integration-sender';
import type { IntegrationsConfig } from './integrations.config';
import type { DeliveryState, IntegrationRepository, IntegrationRow } from './integration.repository';
import type { IntegrationService } from './integration.service';
import { resourceTypesOf } from './outbox-change';

/** Exponential backoff with full jitter in its upper half: base·2^(attempt−1), capped. */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/**
 * Delivers the change outbox to every enabled integration, each in `seq` order, at least
 * once. Each integration has a cursor (the last seq handled) in its own state row; a replica
 * leases one integration at a time, sends the next change it subscribes to, and moves the
 * cursor only after the receiver accepted it. A failure keeps the cursor (later changes wait:
 * order per integration) and schedules a retry; failing for INTEGRATION_DISABLE_AFTER_MS
 * disables the integration. Writes never wait for any of this: it reads committed rows only.
 */
export class IntegrationDeliveryWorker {
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private unsubscribe: Unsubscribe | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly repo: IntegrationRepository,
    private readonly service: IntegrationService,
    private readonly sender: IntegrationSender,
    private readonly config: IntegrationsConfig,
    private readonly logger: Logger,
  ) {}

  async start(bus: EventBus): Promise<void> {
    this.running = true;
    // A change on the bus wakes the loop at once; the poll covers missed messages and retries.
    this.unsubscribe = await bus.subscribe(channels.configChanges, () => this.wake?.());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.unsubscribe?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.deliverDue();
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'integration delivery pass failed');
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, this.config.INTEGRATION_POLL_MS);
      });
      if (this.timer) clearTimeout(this.timer);
      this.wake = null;
    }
  }

  /** One pass: every due integration once, each drained as far as it goes. */
  async deliverDue(): Promise<void> {
    const seen: string[] = [];
    const leaseSeconds = Math.ceil(this.config.INTEGRATION_TIMEOUT_MS / 1000) + 10;
    while (this.running) {
      const token = randomUUID();
      const claimed = await this.repo.claimDue(token, leaseSeconds, seen);
      if (!claimed) return;
      seen.push(claimed.integration.id);
      try {
        await this.drain(claimed, token, leaseSeconds);
      } catch (err) {
        await this.repo.release(claimed.integration.id, token).catch(() => undefined);
        throw err;
      }
    }
  }

  private async drain(
    claimed: DeliveryState & { integration: IntegrationRow },
    token: string,
    leaseSeconds: number,
  ) {
    const { integration } = claimed;
    let cursor = claimed.cursorSeq;
    let attempt = claimed.attempt + 1;
    // A bounded batch per lease, so one busy integration does not starve the others.
    for (let sent = 0; sent < DRAIN_BATCH && this.running; sent++) {
      const head = await currentChangeSeq(this.ds);
      const change = await this.repo.nextChange(
        cursor,
        head,
        resourceTypesOf(integration.changeKinds),
        integration.environments,
        integration.projects,
      );
      if (!change) {
        await this.repo.advance(integration.id, token, head, null);
        return;
      }
      const result = await this.sender.send(integration, change, attempt);
      if (result) {
        await this.repo.logDelivery({
          integrationId: integration.id,
          seq: change.seq,
          attempt,
          succeeded: result.ok,
          statusCode: result.statusCode,
          latencyMs: result.latencyMs,
          responseExcerpt: result.excerpt,
          error: result.error,
          manual: false,
        });
      }
      if (result && !result.ok) {
        await this.failed(integration, token, change.seq, attempt, result.error);
        return;
      }
      await this.repo.advance(integration.id, token, change.seq, leaseSeconds);
      cursor = change.seq;
      attempt = 1;
    }
    await this.repo.release(integration.id, token);
  }

  private async failed(
    integration: IntegrationRow,
    token: string,
    seq: number,
    attempt: number,
    error: string | null,
  ) {
    const { INTEGRATION_RETRY_BASE_MS: base, INTEGRATION_RETRY_MAX_MS: max } = this.config;
    const delay = retryDelayMs(attempt, base, max);
    const failingSince = await this.repo.failed(integration.id, token, delay);
    this.logger.info(
      { integration: integration.id, seq, attempt, error, retryInMs: delay },
      'integration delivery failed; will retry',
    );
    const failingMs = failingSince ? Date.now() - failingSince.getTime() : 0;
    if (failingMs >= this.config.INTEGRATION_DISABLE_AFTER_MS) {
      const reason = `failing for ${Math.round(failingMs / 1000)} s (${attempt} attempts); last error: ${error}`;
      await this.service.disable(integration.id, reason);
      this.logger.warn(
        { integration: integration.id, reason },
        'integration disabled after sustained failure',
      );
    }
  }
}

const DRAIN_BATCH = 100;
