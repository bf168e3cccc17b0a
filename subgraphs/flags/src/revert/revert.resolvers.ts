import { requirePermission } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';
import { DEFAULT_PROJECT } from '@switchyard/server-kit';

/**
 * Thin (the default project until audit entries name their project): permissions and the approval refusal here (the environment comes from the entry), the rest in
 * RevertService. Where approval is required, the same revert is proposed with createChangeRequest(revertTo).
 */
export const revertResolvers: Resolvers = {
  Mutation: {
    async revertFlag(_parent, { key, auditEntryId, expectedVersion }, ctx) {
      requirePermission(ctx.identity, 'flags:write');
      const entry = await ctx.revert.entryOf('flag', key, auditEntryId);
      if (entry.environment) {
        requirePermission(ctx.identity, 'flags:write', { environment: entry.environment });
        await ctx.changeRequests.assertDirectWrite(
          entry.environment,
          'createChangeRequest(input: { revertTo })',
        );
      }
      return ctx.revert.revertFlag(DEFAULT_PROJECT, key, entry, expectedVersion, ctx);
    },
    async revertSegment(_parent, { key, auditEntryId, expectedVersion }, ctx) {
      requirePermission(ctx.identity, 'segments:write');
      const entry = await ctx.revert.entryOf('segment', key, auditEntryId);
      await ctx.changeRequests.assertDirectSegmentWrite(
        DEFAULT_PROJECT,
        key,
        'createChangeRequest(input: { revertTo })',
      );
      return ctx.revert.revertSegment(DEFAULT_PROJECT, key, entry, expectedVersion, ctx);
    },
  },
};
