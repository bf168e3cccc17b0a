// Reading context attributes by path. Paths are split once at compile time; `user.plan` reads
// context.user.plan unless the context has a literal "user.plan" key, which wins.

import type { EvaluationContext } from './model';

export type AttributeReader = (context: EvaluationContext) => unknown;

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Own properties only: what an object inherits (`constructor`, `toString`, `__proto__`, which is
 * Object.prototype itself) is never an attribute, so `exists` on `__proto__` does not match every context.
 */
function readOwn(holder: unknown, name: string): unknown {
  if (holder === null || typeof holder !== 'object') return undefined;
  const value = (holder as Record<string, unknown>)[name];
  if (value === undefined || typeof value === 'function') return undefined;
  return hasOwn.call(holder, name) ? value : undefined;
}

export function compileAttributeReader(path: string): AttributeReader {
  if (path === 'key') return (context) => context.key;
  const segments = path.split('.');
  if (segments.length === 1) {
    return (context) => readOwn(context, path);
  }
  return (context) => {
    const literal = readOwn(context, path);
    if (literal !== undefined) return literal;
    let value: unknown = context;
    for (let i = 0; i < segments.length; i++) {
      value = readOwn(value, segments[i]!);
      if (value === undefined) return undefined;
    }
    return value;
  };
}

/** A bucketing value as a string: non-empty strings and finite numbers qualify; anything else is missing. */
export function bucketingString(value: unknown): string | null {
  if (typeof value === 'string') return value.length > 0 ? value : null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}
