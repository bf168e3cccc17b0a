import type { Resolvers } from '../generated/graphql';

export const powerResolvers: Resolvers = {
  Query: {
    metricPower: async (_parent, args, ctx) => {
      const project = await ctx.projects.within(ctx.identity, 'results:read', args.project);
      return ctx.power.metricPower({
        metricKey: args.metricKey,
        project,
        relativeEffect: args.relativeEffect,
        alpha: args.alpha,
        power: args.power,
        variants: args.variants,
        days: args.days,
        sampleSizePerVariant: args.sampleSizePerVariant ?? null,
      });
    },
  },
};
