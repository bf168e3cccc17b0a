import { flagSetScope, unknownScope } from '@switchyard/edge';
import type { JsonFlagValue, Resolvers } from '../generated/graphql';

export const evaluationResolvers: Resolvers = {
  Query: {
    // The one evaluate of @switchyard/edge, which the gateway's edge also answers with.
    async evaluate(_parent, args, ctx) {
      // An unknown project is NOT_FOUND naming `project`, as everywhere.
      if (args.project)
        await ctx.projects.within(ctx.identity, 'evaluate', args.project, { environment: args.environment });
      const { values } = await ctx.evaluation.evaluate(ctx.identity, args);
      return values as JsonFlagValue[];
    },
    async flagSet(_parent, { environment, project }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'flagset:read', project, { environment });
      const { set } = await ctx.evaluation.flagSets.get(flagSetScope(inside, environment));
      if (!set) throw unknownScope(inside, environment);
      return { ...set.snapshot, project: inside };
    },
  },
  FlagValue: {
    __resolveType: (value) => (value as { __typename: string }).__typename as never,
  },
};
