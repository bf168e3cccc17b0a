import { requirePermission } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';

export const previewResolvers: Resolvers = {
  Query: {
    previewTargeting(_parent, { flagKey, environment, targeting }, ctx) {
      requirePermission(ctx.identity, 'flags:read', { environment });
      return ctx.targetingPreview.preview(flagKey, environment, targeting);
    },
  },
};
