import { contextProblem, type EvaluationContext, toGraphFlagValue } from '@switchyard/core';
import { errors, requirePermission } from '@switchyard/server-kit';
import type { JsonFlagValue, Resolvers } from '../generated/graphql';
import type { SubgraphContext } from '../context';
import { type CachedFlagSet, UnknownEnvironment } from './flag-set.cache';

async function flagSetOf(ctx: SubgraphContext, environment: string): Promise<CachedFlagSet> {
  try {
    return await ctx.flagSets.get(environment);
  } catch (err) {
    if (err instanceof UnknownEnvironment) throw errors.notFound('Environment', environment);
    throw err;
  }
}

export const evaluationResolvers: Resolvers = {
  Query: {
    async evaluate(_parent, { environment, context, keys }, ctx) {
      requirePermission(ctx.identity, 'evaluate', { environment });
      // Its size bounds the cost of evaluating it (MAX_CONTEXT_STRING_LENGTH, MAX_CONTEXT_SIZE).
      const problem = contextProblem(context);
      if (problem) throw errors.badInput(problem.message, problem.path);
      const set = await flagSetOf(ctx, environment);
      const results = keys
        ? keys.map((k) => set.compiled.evaluate(k, context as EvaluationContext))
        : set.compiled.evaluateAll(context as EvaluationContext);
      ctx.usage?.record(environment, results);
      return results.map((r) => toGraphFlagValue(r, set.types.get(r.key)) as JsonFlagValue);
    },
    async flagSet(_parent, { environment }, ctx) {
      requirePermission(ctx.identity, 'flagset:read', { environment });
      return (await flagSetOf(ctx, environment)).snapshot;
    },
  },
  FlagValue: {
    __resolveType: (value) => (value as { __typename: string }).__typename as never,
  },
};
