import { errors } from './errors';
import { textProblem } from './input-text';

/** Opaque cursors: base64 of the sort position, so clients never build them. */
export function encodeCursor(position: string | number): string {
  return Buffer.from(String(position), 'utf8').toString('base64url');
}

const MAX_CURSOR_LENGTH = 1024;

/**
 * The position a cursor holds. Only what encodeCursor makes is accepted: canonical base64url of
 * valid UTF-8 without NUL, so a made-up or damaged cursor is BAD_USER_INPUT on `after`, never a
 * position the database cannot read.
 */
export function decodeCursor(cursor: string | null | undefined): string | null {
  if (!cursor) return null;
  const refused = () => errors.badInput('is not a cursor returned by this API', 'after');
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw refused();
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.toString('base64url') !== cursor) throw refused();
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw refused();
  }
  if (!decoded || textProblem(decoded)) throw refused();
  return decoded;
}

export function clampPageSize(first: number | null | undefined, max = 500): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw errors.badInput(`must be between 0 and ${max}`, 'first');
  return n;
}
