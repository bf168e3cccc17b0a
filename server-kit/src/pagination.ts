import { errors } from './errors';

/** Opaque cursors: base64 of the sort position, so clients never build them. */
export function encodeCursor(position: string | number): string {
  return Buffer.from(String(position), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): string | null {
  if (!cursor) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded) throw errors.badInput('is not a cursor returned by this API', 'after');
  return decoded;
}

export function clampPageSize(first: number | null | undefined, max = 500): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw errors.badInput(`must be between 0 and ${max}`, 'first');
  return n;
}
