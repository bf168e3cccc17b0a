import { type Condition, type ValidationProblem, validateCondition } from '@switchyard/core';
import { errors } from '@switchyard/server-kit';
import type {
  AudienceCondition,
  ExperimentAudience,
  ExperimentVariant,
  JsonValue,
} from './experiment.entity';

// Pure checks of experiment input. Each throws BAD_USER_INPUT naming the input path, so a form can
// point at the field; checks that need another subgraph (flag variations, metric keys) live in the service.

export const KEY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,127}$/;
const WEIGHT_TOLERANCE = 1e-9;

export function validateKey(key: string, field: string): void {
  if (!KEY_PATTERN.test(key)) {
    throw errors.badInput('must be 1–128 lowercase letters, digits, ".", "_" or "-"', field);
  }
}

export function validateName(name: string, field: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw errors.badInput('must not be empty', field);
  return trimmed;
}

/** Two or more distinct variants whose weights (0–100, 0.001 % steps) sum to 100 %. */
export function validateVariants(variants: ExperimentVariant[], field: string): void {
  if (variants.length < 2) throw errors.badInput('an experiment needs at least two variants', field);
  const seen = new Set<string>();
  variants.forEach((v, i) => {
    if (seen.has(v.key)) throw errors.badInput(`"${v.key}" is used twice`, `${field}[${i}].key`);
    seen.add(v.key);
    if (!(v.weight >= 0 && v.weight <= 100)) {
      throw errors.badInput('must be between 0 and 100', `${field}[${i}].weight`);
    }
    // The evaluation core buckets in 0.001 % steps; a finer weight would silently round.
    if (Math.abs(v.weight * 1000 - Math.round(v.weight * 1000)) > 1e-6) {
      throw errors.badInput('must have at most 3 decimals', `${field}[${i}].weight`);
    }
  });
  const total = variants.reduce((s, v) => s + v.weight, 0);
  if (Math.abs(total - 100) > WEIGHT_TOLERANCE) {
    throw errors.badInput(`weights must sum to 100 %, they sum to ${round(total)} %`, field);
  }
}

export function validateTraffic(traffic: number, field: string): void {
  if (!(traffic >= 0 && traffic <= 100)) throw errors.badInput('must be between 0 and 100', field);
}

export function validateAlpha(alpha: number, field: string): void {
  if (!(alpha > 0 && alpha < 1)) throw errors.badInput('must be between 0 and 1 (exclusive)', field);
}

export function validateMinSampleSize(n: number | null, field: string): void {
  if (n !== null && !(Number.isInteger(n) && n > 0))
    throw errors.badInput('must be a positive integer', field);
}

export function validateSchedule(startsAt: Date | null, endsAt: Date | null, field: string): void {
  if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime()) {
    throw errors.badInput('endsAt must be after startsAt', `${field}.endsAt`);
  }
}

export interface AudienceInput {
  segments?: string[] | null;
  conditions?:
    | {
        attribute: string;
        operator: string;
        values?: unknown[] | null;
        negate?: boolean | null;
        caseInsensitive?: boolean | null;
        regexFlags?: string | null;
      }[]
    | null;
}

/** Normalises and checks an audience; conditions are checked by the evaluation core's own validator. */
export function normaliseAudience(
  input: AudienceInput | null | undefined,
  field: string,
): ExperimentAudience {
  const segments = [...new Set(input?.segments ?? [])];
  segments.forEach((s, i) => {
    if (!KEY_PATTERN.test(s)) throw errors.badInput('is not a segment key', `${field}.segments[${i}]`);
  });
  const conditions: AudienceCondition[] = (input?.conditions ?? []).map((c) => ({
    attribute: c.attribute,
    operator: c.operator,
    values: (c.values ?? []) as JsonValue[],
    negate: c.negate === true,
    // Stored only when set, so audiences written before these options existed keep their stored shape.
    ...(c.caseInsensitive !== null && c.caseInsensitive !== undefined
      ? { caseInsensitive: c.caseInsensitive }
      : {}),
    ...(c.regexFlags !== null && c.regexFlags !== undefined ? { regexFlags: c.regexFlags } : {}),
  }));
  const problems: ValidationProblem[] = conditions.flatMap((c, i) =>
    validateCondition(c as Condition, `${field}.conditions[${i}]`),
  );
  if (problems.length > 0) throw errors.badInputs(problems);
  return { segments, conditions };
}

/** Segments as `inSegment` conditions on the context key, then the conditions: what flags and the core evaluate. */
export function audienceConditions(audience: ExperimentAudience): Condition[] {
  return [
    ...audience.segments.map(
      (s): Condition => ({ attribute: 'key', operator: 'inSegment', values: [s], negate: false }),
    ),
    ...audience.conditions.map(
      (c): Condition => ({
        attribute: c.attribute,
        operator: c.operator as Condition['operator'],
        values: c.values,
        negate: c.negate,
        ...(c.caseInsensitive !== undefined ? { caseInsensitive: c.caseInsensitive } : {}),
        ...(c.regexFlags !== undefined ? { regexFlags: c.regexFlags } : {}),
      }),
    ),
  ];
}

/**
 * The first gap of `percent` in a layer of 0–100 % given the slices already taken, or null when
 * none is wide enough. Slices are kept in 0.001 % steps like buckets.
 */
export function findLayerSlice(
  taken: { rangeStart: number; rangeEnd: number }[],
  percent: number,
): { rangeStart: number; rangeEnd: number } | null {
  const sorted = [...taken].sort((a, b) => a.rangeStart - b.rangeStart);
  let cursor = 0;
  for (const slice of sorted) {
    if (slice.rangeStart - cursor >= percent - WEIGHT_TOLERANCE) break;
    cursor = Math.max(cursor, slice.rangeEnd);
  }
  const end = round(cursor + percent);
  if (end > 100 + WEIGHT_TOLERANCE) return null;
  const next = sorted.find((s) => s.rangeStart >= cursor);
  if (next && next.rangeStart < end - WEIGHT_TOLERANCE) return null;
  return { rangeStart: round(cursor), rangeEnd: Math.min(end, 100) };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
