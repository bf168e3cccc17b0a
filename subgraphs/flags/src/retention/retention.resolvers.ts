import { requirePermission } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';

export const retentionResolvers: Resolvers = {
  Query: {
    auditRetention(_parent, _args, ctx) {
      requirePermission(ctx.identity, 'audit:read');
      return ctx.auditRetention.report();
    },
  },
};
