import type { DataSource } from 'typeorm';

export interface StoredEvent {
  eventId: string;
  type: string;
  userKey: string;
  experimentKey: string | null;
  variant: string | null;
  eventName: string | null;
  value: number | null;
  properties: unknown;
  occurredAt: Date;
}

/** All SQL about raw events and exposures. */
export class EventRepository {
  constructor(private readonly ds: DataSource) {}

  /** Inserts in one statement; returns the ids that were new (the rest were duplicates). */
  async insertEvents(events: StoredEvent[]): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    return this.ds.transaction(async (m) => {
      const rows: { event_id: string }[] = await m.query(
        `INSERT INTO analytics.events (event_id, type, user_key, experiment_key, variant, event_name, value, properties, occurred_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::jsonb[], $9::timestamptz[])
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
        ],
      );
      const inserted = new Set(rows.map((r) => r.event_id));
      const exposures = events.filter((e) => e.type === 'EXPOSURE' && inserted.has(e.eventId));
      if (exposures.length > 0) {
        // The first exposure wins: a user stays in the variant they first saw.
        await m.query(
          `INSERT INTO analytics.exposures (experiment_key, user_key, variant, first_exposed_at)
           SELECT DISTINCT ON (k, u) k, u, v, t
           FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS x(k, u, v, t)
           ORDER BY k, u, t
           ON CONFLICT (experiment_key, user_key) DO NOTHING`,
          [
            exposures.map((e) => e.experimentKey),
            exposures.map((e) => e.userKey),
            exposures.map((e) => e.variant),
            exposures.map((e) => e.occurredAt),
          ],
        );
      }
      return inserted;
    });
  }

  async exposureCounts(experimentKeys: readonly string[]): Promise<Map<string, number>> {
    const rows: { experiment_key: string; users: string }[] = await this.ds.query(
      `SELECT experiment_key, count(*) AS users FROM analytics.exposures
       WHERE experiment_key = ANY($1) GROUP BY experiment_key`,
      [experimentKeys],
    );
    return new Map(rows.map((r) => [r.experiment_key, Number(r.users)]));
  }
}
