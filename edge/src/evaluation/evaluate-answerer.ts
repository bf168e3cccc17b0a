import { isGraphQLError } from '@switchyard/server-kit';
import type { EdgeAnswerer } from '../answerer';
import type { EvaluateArgs, FlagEvaluation } from './flag-evaluation';

/**
 * `evaluate` answered in-process from the live flag sets, without the hop to the flags subgraph.
 * A refusal (permission, context, unknown environment) is handed to the federated path, which
 * reaches the same `FlagEvaluation` in the flags subgraph and words the error in the graph's shape.
 */
export function evaluateAnswerer(evaluation: FlagEvaluation): EdgeAnswerer {
  return async (plan, request) => {
    const calls = plan.flatMap((p) => (p.call ? [p.call] : []));
    let evaluated: Awaited<ReturnType<FlagEvaluation['evaluateAll']>>;
    try {
      evaluated = await evaluation.evaluateAll(
        request.identity,
        calls.map((c) => c.args as unknown as EvaluateArgs),
      );
    } catch (err) {
      if (isGraphQLError(err)) return null;
      throw err;
    }
    const data: Record<string, unknown> = {};
    let next = 0;
    for (const { responseKey, call } of plan) {
      if (!call) {
        data[responseKey] = 'Query';
        continue;
      }
      const e = evaluated[next++]!;
      if (e.stale) request.stale = true;
      data[responseKey] = e.values.map((v) => call.project(v));
    }
    return data;
  };
}
