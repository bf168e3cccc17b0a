import type { Resolvers } from '../generated/graphql';

export const previewResolvers: Resolvers = {
  Query: {
    async previewTargeting(_parent, { flagKey, environment, targeting, project }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'flags:read', project, { environment });
      return ctx.targetingPreview.preview(inside, flagKey, environment, targeting);
    },
  },
};
