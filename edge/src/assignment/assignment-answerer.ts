import { hasPermission, type InternalRouteClient } from '@switchyard/server-kit';
import type { EdgeAnswerer } from '../answerer';

/**
 * `assignment` through the experiments subgraph's internal route, skipping Apollo's planning and
 * execution on both sides. The route is the resolver's own call, so stickiness, the stored first
 * assignment and the exposure are exactly the federated path's.
 *
 * Only a document with one `assignment` call is answered: the call writes (the first assignment,
 * an exposure), so it must not run again on the federated path after it succeeded; projecting the
 * answer cannot fail then, as the route answers every leaf of Assignment (its test checks). A refusal
 * writes nothing; the federated path then runs the call itself and words the error.
 */
export function assignmentAnswerer(experiments: InternalRouteClient): EdgeAnswerer {
  return async (plan, request) => {
    if (!hasPermission(request.identity, 'evaluate')) return null;
    const calls = plan.filter((p) => p.call);
    if (calls.length !== 1) return null;
    const data: Record<string, unknown> = {};
    for (const { responseKey, call } of plan) {
      if (!call) {
        data[responseKey] = 'Query';
        continue;
      }
      const reply = await experiments.call(
        // The project as named (null: the SDK key's own, else default), resolved by the route as by the resolver.
        {
          experimentKey: call.args.experimentKey,
          context: call.args.context,
          project: call.args.project ?? null,
        },
        request,
      );
      if (!('data' in reply)) return null;
      data[responseKey] = call.project({ __typename: 'Assignment', ...(reply.data as object) });
    }
    return data;
  };
}
