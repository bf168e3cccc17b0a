import { channels, type EventBus, type Logger } from '@switchyard/server-kit';

/**
 * Tells the gateway which experiments' rollups changed (`experimentResultsUpdated`). Keys are
 * gathered for a short interval so an ingest burst costs one message per experiment.
 */
export class ResultsNotifier {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly intervalMs = 250,
  ) {}

  changed(experimentKeys: Iterable<string>): void {
    for (const key of experimentKeys) this.pending.add(key);
    if (this.pending.size > 0) this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const keys = [...this.pending];
    this.pending.clear();
    for (const experimentKey of keys) {
      await this.bus
        .publish(channels.experimentResults, JSON.stringify({ experimentKey }))
        .catch((err: Error) =>
          this.logger.warn({ err: err.message, experimentKey }, 'results notice not sent'),
        );
    }
  }
}
