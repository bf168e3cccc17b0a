import { requirePermission } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';

export const projectResolvers: Resolvers = {
  Query: {
    projects(_parent, _args, ctx) {
      requirePermission(ctx.identity, 'flags:read');
      return ctx.projects.list();
    },
    project(_parent, { key }, ctx) {
      requirePermission(ctx.identity, 'flags:read');
      return ctx.projects.get(key);
    },
  },
  Mutation: {
    createProject(_parent, { input }, ctx) {
      requirePermission(ctx.identity, 'environments:write');
      return ctx.projects.create(ctx, input);
    },
    updateProject(_parent, { key, expectedVersion, input }, ctx) {
      requirePermission(ctx.identity, 'environments:write');
      return ctx.projects.update(ctx, key, expectedVersion, input);
    },
  },
  Project: {
    __resolveReference(ref, ctx) {
      return ctx.projects.get(ref.key!);
    },
    async environments(project, _args, ctx) {
      return (await ctx.projects.environmentsOf([project.key])).get(project.key) ?? [];
    },
  },
};
