import { errors, requirePermission } from '@switchyard/server-kit';
import type { JsonFlagValue, Resolvers } from '../generated/graphql';

export const evaluationResolvers: Resolvers = {
  Query: {
    // The one evaluate of @switchyard/edge, which the gateway's edge also answers with.
    async evaluate(_parent, args, ctx) {
      const { values } = await ctx.evaluation.evaluate(ctx.identity, args);
      return values as JsonFlagValue[];
    },
    async flagSet(_parent, { environment }, ctx) {
      requirePermission(ctx.identity, 'flagset:read', { environment });
      const { set } = await ctx.evaluation.flagSets.get(environment);
      if (!set) throw errors.notFound('Environment', environment);
      return set.snapshot;
    },
  },
  FlagValue: {
    __resolveType: (value) => (value as { __typename: string }).__typename as never,
  },
};
