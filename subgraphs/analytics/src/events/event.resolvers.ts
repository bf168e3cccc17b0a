import { requirePermission } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';

export const eventResolvers: Resolvers = {
  Mutation: {
    trackEvents: (_parent, { events }, ctx) => {
      requirePermission(ctx.identity, 'events:write');
      return ctx.events.track(events, {
        environment: ctx.identity.environment ?? null,
        project: ctx.identity.project ?? null,
      });
    },
    recomputeRollups: async (_parent, { experimentKey, project }, ctx) => {
      const inside = await ctx.projects.within(ctx.identity, 'experiments:write', project);
      return ctx.events.recompute(ctx.identity, inside, experimentKey);
    },
  },
};
