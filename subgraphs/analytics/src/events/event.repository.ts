import type { DataSource, EntityManager } from 'typeorm';
import type { EventType } from './event.entity';

export interface StoredEvent {
  eventId: string;
  type: EventType;
  userKey: string;
  experimentKey: string | null;
  variant: string | null;
  eventName: string | null;
  value: number | null;
  properties: unknown;
  occurredAt: Date;
  /** The analysis period of an EXPOSURE (1 for every other event). */
  analysisPeriod: number;
}

/** All SQL about raw events. */
export class EventRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly synchronousCommit = true,
  ) {}

  /**
   * Inserts in one statement; returns the events that were new, in input order (the rest were
   * duplicates). The statement also sets the transaction's `synchronous_commit` (one round trip
   * fewer): `on` by default, so an acknowledged event survives a PostgreSQL crash (5 of 2,370 events
   * acknowledged just before a kill were lost while the default was `off`). Batches serialise on the
   * rollup lock, held until the commit returns, so the flush is paid in the serial section: the
   * service groups concurrent calls into one commit (EventService.commit) to pay it once per group.
   * `INGEST_SYNCHRONOUS_COMMIT=off` opts out: batches acknowledged in the last ~0.6 s
   * (3 × wal_writer_delay) before a crash may then be lost, whole.
   */
  async insertEvents(m: EntityManager, events: StoredEvent[]): Promise<StoredEvent[]> {
    if (events.length === 0) return [];
    const rows: { event_id: string }[] = await m.query(
      `INSERT INTO analytics.events (event_id, type, user_key, experiment_key, variant, event_name, value, properties, occurred_at, analysis_period)
       SELECT u.* FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::jsonb[], $9::timestamptz[], $10::int[]) u
       CROSS JOIN (SELECT set_config('synchronous_commit', $11, true)) c
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id`,
      [
        events.map((e) => e.eventId),
        events.map((e) => e.type),
        events.map((e) => e.userKey),
        events.map((e) => e.experimentKey),
        events.map((e) => e.variant),
        events.map((e) => e.eventName),
        events.map((e) => e.value),
        events.map((e) => (e.properties === undefined ? null : JSON.stringify(e.properties))),
        events.map((e) => e.occurredAt),
        events.map((e) => e.analysisPeriod),
        this.synchronousCommit ? 'on' : 'off',
      ],
    );
    const inserted = new Set(rows.map((r) => r.event_id));
    return events.filter((e) => inserted.has(e.eventId));
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}
