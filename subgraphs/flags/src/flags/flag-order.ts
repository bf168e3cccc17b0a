import { decodeCursor, encodeCursor, errors } from '@switchyard/server-kit';
import type { FlagOrderField, OrderDirection } from '../generated/graphql';

/** A resolved `orderBy`: STATUS always carries its environment. */
export interface FlagOrder {
  field: FlagOrderField;
  direction: OrderDirection;
  /** Only for STATUS. */
  environment: string | null;
}

export const DEFAULT_FLAG_ORDER: FlagOrder = { field: 'KEY', direction: 'ASC', environment: null };

/**
 * Where a flag sits in an order: the sort value as SQL renders it to text (exact, e.g. microseconds of
 * a timestamp) and the key that breaks ties.
 */
export interface FlagPosition {
  value: string;
  key: string;
}

/** How an order reads in messages and cursors, e.g. `STATUS DESC in production`. */
export function describeOrder(order: FlagOrder): string {
  const base = `${order.field} ${order.direction}`;
  return order.field === 'STATUS' ? `${base} in ${order.environment}` : base;
}

/** What each order's sort value looks like in a cursor (a cursor is opaque, but may be tampered with). */
const VALUE_SHAPES: Record<FlagOrderField, RegExp> = {
  KEY: /^/,
  NAME: /^/,
  UPDATED_AT: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/,
  STATUS: /^[0-2]$/,
};

interface CursorBody {
  o: string;
  v: string;
  k: string;
}

/** A keyset cursor: the order it belongs to, the sort value and the key of the last row returned. */
export function encodeFlagCursor(order: FlagOrder, position: FlagPosition): string {
  const body: CursorBody = { o: describeOrder(order), v: position.value, k: position.key };
  return encodeCursor(JSON.stringify(body));
}

function parseBody(text: string): CursorBody | null {
  try {
    const body = JSON.parse(text) as Partial<CursorBody> | null;
    if (body && typeof body.o === 'string' && typeof body.v === 'string' && typeof body.k === 'string') {
      return body as CursorBody;
    }
  } catch {
    // Not one of ours: see below.
  }
  return null;
}

/**
 * The position `after` points at, in `order`. A cursor returned with another order is refused: its
 * position means nothing in this one, and silently restarting would repeat or skip flags.
 */
export function decodeFlagCursor(order: FlagOrder, after: string | null | undefined): FlagPosition | null {
  const text = decodeCursor(after);
  if (text === null) return null;
  const body = parseBody(text);
  const wanted = describeOrder(order);
  if (!body) {
    // Cursors from before `orderBy` existed held the bare key, in key order.
    if (wanted === describeOrder(DEFAULT_FLAG_ORDER)) return { value: text, key: text };
    throw errors.badInput(
      `is a cursor of the key order (KEY ASC), not of ${wanted}: send it with the orderBy it was returned with, or leave out after to start at the first page`,
      'after',
    );
  }
  if (body.o !== wanted) {
    throw errors.badInput(
      `is a cursor of the order ${body.o}, not of ${wanted}: send it with the orderBy it was returned with, or leave out after to start at the first page`,
      'after',
      { cursorOrder: body.o, order: wanted },
    );
  }
  if (!VALUE_SHAPES[order.field].test(body.v)) {
    throw errors.badInput('is not a cursor returned by this API', 'after');
  }
  return { value: body.v, key: body.k };
}
