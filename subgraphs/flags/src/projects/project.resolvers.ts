import { holdsPermission, requirePermission, requirePermissionSomewhere } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';

export const projectResolvers: Resolvers = {
  Query: {
    // The projects the caller may read flags in: every one for a role holding flags:read unscoped, the
    // granted ones for a custom role scoped to projects, its own for an SDK key.
    async projects(_parent, _args, ctx) {
      requirePermissionSomewhere(ctx.identity, 'flags:read');
      const all = await ctx.projects.list();
      return all.filter((p) => holdsPermission(ctx.identity, 'flags:read', { project: p.key }));
    },
    // null for an unknown project; FORBIDDEN (flags:read) for one the caller may not read.
    async project(_parent, { key }, ctx) {
      requirePermissionSomewhere(ctx.identity, 'flags:read');
      const project = await ctx.projects.get(key);
      if (project) requirePermission(ctx.identity, 'flags:read', { project: key });
      return project;
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
