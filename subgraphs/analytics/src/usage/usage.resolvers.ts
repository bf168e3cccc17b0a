import { requirePermission } from '@switchyard/server-kit';
import type { Flag, Resolvers } from '../generated/graphql';
import { checkDays } from './usage.service';

export const usageResolvers: Resolvers = {
  Query: {
    eventRetention: async (_parent, _args, ctx) => {
      requirePermission(ctx.identity, 'audit:read');
      const { oldest, ...state } = await ctx.eventRetention.report();
      return { rawEventDays: ctx.eventRetention.days, ...state, oldestEventAt: oldest };
    },
    staleFlags: async (_parent, { days, environment, project }, ctx) => {
      const inside = await ctx.projects.within(ctx.identity, 'flags:read', project);
      const stale = await ctx.usage.staleFlags(inside, checkDays(days), environment ?? null);
      // The flag is a reference by `project key`: the gateway fetches its fields from the flags subgraph.
      return stale.map((s) => ({ ...s, flag: s.flag as Flag }));
    },
    flagActivity: async (_parent, { days, environment, project }, ctx) => {
      const inside = await ctx.projects.within(ctx.identity, 'flags:read', project);
      return ctx.usage.activity(inside, checkDays(days), environment ?? null);
    },
  },
  Flag: {
    __resolveReference: (ref) => ({ key: ref.key!, project: ref.project! }),
    usage: (flag, { days, environment }, ctx) => {
      // Referenced by `project key`: counted per project, another project's flag of the same key is not this one.
      const project = flag.project!;
      requirePermission(ctx.identity, 'flags:read', { project });
      return ctx.usage.usage(project, flag.key!, checkDays(days), environment ?? null);
    },
  },
};
