import { requirePermission } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';

/**
 * Thin: the project and permissions here (the environment comes from the entry, which must be of this
 * project's flag or segment), the approval refusal, the rest in RevertService. Where approval is
 * required, the same revert is proposed with createChangeRequest(revertTo).
 */
export const revertResolvers: Resolvers = {
  Mutation: {
    async revertFlag(_parent, { key, project, auditEntryId, expectedVersion }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'flags:write', project);
      const entry = await ctx.revert.entryOf(inside, 'flag', key, auditEntryId);
      if (entry.environment) {
        requirePermission(ctx.identity, 'flags:write', { environment: entry.environment, project: inside });
        await ctx.changeRequests.assertDirectWrite(
          entry.environment,
          'createChangeRequest(input: { revertTo })',
        );
      }
      return ctx.revert.revertFlag(inside, key, entry, expectedVersion, ctx);
    },
    async revertSegment(_parent, { key, project, auditEntryId, expectedVersion }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'segments:write', project);
      const entry = await ctx.revert.entryOf(inside, 'segment', key, auditEntryId);
      await ctx.changeRequests.assertDirectSegmentWrite(
        inside,
        key,
        'createChangeRequest(input: { revertTo })',
      );
      return ctx.revert.revertSegment(inside, key, entry, expectedVersion, ctx);
    },
  },
};
