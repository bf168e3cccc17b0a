// What the Unleash and LaunchDarkly mappers share: their result, keys made acceptable to Switchyard, conditions in
// disjunctive normal form (Switchyard's rules AND their conditions; an OR becomes several rules serving the same
// thing), and case-insensitive string tests written as safe regular expressions.

import type { ExportedCondition, SwitchyardExport } from '../export/format';
import type { Problem } from './plan';

export interface MappedImport {
  config: SwitchyardExport;
  problems: Problem[];
}

/** Each alternative is a list of ANDed conditions; the alternatives are ORed. `[]` never matches, `[[]]` always. */
export type Alternatives = ExportedCondition[][];

export const ALWAYS: Alternatives = [[]];
const MAX_ALTERNATIVES = 32;

/** AND of ORs, multiplied out; null when the product is too large to be kept as rules. */
export function allOf(parts: Alternatives[]): Alternatives | null {
  let product: Alternatives = ALWAYS;
  for (const part of parts) {
    product = product.flatMap((left) => part.map((right) => [...left, ...right]));
    if (product.length > MAX_ALTERNATIVES) return null;
  }
  return product;
}

const KEY = /^[a-z0-9][a-z0-9._-]{0,127}$/;

/** A Switchyard key for a source name: the name itself when it is one, else lower-cased with other characters as `-`. */
export function keyFor(name: string): { key: string; changed: boolean } {
  if (KEY.test(name)) return { key: name, changed: false };
  const key = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 128);
  return { key: key || 'unnamed', changed: true };
}

/** Variation keys allow 1–64 letters, digits, `.`, `_`, `-`. */
export function variationKeyFor(name: string): string {
  const key = name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 64);
  return key || 'variation';
}

export function condition(
  attribute: string,
  operator: string,
  values: unknown[],
  negate = false,
): ExportedCondition {
  return { attribute, operator, values: values as ExportedCondition['values'], negate };
}

/** Matches contexts where `attribute` is absent (exists, negated). */
export const missing = (attribute: string) => condition(attribute, 'exists', [], true);

/** Environments named by a source whose keys Switchyard would refuse. */
export function environmentKeyProblems(environments: Iterable<string>): Problem[] {
  return [...environments]
    .filter((e) => keyFor(e).changed)
    .map((e) => ({
      severity: 'error' as const,
      subject: `environment ${e}`,
      construct: 'environment',
      reason: 'not a valid Switchyard environment key',
    }));
}
