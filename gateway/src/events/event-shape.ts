// POST /events forwards to `trackEvents`, whose GraphQL input coercion refuses the whole
// request when one event has the wrong shape. An HTTP body is not typed, so each item is
// checked here against `EventInput` first: a malformed item gets its own result and the
// well-formed ones go on. Semantic checks (time range, sizes, experiments) stay in analytics.

const EVENT_TYPES = new Set(['EXPOSURE', 'CONVERSION', 'CUSTOM', 'EVALUATION']);
const REQUIRED_STRINGS = ['eventId', 'userKey'] as const;
const OPTIONAL_STRINGS = ['experimentKey', 'variant', 'eventName'] as const;
const FIELDS = new Set([
  ...REQUIRED_STRINGS,
  ...OPTIONAL_STRINGS,
  'type',
  'value',
  'properties',
  'timestamp',
]);

/** The eventId to report for an item, even a malformed one ("" when it has none). */
export function eventIdOf(item: unknown): string {
  const id = (item as { eventId?: unknown } | null)?.eventId;
  return typeof id === 'string' ? id : id === undefined || id === null ? '' : String(id);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Why an item is not an `EventInput`, naming the field; null when it is one. */
export function eventShapeProblem(item: unknown, index: number): string | null {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    return `events[${index}] must be an object, not ${describe(item)}`;
  }
  const e = item as Record<string, unknown>;
  const unknown = Object.keys(e).find((k) => !FIELDS.has(k));
  if (unknown !== undefined) {
    return `events[${index}].${unknown} is not a field of an event (fields: ${[...FIELDS].join(', ')})`;
  }
  for (const field of REQUIRED_STRINGS) {
    if (typeof e[field] !== 'string') return `${field} must be a string, not ${describe(e[field])}`;
  }
  if (typeof e.type !== 'string' || !EVENT_TYPES.has(e.type)) {
    return `type must be one of ${[...EVENT_TYPES].join(', ')}, not ${JSON.stringify(e.type) ?? 'missing'}`;
  }
  for (const field of OPTIONAL_STRINGS) {
    const v = e[field];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      return `${field} must be a string, not ${describe(v)}`;
    }
  }
  if (e.value !== undefined && e.value !== null) {
    if (typeof e.value !== 'number') return `value must be a number, not ${describe(e.value)}`;
    // JSON.parse turns 1e999 into Infinity, which JSON cannot carry onwards.
    if (!Number.isFinite(e.value)) return 'value must be a finite number';
  }
  const t = e.timestamp;
  if (t !== undefined && t !== null) {
    if (typeof t !== 'string' && typeof t !== 'number') {
      return `timestamp must be an ISO-8601 string, not ${describe(t)}`;
    }
    if (Number.isNaN(new Date(t).getTime())) return `timestamp "${t}" is not an ISO-8601 date-time`;
  }
  return null;
}
