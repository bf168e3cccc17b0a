import {
  type AuditEntry,
  clampPageSize,
  decodeCursor,
  encodeCursor,
  errors,
  requirePermission,
} from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';

function view(e: AuditEntry) {
  return {
    id: e.id,
    seq: Number(e.changeSeq),
    at: e.at,
    actorId: e.actorId,
    actorName: e.actorName,
    action: e.action,
    resourceType: e.resourceType,
    resourceKey: e.resourceKey,
    environment: e.environment,
    project: e.project,
    before: e.before,
    after: e.after,
    ip: e.ip,
    userAgent: e.userAgent,
  };
}

export const auditLogResolvers: Resolvers = {
  Query: {
    async auditLog(_parent, { filter, first, after }, ctx) {
      requirePermission(ctx.identity, 'audit:read', { environment: filter?.environment });
      const before = decodeCursor(after);
      // Ids are bigint: more digits than 18 would fail in the database rather than find nothing.
      if (before !== null && !/^\d{1,18}$/.test(before))
        throw errors.badInput('is not a cursor returned by this API', 'after');
      const page = await ctx.auditLog.page(filter ?? {}, clampPageSize(first), before);
      const last = page.rows[page.rows.length - 1];
      return {
        nodes: page.rows.map(view),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? encodeCursor(last.id) : null },
        totalCount: page.totalCount,
      };
    },
  },
};
