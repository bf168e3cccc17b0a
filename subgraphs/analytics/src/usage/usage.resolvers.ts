import { DEFAULT_PROJECT, requirePermission } from '@switchyard/server-kit';
import type { Flag, Resolvers } from '../generated/graphql';
import { checkDays } from './usage.service';

export const usageResolvers: Resolvers = {
  Query: {
    eventRetention: async (_parent, _args, ctx) => {
      requirePermission(ctx.identity, 'audit:read');
      const { oldest, ...state } = await ctx.eventRetention.report();
      return { rawEventDays: ctx.eventRetention.days, ...state, oldestEventAt: oldest };
    },
    staleFlags: async (_parent, { days, environment }, ctx) => {
      requirePermission(ctx.identity, 'flags:read');
      // Stale flags name their flag by key, which the graph resolves in the default project.
      const stale = await ctx.usage.staleFlags(DEFAULT_PROJECT, checkDays(days), environment ?? null);
      // The flag is a reference: the gateway fetches its fields from the flags subgraph.
      return stale.map((s) => ({ ...s, flag: s.flag as Flag }));
    },
    flagActivity: async (_parent, { days, environment, project }, ctx) => {
      requirePermission(ctx.identity, 'flags:read', { project: project ?? DEFAULT_PROJECT });
      return ctx.usage.activity(project ?? DEFAULT_PROJECT, checkDays(days), environment ?? null);
    },
  },
  Flag: {
    __resolveReference: (ref) => ({ key: ref.key!, project: ref.project }),
    usage: (flag, { days, environment }, ctx) => {
      requirePermission(ctx.identity, 'flags:read', { project: flag.project ?? DEFAULT_PROJECT });
      // Counted per project: another project's flag of the same key is not this one.
      return ctx.usage.usage(
        flag.project ?? DEFAULT_PROJECT,
        flag.key!,
        checkDays(days),
        environment ?? null,
      );
    },
  },
};
