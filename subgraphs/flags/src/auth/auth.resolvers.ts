import {
  type ApiKeyKind as KindValue,
  type Identity,
  permissionsOf,
  type Role as RoleValue,
} from '@switchyard/server-kit';
import type { ApiKeyKind, Resolvers, Role } from '../generated/graphql';
import type { ApiKeyRow, UserRow } from './auth.entities';

// GraphQL enums are upper case; the database and permission model use lower case.
const toRole = (r: Role): RoleValue => r.toLowerCase() as RoleValue;
const fromRole = (r: RoleValue): Role => r.toUpperCase() as Role;
const toKind = (k: ApiKeyKind): KindValue => k.toLowerCase() as KindValue;
const fromKind = (k: KindValue): ApiKeyKind => k.toUpperCase() as ApiKeyKind;

/** The gateway-verified caller (the subgraph context carries it as `actor`). */
const caller = (ctx: { actor: unknown }) => ctx.actor as Identity;

/** A user row as the graph's User (keeping the row for lockedUntil). */
export function userView(row: UserRow) {
  return {
    row,
    id: row.id,
    email: row.email,
    name: row.name,
    role: fromRole(row.role),
    permissions: row.permissions,
    customRoles: row.customRoles,
    ssoGroups: row.ssoGroups,
    // Resolved by User.effectivePermissions below, which knows who asks.
    effectivePermissions: [] as string[],
    createdAt: row.createdAt,
    deactivatedAt: row.deactivatedAt,
  };
}

function apiKey(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    kind: fromKind(row.kind),
    environment: row.environment,
    project: row.kind === 'token' ? null : row.project,
    role: row.role ? fromRole(row.role) : null,
    permissions: row.permissions,
    customRoles: row.customRoles,
    prefix: row.prefix,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    revokedAt: row.revokedAt,
  };
}

/** Thin: each field asks AuthService, which checks permissions. */
export const authResolvers: Resolvers = {
  User: {
    lockedUntil(parent, _a, ctx) {
      const row = (parent as { row?: UserRow }).row;
      if (!row || !permissionsOf(caller(ctx)).has('users:manage')) return null;
      return ctx.auth.lockedUntil(row);
    },
    effectivePermissions(parent, _a, ctx) {
      const row = (parent as { row?: UserRow }).row;
      return row ? ctx.auth.effectivePermissions(caller(ctx), row) : [];
    },
  },
  Query: {
    async me(_p, _a, ctx) {
      const row = await ctx.auth.me(caller(ctx));
      return row ? userView(row) : null;
    },
    async users(_p, _a, ctx) {
      return (await ctx.auth.listUsers(caller(ctx))).map(userView);
    },
    async apiKeys(_p, { includeRevoked }, ctx) {
      return (await ctx.auth.listApiKeys(caller(ctx), includeRevoked ?? false)).map(apiKey);
    },
  },
  Mutation: {
    async login(_p, { email, password }, ctx) {
      const s = await ctx.auth.login(ctx, email, password);
      return { ...s, user: userView(s.user) };
    },
    async refreshSession(_p, { refreshToken }, ctx) {
      const s = await ctx.auth.refresh(refreshToken);
      return { ...s, user: userView(s.user) };
    },
    logout(_p, { refreshToken }, ctx) {
      return ctx.auth.logout(refreshToken);
    },
    async createUser(_p, { input }, ctx) {
      return userView(await ctx.auth.createUser(ctx, { ...input, role: toRole(input.role) }));
    },
    async updateUserRole(_p, { id, role, permissions }, ctx) {
      return userView(await ctx.auth.updateUserRole(ctx, id, toRole(role), permissions));
    },
    async deactivateUser(_p, { id }, ctx) {
      return userView(await ctx.auth.deactivateUser(ctx, id));
    },
    async reactivateUser(_p, { id }, ctx) {
      return userView(await ctx.auth.reactivateUser(ctx, id));
    },
    async changePassword(_p, { currentPassword, newPassword }, ctx) {
      return userView(await ctx.auth.changePassword(ctx, currentPassword, newPassword));
    },
    async resetUserPassword(_p, { id }, ctx) {
      const reset = await ctx.auth.resetPassword(ctx, id);
      return { user: userView(reset.user), temporaryPassword: reset.temporaryPassword };
    },
    async unlockUser(_p, { id }, ctx) {
      return userView(await ctx.auth.unlockUser(ctx, id));
    },
    deleteUser(_p, { id }, ctx) {
      return ctx.auth.deleteUser(ctx, id);
    },
    async createApiKey(_p, { input }, ctx) {
      const created = await ctx.auth.createApiKey(ctx, {
        ...input,
        kind: toKind(input.kind),
        role: input.role ? toRole(input.role) : null,
      });
      return { apiKey: apiKey(created.apiKey), secret: created.secret };
    },
    async setApiKeyCustomRoles(_p, { id, roles }, ctx) {
      return apiKey(await ctx.auth.setApiKeyCustomRoles(ctx, id, roles));
    },
    async revokeApiKey(_p, { id }, ctx) {
      return apiKey(await ctx.auth.revokeApiKey(ctx, id));
    },
  },
};
