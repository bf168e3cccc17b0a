// Switchyard reasons and error codes in OpenFeature's vocabulary (its standard resolution reasons and error
// codes, plain strings). The OpenFeature providers and the OFREP endpoints (gateway and edge) both answer
// through here, so a caller sees the same reason whichever way it asks.

import type { EvaluationReason } from './model';

/** OpenFeature's standard resolution reasons that Switchyard results map to. */
export type OpenFeatureReason = 'SPLIT' | 'DISABLED' | 'TARGETING_MATCH' | 'DEFAULT' | 'ERROR';

/** OpenFeature's error codes that Switchyard's map to. */
export type OpenFeatureErrorCode =
  | 'FLAG_NOT_FOUND'
  | 'TYPE_MISMATCH'
  | 'PARSE_ERROR'
  | 'INVALID_CONTEXT'
  | 'TARGETING_KEY_MISSING'
  | 'PROVIDER_NOT_READY'
  | 'GENERAL';

const ERROR_CODES: Record<string, OpenFeatureErrorCode> = {
  FLAG_NOT_FOUND: 'FLAG_NOT_FOUND',
  TYPE_MISMATCH: 'TYPE_MISMATCH',
  MALFORMED_FLAG: 'PARSE_ERROR',
  INVALID_CONTEXT: 'INVALID_CONTEXT',
  PROVIDER_NOT_READY: 'PROVIDER_NOT_READY',
  GENERAL: 'GENERAL',
};

/**
 * A served value's reason: an experiment's split is SPLIT; switched off, outside its schedule or gated by a
 * prerequisite is DISABLED; an individual target or a rule is TARGETING_MATCH; the fallthrough is DEFAULT.
 */
export function openFeatureReason(
  reason: Pick<EvaluationReason, 'kind' | 'inExperiment'>,
): OpenFeatureReason {
  if (reason.kind === 'ERROR') return 'ERROR';
  if (reason.inExperiment) return 'SPLIT';
  if (reason.kind === 'OFF' || reason.kind === 'SCHEDULED_OFF' || reason.kind === 'PREREQUISITE_FAILED')
    return 'DISABLED';
  if (reason.kind === 'TARGET_MATCH' || reason.kind === 'RULE_MATCH') return 'TARGETING_MATCH';
  return 'DEFAULT';
}

/** An ERROR result's code; a context without `key` is OpenFeature's TARGETING_KEY_MISSING. */
export function openFeatureErrorCode(
  errorCode: string | null | undefined,
  contextKey: unknown,
): OpenFeatureErrorCode {
  const code = ERROR_CODES[errorCode ?? 'GENERAL'] ?? 'GENERAL';
  return code === 'INVALID_CONTEXT' && !contextKey ? 'TARGETING_KEY_MISSING' : code;
}
