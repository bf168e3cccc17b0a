import { findTextProblem } from '@switchyard/server-kit';
import type { EventType } from './event.entity';

export interface EventInput {
  eventId: string;
  type: EventType;
  userKey: string;
  experimentKey?: string | null;
  variant?: string | null;
  eventName?: string | null;
  value?: number | null;
  properties?: unknown;
  timestamp?: Date | string | null;
  /** Of an EXPOSURE: the experiment's analysis period (1 + restarts). Set by the experiments subgraph only. */
  analysisPeriod?: number | null;
}

export const MAX_BATCH = 1000;
export const MAX_PROPERTIES_BYTES = 8 * 1024;
const MAX_FUTURE_MS = 5 * 60 * 1000;
const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/** Why one event cannot be stored, or null when it can. Batches keep their valid events. */
export function eventProblem(e: EventInput, now: number): string | null {
  if (!e.eventId || e.eventId.length > 200) return 'eventId must be 1–200 characters';
  if (!e.userKey || e.userKey.length > 512) return 'userKey must be 1–512 characters';
  if (e.value !== null && e.value !== undefined && !Number.isFinite(e.value))
    return 'value must be a finite number';
  if (e.analysisPeriod != null && !(Number.isInteger(e.analysisPeriod) && e.analysisPeriod >= 1)) {
    return 'analysisPeriod must be a whole number of at least 1';
  }
  if (e.type === 'EXPOSURE' && (!e.experimentKey || !e.variant)) {
    return 'an EXPOSURE event needs experimentKey and variant';
  }
  if (e.type === 'CONVERSION' && !e.eventName) return 'a CONVERSION event needs eventName';
  if (e.type === 'EVALUATION') {
    if (!e.eventName || !e.variant) return 'an EVALUATION event needs eventName (the flag key) and variant';
    if (e.value !== null && e.value !== undefined && (e.value < 0 || !Number.isInteger(e.value))) {
      return 'the value of an EVALUATION event is a count: a non-negative integer';
    }
  }
  if (e.eventName && e.eventName.length > 200) return 'eventName must be at most 200 characters';
  if (e.timestamp !== null && e.timestamp !== undefined) {
    const t = new Date(e.timestamp).getTime();
    if (Number.isNaN(t)) return 'timestamp is not a date';
    if (t > now + MAX_FUTURE_MS) return 'timestamp is more than 5 minutes in the future';
    if (t < now - MAX_AGE_MS) return 'timestamp is older than 30 days';
  }
  // Every string of the event, properties included, as PostgreSQL will store it (no NUL, valid Unicode).
  const text = findTextProblem(
    {
      eventId: e.eventId,
      userKey: e.userKey,
      experimentKey: e.experimentKey,
      variant: e.variant,
      eventName: e.eventName,
      properties: e.properties,
    },
    'event',
  );
  if (text) return `${text.path.slice('event.'.length)} ${text.message}`;
  if (e.properties !== null && e.properties !== undefined) {
    const size = Buffer.byteLength(JSON.stringify(e.properties), 'utf8');
    if (size > MAX_PROPERTIES_BYTES) return `properties are ${size} bytes; the limit is 8 KB`;
  }
  return null;
}
