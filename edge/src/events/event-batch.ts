/** `POST /events` takes at most this many events per call, on a gateway and on a relay alike. */
export const MAX_EVENTS_PER_CALL = 1000;

/** A `POST /events` body that is not a batch of events; the message says what to send instead. */
export class EventBatchError extends Error {}

/**
 * The events of a `POST /events` body, `{ "events": [...] }` or a bare array, as JSON text (a relay,
 * and sendBeacon's text/plain) or already parsed; with the `apiKey` a beacon may carry in the body.
 * Each event's own shape is judged later, by whoever stores it.
 */
export function readEventBatch(body: unknown): { events: unknown[]; apiKey: string | null } {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new EventBatchError('The body is not JSON: send { "events": [...] } or an array');
    }
  }
  const object =
    parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  const events = Array.isArray(parsed) ? parsed : object?.events;
  if (!Array.isArray(events)) throw new EventBatchError('Send { "events": [...] } or an array of events');
  if (events.length > MAX_EVENTS_PER_CALL)
    throw new EventBatchError(
      `events: at most ${MAX_EVENTS_PER_CALL} events per call; this call has ${events.length}`,
    );
  return { events, apiKey: typeof object?.apiKey === 'string' ? object.apiKey : null };
}
