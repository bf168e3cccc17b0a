import type { Resolvers } from '../generated/graphql';

export const flagVariationResolvers: Resolvers = {
  Query: {
    flagVariationMetric: async (_parent, args, ctx) => {
      const project = await ctx.projects.within(ctx.identity, 'results:read', args.project);
      return ctx.flagVariations.values({
        project,
        flagKey: args.flagKey,
        environment: args.environment,
        metricKey: args.metricKey,
        since: new Date(args.since as string | Date),
        variation: args.variation ?? null,
        quantile: args.quantile ?? null,
        alpha: args.alpha,
      });
    },
  },
};
