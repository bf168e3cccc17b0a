import { requirePermission } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';

export const retentionResolvers: Resolvers = {
  Query: {
    async auditRetention(_parent, _args, ctx) {
      requirePermission(ctx.identity, 'audit:read');
      const { oldest, ...state } = await ctx.auditRetention.report();
      return { auditLogDays: ctx.auditRetention.days, ...state, oldestAuditEntryAt: oldest };
    },
  },
};
