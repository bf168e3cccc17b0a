import { type EvaluationContext, toGraphFlagValue } from '@switchyard/core';
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

function isEvaluationContext(value: unknown): value is EvaluationContext {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export const evaluationResolvers: Resolvers = {
  Query: {
    async evaluate(_parent, { environment, context, keys }, ctx) {
      requirePermission(ctx.identity, 'evaluate', { environment });
      if (!isEvaluationContext(context)) throw errors.badInput('must be a JSON object', 'context');
      if (typeof context.key !== 'string' || context.key.length === 0) {
        throw errors.badInput('must be a non-empty string identifying the user', 'context.key');
      }
      const set = await flagSetOf(ctx, environment);
      const results = keys
        ? keys.map((k) => set.compiled.evaluate(k, context))
        : set.compiled.evaluateAll(context);
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
