// Bounds on an evaluation context. Evaluation cost grows with the length of the strings a condition reads (a
// `matches` pattern scans every character), so a server that evaluates contexts sent by callers checks them
// first: one attribute, and the whole context, have a maximum size. Checked once per request, not per flag.

import type { ValidationProblem } from './validate';

/** Longest string (attribute value, or an attribute name) in a context, in UTF-16 code units. */
export const MAX_CONTEXT_STRING_LENGTH = 1024;
/** Largest context, counted as the characters of its names and values (close to its JSON size). */
export const MAX_CONTEXT_SIZE = 32 * 1024;
/** Deepest nesting of objects and arrays in a context. */
export const MAX_CONTEXT_DEPTH = 8;

class TooLarge extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The first problem that makes `context` unusable, with the path of its field (`context.email`), or null.
 * Reads own enumerable properties only; a getter that throws is reported, never rethrown.
 */
export function contextProblem(context: unknown, path = 'context'): ValidationProblem | null {
  if (context === null || typeof context !== 'object' || Array.isArray(context))
    return { path, message: 'must be a JSON object' };
  try {
    const key = (context as { key?: unknown }).key;
    if (typeof key !== 'string' || key.length === 0)
      return { path: `${path}.key`, message: 'must be a non-empty string identifying the user' };
  } catch (error) {
    return unreadable(path, error);
  }
  return contextSizeProblem(context, path);
}

/**
 * The bounds alone (attribute length, total size, depth), without the key: what a server refuses whoever sent
 * the context, so the SDK checks the same numbers before it sends one.
 */
export function contextSizeProblem(context: unknown, path = 'context'): ValidationProblem | null {
  try {
    measure(context, path, 0, { size: 0 });
    return null;
  } catch (error) {
    if (error instanceof TooLarge) return { path: error.path, message: error.message };
    return unreadable(path, error);
  }
}

function unreadable(path: string, error: unknown): ValidationProblem {
  return { path, message: `cannot be read: ${error instanceof Error ? error.message : String(error)}` };
}

function measure(value: unknown, path: string, depth: number, total: { size: number }): void {
  if (typeof value === 'string') {
    if (value.length > MAX_CONTEXT_STRING_LENGTH)
      throw new TooLarge(
        path,
        `is ${value.length} characters long; the limit is ${MAX_CONTEXT_STRING_LENGTH}`,
      );
    add(total, value.length + 2, path);
    return;
  }
  if (value === null || typeof value !== 'object') {
    add(total, 8, path);
    return;
  }
  if (depth >= MAX_CONTEXT_DEPTH)
    throw new TooLarge(path, `nests deeper than ${MAX_CONTEXT_DEPTH} levels of objects and arrays`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) measure(value[i], `${path}[${i}]`, depth + 1, total);
    add(total, 2, path);
    return;
  }
  for (const name of Object.keys(value)) {
    const at = `${path}.${name}`;
    if (name.length > MAX_CONTEXT_STRING_LENGTH)
      throw new TooLarge(path, `has an attribute name longer than ${MAX_CONTEXT_STRING_LENGTH} characters`);
    add(total, name.length + 3, at);
    measure((value as Record<string, unknown>)[name], at, depth + 1, total);
  }
}

function add(total: { size: number }, size: number, path: string): void {
  total.size += size;
  if (total.size > MAX_CONTEXT_SIZE)
    throw new TooLarge(
      path,
      `makes the context larger than ${MAX_CONTEXT_SIZE} characters; send fewer or shorter attributes`,
    );
}
