// Frozen reason objects. The fixed ones are shared by every evaluation so the hot path allocates nothing.

import type { ErrorCode, EvaluationReason } from './model';

export const OFF: EvaluationReason = Object.freeze({ kind: 'OFF' });
export const SCHEDULED_OFF: EvaluationReason = Object.freeze({ kind: 'SCHEDULED_OFF' });
export const TARGET_MATCH: EvaluationReason = Object.freeze({ kind: 'TARGET_MATCH' });
export const FALLTHROUGH: EvaluationReason = Object.freeze({ kind: 'FALLTHROUGH' });

export function prerequisiteFailed(prerequisiteKey: string): EvaluationReason {
  return Object.freeze({ kind: 'PREREQUISITE_FAILED', prerequisiteKey });
}

export function errorReason(errorCode: ErrorCode, errorMessage: string): EvaluationReason {
  return Object.freeze({ kind: 'ERROR', errorCode, errorMessage });
}

/** Where a served value came from: a rule (id and index) or the fallthrough. */
export type ServePoint = { ruleId: string; ruleIndex: number } | null;

/** The reason for a value served at `point`, with the split/experiment details that apply. */
export function servedReason(
  point: ServePoint,
  details: { experimentKey?: string; bucketingAttributeMissing?: boolean } = {},
): EvaluationReason {
  if (!point && !details.experimentKey && !details.bucketingAttributeMissing) return FALLTHROUGH;
  const reason: EvaluationReason = point
    ? { kind: 'RULE_MATCH', ruleId: point.ruleId, ruleIndex: point.ruleIndex }
    : { kind: 'FALLTHROUGH' };
  if (details.experimentKey !== undefined) {
    reason.inExperiment = !details.bucketingAttributeMissing;
    reason.experimentKey = details.experimentKey;
  }
  if (details.bucketingAttributeMissing) reason.bucketingAttributeMissing = true;
  return Object.freeze(reason);
}
