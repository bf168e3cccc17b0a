import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@switchyard/server-kit';
import { writeDurably } from './durable-file';

export interface EventForwarderOptions {
  dir: string;
  /** Upstream `POST /events` (a gateway's or another edge's). */
  eventsUrl: string | null;
  serverKey: string | null;
  batchSize: number;
  flushMs: number;
  logger: Logger;
  onForwarded?: (accepted: number, duplicates: number, rejected: number) => void;
}

/** Upstream answered 2xx with trackEvents' counts. */
interface Tracked {
  accepted?: number;
  duplicates?: number;
  rejected?: number;
  results?: { eventId: string; accepted: boolean; reason: string | null }[];
}

/**
 * Events taken by the relay, kept on disk until upstream has them. Each accepted `POST /events` is
 * one file, flushed and renamed into place before the caller is answered, so an acknowledged event
 * survives a crash. A forwarder sends the oldest files upstream in batches and deletes them only
 * after upstream's 2xx. A batch sent twice (a crash between upstream's answer and the delete, a
 * timeout after upstream stored it) is harmless: analytics stores an event once per `eventId`, and
 * counts the repeat as a duplicate. Nothing is lost while upstream is down; it is retried.
 */
export class EventBuffer {
  private counter = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private failures = 0;
  private nextTryAt = 0;
  /** Events on disk, for /metrics and /ready. */
  pending = 0;

  constructor(private readonly opts: EventForwarderOptions) {}

  async start(): Promise<void> {
    await fs.mkdir(this.opts.dir, { recursive: true });
    // Temporary files of a write cut short were never acknowledged.
    for (const name of await fs.readdir(this.opts.dir))
      if (name.endsWith('.tmp')) await fs.rm(path.join(this.opts.dir, name), { force: true });
    this.pending = 0;
    for (const file of await this.files()) this.pending += (await this.read(file)).length;
    if (this.opts.eventsUrl && this.opts.serverKey)
      this.timer = setInterval(() => void this.flush(), this.opts.flushMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Keeps the events durably; resolves once they are on disk. */
  async append(events: unknown[]): Promise<void> {
    const name = `${Date.now().toString().padStart(15, '0')}-${process.pid}-${String(++this.counter).padStart(9, '0')}.json`;
    await writeDurably(path.join(this.opts.dir, name), JSON.stringify(events));
    this.pending += events.length;
  }

  /** Sends what is on disk upstream, oldest first, until it is empty or upstream fails. */
  flush(): Promise<void> {
    if (this.running) return this.running;
    if (Date.now() < this.nextTryAt) return Promise.resolve();
    this.running = this.forwardAll()
      .catch((err: Error) => {
        this.failures++;
        // At most 30 s between tries while upstream is away.
        this.nextTryAt = Date.now() + Math.min(30_000, this.opts.flushMs * 2 ** Math.min(this.failures, 5));
        if (this.failures === 1 || this.failures % 10 === 0)
          this.opts.logger.warn(
            { err: err.message, pending: this.pending },
            'events kept on disk: upstream did not take them',
          );
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async files(): Promise<string[]> {
    return (await fs.readdir(this.opts.dir)).filter((n) => n.endsWith('.json')).sort();
  }

  private async read(file: string): Promise<unknown[]> {
    return JSON.parse(await fs.readFile(path.join(this.opts.dir, file), 'utf8')) as unknown[];
  }

  private async forwardAll(): Promise<void> {
    for (;;) {
      const batch: unknown[] = [];
      const taken: string[] = [];
      for (const file of await this.files()) {
        const events = await this.read(file);
        // A file is sent whole (never split), so its delete follows one upstream answer.
        if (taken.length > 0 && batch.length + events.length > this.opts.batchSize) break;
        batch.push(...events);
        taken.push(file);
      }
      if (taken.length === 0) return;
      await this.send(batch);
      for (const file of taken) await fs.rm(path.join(this.opts.dir, file), { force: true });
      this.pending = Math.max(0, this.pending - batch.length);
      this.failures = 0;
      this.nextTryAt = 0;
    }
  }

  private async send(events: unknown[]): Promise<void> {
    // Upstream takes at most 1,000 per call; a single file holds at most that many (POST /events' limit).
    for (let i = 0; i < events.length; i += 1000) {
      const res = await fetch(this.opts.eventsUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.opts.serverKey}` },
        body: JSON.stringify({ events: events.slice(i, i + 1000) }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await res.json().catch(() => ({}))) as Tracked & { error?: { message?: string } };
      if (res.status === 400) {
        // Upstream refuses the call as a whole (never for one bad event: those come back in `results`).
        // Retrying would block every later event, so the batch is logged and dropped.
        this.opts.logger.error(
          { error: body.error?.message, events: events.length },
          'upstream refused a batch of events as a whole; dropped',
        );
        continue;
      }
      if (!res.ok)
        throw new Error(`upstream POST /events answered ${res.status}: ${body.error?.message ?? ''}`);
      const rejected = body.results?.filter((r) => !r.accepted) ?? [];
      if (rejected.length > 0)
        this.opts.logger.warn(
          { rejected: rejected.slice(0, 5).map((r) => `${r.eventId}: ${r.reason}`), count: rejected.length },
          'upstream rejected events',
        );
      this.opts.onForwarded?.(body.accepted ?? 0, body.duplicates ?? 0, body.rejected ?? rejected.length);
    }
  }
}
