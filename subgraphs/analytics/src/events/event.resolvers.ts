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
    recomputeRollups: (_parent, { experimentKey }, ctx) => ctx.events.recompute(ctx.identity, experimentKey),
  },
};
