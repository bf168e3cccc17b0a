import { scalarResolvers } from '@switchyard/server-kit';
import { eventResolvers } from './events/event.resolvers';
import type { Resolvers } from './generated/graphql';
import { flagVariationResolvers } from './guards/flag-variation.resolvers';
import { metricResolvers } from './metrics/metric.resolvers';
import { powerResolvers } from './power/power.resolvers';
import { resultsResolvers } from './results/results.resolvers';
import { usageResolvers } from './usage/usage.resolvers';

/** One resolver map from the domains; each type's fields may come from several of them. */
function merge(...maps: Resolvers[]): Resolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map))
      merged[type] = { ...merged[type], ...(fields as object) };
  }
  return merged as Resolvers;
}

export const resolvers = {
  ...scalarResolvers,
  ...merge(
    eventResolvers,
    metricResolvers,
    resultsResolvers,
    usageResolvers,
    powerResolvers,
    flagVariationResolvers,
  ),
};
