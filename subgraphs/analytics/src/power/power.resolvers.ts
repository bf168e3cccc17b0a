import { requirePermission } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';

export const powerResolvers: Resolvers = {
  Query: {
    metricPower: (_parent, args, ctx) => {
      requirePermission(ctx.identity, 'results:read');
      return ctx.power.metricPower({
        metricKey: args.metricKey,
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
