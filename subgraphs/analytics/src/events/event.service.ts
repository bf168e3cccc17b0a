import { errors } from '@switchyard/server-kit';
import type { EventRepository, StoredEvent } from './event.repository';
import { type EventInput, eventProblem, MAX_BATCH } from './event-validation';

export interface EventResult {
  eventId: string;
  accepted: boolean;
  duplicate: boolean;
  reason: string | null;
}

export class EventService {
  constructor(private readonly repo: EventRepository) {}

  async track(events: EventInput[], now = Date.now()) {
    if (events.length > MAX_BATCH) {
      throw errors.badInput(`at most ${MAX_BATCH} events per call; this call has ${events.length}`, 'events');
    }
    const results: EventResult[] = [];
    const valid: StoredEvent[] = [];
    const seenInBatch = new Set<string>();
    for (const e of events) {
      const reason = eventProblem(e, now);
      if (reason) {
        results.push({ eventId: e.eventId, accepted: false, duplicate: false, reason });
        continue;
      }
      if (seenInBatch.has(e.eventId)) {
        results.push({ eventId: e.eventId, accepted: true, duplicate: true, reason: null });
        continue;
      }
      seenInBatch.add(e.eventId);
      valid.push({
        eventId: e.eventId,
        type: e.type,
        userKey: e.userKey,
        experimentKey: e.experimentKey ?? null,
        variant: e.variant ?? null,
        eventName: e.eventName ?? null,
        value: e.value ?? null,
        properties: e.properties ?? null,
        occurredAt: e.timestamp ? new Date(e.timestamp) : new Date(now),
      });
      results.push({ eventId: e.eventId, accepted: true, duplicate: false, reason: null });
    }
    const inserted = await this.repo.insertEvents(valid);
    for (const r of results) {
      if (r.accepted && !r.duplicate && !inserted.has(r.eventId)) r.duplicate = true;
    }
    return {
      accepted: results.filter((r) => r.accepted && !r.duplicate).length,
      duplicates: results.filter((r) => r.duplicate).length,
      rejected: results.filter((r) => !r.accepted).length,
      results,
    };
  }
}
