import type { ApolloServerPlugin } from '@apollo/server';
import {
  contextProblem,
  type EvaluationContext,
  type EvaluationResult,
  toGraphFlagValue,
} from '@switchyard/core';
import { type EvaluationUsage, hasPermission } from '@switchyard/server-kit';
import type { EdgeFlagSets } from './edge-flag-sets';
import type { EdgeAnswerer } from './edge-lane';

/** A context within the limits; any other is handed to the federated path, which words the refusal. */
function isEvaluationContext(value: unknown): value is EvaluationContext {
  return contextProblem(value) === null;
}

interface EvaluateArgs {
  environment: string;
  context: unknown;
  keys?: string[] | null;
}

/**
 * `evaluate` from compiled flag sets, without the hop to the flags subgraph. A caller without the
 * permission, a bad context or an unknown environment is handed to the federated path. Results are
 * the flags subgraph's, through the same core and the same FlagValue mapping.
 */
export function evaluateAtEdge(flagSets: EdgeFlagSets, usage: EvaluationUsage): EdgeAnswerer {
  return async (plan, request) => {
    const { identity } = request;
    if (!hasPermission(identity, 'evaluate')) return null;
    const evaluated: { environment: string; results: EvaluationResult[] }[] = [];
    const data: Record<string, unknown> = {};
    for (const { responseKey, call } of plan) {
      if (!call) {
        data[responseKey] = 'Query';
        continue;
      }
      const { environment, context, keys } = call.args as unknown as EvaluateArgs;
      // SDK keys are confined to their own environment; the subgraph words that refusal.
      if (identity.kind === 'apiKey' && identity.environment && identity.environment !== environment)
        return null;
      if (!isEvaluationContext(context)) return null;
      const { set, stale } = await flagSets.get(environment);
      if (!set) return null;
      if (stale) request.stale = true;
      const results = keys
        ? keys.map((k) => set.compiled.evaluate(k, context))
        : set.compiled.evaluateAll(context);
      evaluated.push({ environment, results });
      data[responseKey] = results.map((r) => call.project(toGraphFlagValue(r, set.types.get(r.key))));
    }
    for (const e of evaluated) usage.record(e.environment, e.results);
    return data;
  };
}

/** Every mutation relayed through this gateway may change rules: the next evaluation reads them anew. */
export function edgeInvalidationPlugin(flagSets: EdgeFlagSets): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          if (rc.operation?.operation === 'mutation') flagSets.invalidate(null);
        },
      };
    },
  };
}
