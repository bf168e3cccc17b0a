import { requirePermission, requirePermissionSomewhere } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';

export const environmentResolvers: Resolvers = {
  Query: {
    environments(_parent, _args, ctx) {
      // The installation's list: anyone reading flags in some project (a custom role's one project) reads it.
      requirePermissionSomewhere(ctx.identity, 'flags:read');
      return ctx.environments.list();
    },
  },
  Mutation: {
    createEnvironment(_parent, { input }, ctx) {
      requirePermission(ctx.identity, 'environments:write');
      return ctx.environments.create(input, ctx);
    },
  },
  Environment: {
    __resolveReference(ref, ctx) {
      return ctx.loaders.environmentByKey.load(ref.key!);
    },
  },
};
