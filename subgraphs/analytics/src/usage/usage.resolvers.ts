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
      const stale = await ctx.usage.staleFlags(checkDays(days), environment ?? null);
      // The flag is a reference: the gateway fetches its fields from the flags subgraph.
      return stale.map((s) => ({ ...s, flag: s.flag as Flag }));
    },
    flagActivity: async (_parent, { days, environment }, ctx) => {
      requirePermission(ctx.identity, 'flags:read');
      return ctx.usage.activity(checkDays(days), environment ?? null);
    },
  },
  Flag: {
    __resolveReference: (ref) => ({ key: ref.key!, project: ref.project }),
    usage: (flag, { days, environment }, ctx) => {
      requirePermission(ctx.identity, 'flags:read');
      // Evaluations are counted by flag key: another project's flag of the same key is not this one.
      if (flag.project && flag.project !== DEFAULT_PROJECT) return ctx.usage.none(flag.key!, checkDays(days));
      return ctx.usage.usage(flag.key!, checkDays(days), environment ?? null);
    },
  },
};
