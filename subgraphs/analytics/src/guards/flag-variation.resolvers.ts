import { requirePermission } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';

export const flagVariationResolvers: Resolvers = {
  Query: {
    flagVariationMetric: (_parent, args, ctx) => {
      requirePermission(ctx.identity, 'results:read');
      return ctx.flagVariations.values({
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
