import type { Resolvers } from '../generated/graphql';
import { eventScope } from './event-scope';

export const eventResolvers: Resolvers = {
  Mutation: {
    trackEvents: async (_parent, { events, project }, ctx) =>
      ctx.events.track(events, await eventScope(ctx, project)),
    recomputeRollups: async (_parent, { experimentKey, project }, ctx) => {
      const inside = await ctx.projects.within(ctx.identity, 'experiments:write', project);
      return ctx.events.recompute(ctx.identity, inside, experimentKey);
    },
  },
};
