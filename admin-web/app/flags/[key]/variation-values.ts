import { type FlagType, valueMatchesType } from '@switchyard/core';

/** A variation value as the editor shows it: JSON pretty-printed, strings raw. */
export function valueToText(type: FlagType, value: unknown): string {
  if (type === 'STRING') return typeof value === 'string' ? value : '';
  if (type === 'JSON') return JSON.stringify(value ?? null, null, 2);
  return value === undefined || value === null ? '' : String(value);
}

export type ParsedValue = { ok: true; value: unknown } | { ok: false; message: string };

/** Reads typed text as a value of the flag's type, or says why it is not one (the graph checks it again). */
export function parseValue(type: FlagType, text: string): ParsedValue {
  let value: unknown = text;
  if (type === 'BOOLEAN') {
    if (text !== 'true' && text !== 'false') return { ok: false, message: 'must be true or false' };
    value = text === 'true';
  } else if (type === 'NUMBER') {
    if (text.trim() === '') return { ok: false, message: 'must be a number' };
    value = Number(text);
  } else if (type === 'JSON') {
    try {
      value = JSON.parse(text);
    } catch (err) {
      return { ok: false, message: `must be valid JSON (${(err as Error).message})` };
    }
  }
  if (!valueMatchesType(type, value)) return { ok: false, message: `must be a ${type.toLowerCase()} value` };
  return { ok: true, value };
}
