// Which values fit which flag type.

import type { FlagType } from './model';

export const FLAG_TYPES: readonly FlagType[] = ['BOOLEAN', 'STRING', 'NUMBER', 'JSON'];

const MAX_JSON_DEPTH = 64;

/** Plain JSON data: null, booleans, finite numbers, strings, arrays and plain objects of those. */
export function isJsonValue(value: unknown, depth = 0): boolean {
  if (depth > MAX_JSON_DEPTH) return false;
  if (value === null) return true;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      return Object.values(value as object).every((item) => isJsonValue(item, depth + 1));
    }
    default:
      return false;
  }
}

export function valueMatchesType(type: FlagType, value: unknown): boolean {
  switch (type) {
    case 'BOOLEAN':
      return typeof value === 'boolean';
    case 'STRING':
      return typeof value === 'string';
    case 'NUMBER':
      return typeof value === 'number' && Number.isFinite(value);
    case 'JSON':
      return isJsonValue(value);
    default:
      return false;
  }
}

/** A deep-frozen copy, so a served JSON value can be shared by every result without callers mutating it. */
export function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const copy = JSON.parse(JSON.stringify(value)) as T;
  deepFreeze(copy);
  return copy;
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  for (const item of Object.values(value as object)) deepFreeze(item);
  Object.freeze(value);
}
