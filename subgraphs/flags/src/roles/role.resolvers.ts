import type { Identity } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';
import { userView } from '../auth/auth.resolvers';

/** The gateway-verified caller (the subgraph context carries it as `actor`). */
const caller = (ctx: { actor: unknown }) => ctx.actor as Identity;

/** Thin: each field asks RoleService, which checks permissions and validates. */
export const roleResolvers: Resolvers = {
  Query: {
    roles(_p, _a, ctx) {
      return ctx.roles.list(caller(ctx));
    },
    role(_p, { key }, ctx) {
      return ctx.roles.get(caller(ctx), key);
    },
    grantablePermissions(_p, _a, ctx) {
      return [...ctx.roles.grantablePermissions(caller(ctx))];
    },
    async roleGroupMappings(_p, _a, ctx) {
      return (await ctx.roles.listGroupMappings(caller(ctx))).map((g) => ({ ...g, roles: g.roleKeys }));
    },
  },
  Mutation: {
    createRole(_p, { input }, ctx) {
      return ctx.roles.create(ctx, input.key, input);
    },
    updateRole(_p, { key, input, expectedVersion }, ctx) {
      return ctx.roles.update(ctx, key, input, expectedVersion);
    },
    deleteRole(_p, { key }, ctx) {
      return ctx.roles.delete(ctx, key);
    },
    async setUserCustomRoles(_p, { id, roles }, ctx) {
      return userView(await ctx.roles.setUserRoles(ctx, id, roles));
    },
    async setRoleGroupMapping(_p, { group, roles }, ctx) {
      const mapping = await ctx.roles.setGroupMapping(ctx, group, roles);
      return { ...mapping, roles: mapping.roleKeys };
    },
  },
};
