import type { EvaluationResult, FlagType } from './model';

/** The graph's concrete `FlagValue` type for each flag type; unknown flags answer as JSON. */
export const FLAG_VALUE_TYPENAMES: Readonly<Record<FlagType, string>> = {
  BOOLEAN: 'BooleanFlagValue',
  STRING: 'StringFlagValue',
  NUMBER: 'NumberFlagValue',
  JSON: 'JsonFlagValue',
};

/** One evaluation in the flat shape of the graph's `FlagValue` interface. */
export interface GraphFlagValue {
  __typename: string;
  key: string;
  value: unknown;
  variation: string | null;
  reason: EvaluationResult['reason']['kind'];
  ruleId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  inExperiment: boolean;
  experimentKey: string | null;
  prerequisiteKey: string | null;
}

/** Every field of `FlagValue` that `toGraphFlagValue` fills in. */
export const GRAPH_FLAG_VALUE_FIELDS: ReadonlySet<string> = new Set([
  '__typename',
  'key',
  'value',
  'variation',
  'reason',
  'ruleId',
  'errorCode',
  'errorMessage',
  'inExperiment',
  'experimentKey',
  'prerequisiteKey',
]);

/**
 * The flat, typed view of one result. The flags subgraph and the gateway's evaluation edge
 * both answer `evaluate` through this, so the two paths cannot drift apart.
 */
export function toGraphFlagValue(result: EvaluationResult, type: FlagType | undefined): GraphFlagValue {
  const r = result.reason;
  return {
    __typename: FLAG_VALUE_TYPENAMES[type ?? 'JSON'],
    key: result.key,
    value: result.value,
    variation: result.variation,
    reason: r.kind,
    ruleId: r.ruleId ?? null,
    errorCode: r.errorCode ?? null,
    errorMessage: r.errorMessage ?? null,
    inExperiment: r.inExperiment === true,
    experimentKey: r.experimentKey ?? null,
    prerequisiteKey: r.prerequisiteKey ?? null,
  };
}
