import { channels, type EventBus, type Logger } from '@switchyard/server-kit';

const MAX_NAMED_FLAGS = 5000;
/** Under PostgreSQL's NOTIFY payload limit (8,000 bytes), as evaluation counts are. */
const MAX_MESSAGE_BYTES = 7000;

/**
 * `{ metrics, flags }` messages, each under the NOTIFY limit: the flags are split across messages
 * that each repeat the metrics; `flags` is left out (every flag) when the events named none.
 */
export function metricEventMessages(metrics: string[], flags: string[] | null): string[] {
  if (!flags) return [JSON.stringify({ metrics })];
  const messages: string[] = [];
  let chunk: string[] = [];
  let bytes = Buffer.byteLength(JSON.stringify({ metrics, flags: [] }));
  for (const flag of flags) {
    const size = Buffer.byteLength(JSON.stringify(flag)) + 1;
    if (chunk.length > 0 && bytes + size > MAX_MESSAGE_BYTES) {
      messages.push(JSON.stringify({ metrics, flags: chunk }));
      chunk = [];
      bytes = Buffer.byteLength(JSON.stringify({ metrics, flags: [] }));
    }
    chunk.push(flag);
    bytes += size;
  }
  if (chunk.length > 0) messages.push(JSON.stringify({ metrics, flags: chunk }));
  return messages;
}

/**
 * Tells other services what an ingest changed: which experiments' rollups (the gateway's
 * `experimentResultsUpdated`) and which metrics got events (the flags subgraph reads the release guards
 * on them at once instead of at their next interval). Gathered for a short interval, so an ingest burst
 * costs one message per experiment and one for the metrics.
 */
export class ResultsNotifier {
  private readonly pending = new Set<string>();
  private readonly eventNames = new Set<string>();
  /** The flags the stored events were stamped with (`properties.flags`); null: some event named none. */
  private flags: Set<string> | null = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly bus: EventBus,
    private readonly logger: Logger,
    /** The metrics computed from events of these names (analytics' metric definitions). */
    private readonly metricsOf: (eventNames: string[]) => Promise<string[]> = async () => [],
    private readonly intervalMs = 250,
  ) {}

  changed(experimentKeys: Iterable<string>): void {
    for (const key of experimentKeys) this.pending.add(key);
    this.schedule();
  }

  /** These events were stored: their names, and the flags they were stamped with, wake release guards. */
  stored(events: Iterable<{ eventName: string | null; properties: unknown }>): void {
    for (const e of events) {
      if (!e.eventName) continue;
      this.eventNames.add(e.eventName);
      const flags = (e.properties as { flags?: unknown } | null)?.flags;
      if (flags && typeof flags === 'object' && !Array.isArray(flags)) {
        for (const key of Object.keys(flags)) this.flags?.add(key);
      } else this.flags = null;
      // Past this many, naming them costs more than the guards it spares.
      if (this.flags && this.flags.size > MAX_NAMED_FLAGS) this.flags = null;
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.pending.size > 0 || this.eventNames.size > 0)
      this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const keys = [...this.pending];
    this.pending.clear();
    const names = [...this.eventNames];
    this.eventNames.clear();
    const flags = this.flags ? [...this.flags] : null;
    this.flags = new Set();
    for (const experimentKey of keys) {
      await this.bus
        .publish(channels.experimentResults, JSON.stringify({ experimentKey }))
        .catch((err: Error) =>
          this.logger.warn({ err: err.message, experimentKey }, 'results notice not sent'),
        );
    }
    if (names.length === 0) return;
    try {
      const metrics = await this.metricsOf(names);
      // Guards also read on their interval, so a lost notice only delays a rollback.
      if (metrics.length > 0) {
        const messages = metricEventMessages(metrics, flags);
        if (messages.length === 1) await this.bus.publish(channels.metricEvents, messages[0]!);
        else await this.bus.publishMany(channels.metricEvents, messages);
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'metric events notice not sent');
    }
  }
}
