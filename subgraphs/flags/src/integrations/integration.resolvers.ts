import { clampPageSize, errors, requirePermission } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';
import { publicView } from './integration.service';

export const integrationResolvers: Resolvers = {
  Query: {
    integrations(_parent, _args, ctx) {
      requirePermission(ctx.identity, 'integrations:manage');
      return ctx.integrations.list();
    },
    async integration(_parent, { id }, ctx) {
      requirePermission(ctx.identity, 'integrations:manage');
      return ctx.integrations.get(id).catch(() => null);
    },
    slackUserLinks(_parent, _args, ctx) {
      requirePermission(ctx.identity, 'integrations:manage');
      return ctx.integrations.slackUserLinks();
    },
  },
  Mutation: {
    createIntegration(_parent, { input }, ctx) {
      requirePermission(ctx.identity, 'integrations:manage');
      return ctx.integrations.create(input, ctx);
    },
    updateIntegration(_parent, { id, expectedVersion, input }, ctx) {
      requirePermission(ctx.identity, 'integrations:manage');
      return ctx.integrations.update(id, expectedVersion, input, ctx);
    },
    deleteIntegration(_parent, { id, expectedVersion }, ctx) {
      requirePermission(ctx.identity, 'integrations:manage');
      return ctx.integrations.delete(id, expectedVersion, ctx);
    },
    redeliverIntegrationChange(_parent, { id, seq }, ctx) {
      requirePermission(ctx.identity, 'integrations:manage');
      if (seq < 1) throw errors.badInput('must be a change seq (1 or more)', 'seq');
      return ctx.integrations.redeliver(id, seq);
    },
    testIntegration(_parent, { id }, ctx) {
      requirePermission(ctx.identity, 'integrations:manage');
      return ctx.integrations.testSend(id, ctx);
    },
    linkSlackUser(_parent, { slackUserId, userId }, ctx) {
      requirePermission(ctx.identity, 'integrations:manage');
      return ctx.integrations.linkSlackUser(slackUserId, userId, ctx);
    },
    unlinkSlackUser(_parent, { slackUserId }, ctx) {
      requirePermission(ctx.identity, 'integrations:manage');
      return ctx.integrations.unlinkSlackUser(slackUserId, ctx);
    },
  },
  Integration: {
    target: (row) => publicView(row as Parameters<typeof publicView>[0]).target,
    hasSecret: (row) => (row as { secret: string | null }).secret !== null,
    async deliveredSeq(row, _args, ctx) {
      return (await ctx.integrations.state(row.id!))?.cursorSeq ?? 0;
    },
    async failingSince(row, _args, ctx) {
      return (await ctx.integrations.state(row.id!))?.failingSince ?? null;
    },
    async nextAttemptAt(row, _args, ctx) {
      return (await ctx.integrations.state(row.id!))?.nextAttemptAt ?? null;
    },
    deliveries(row, { first }, ctx) {
      return ctx.integrations.deliveries(row.id!, clampPageSize(first ?? 50));
    },
  },
};
