import { previewOfProposal } from '../preview/targeting-preview';
import {
  type ConfigChange,
  errors,
  requirePermission,
  requirePermissionSomewhere,
} from '@switchyard/server-kit';
import type { FlagRow } from '../flags/flag.entity';
import type { Resolvers } from '../generated/graphql';
import { currentPercent } from './release-plan.service';
import type { ReleasePlanEventRow, ReleasePlanRow, ScheduledChangeRow } from './release.entities';

/** A DateTime argument as a Date; BAD_USER_INPUT naming the field when it is not one. */
export function toDate(value: Date | string, field: string): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw errors.badInput('is not a date', field);
  return date;
}

/** Thin: each field checks the permission and asks the release services. */
export const releaseResolvers: Resolvers = {
  Query: {
    async releasePlan(_parent, { id }, ctx) {
      requirePermissionSomewhere(ctx.identity, 'flags:read');
      const plan = await ctx.releaseRepo.plan(id);
      if (plan)
        requirePermission(ctx.identity, 'flags:read', {
          environment: plan.environmentKey,
          project: plan.project,
        });
      return plan;
    },
    releaseTemplates(_parent, _args, ctx) {
      requirePermission(ctx.identity, 'flags:read');
      return ctx.releaseTemplates.list();
    },
    async scheduledChanges(_parent, { filter }, ctx) {
      const project = await ctx.projects.within(ctx.identity, 'flags:read', filter?.project, {
        environment: filter?.environment,
        field: 'filter.project',
      });
      return ctx.releaseRepo.changes({ ...filter, project });
    },
  },
  Mutation: {
    saveReleaseTemplate(_parent, { input, expectedVersion }, ctx) {
      requirePermission(ctx.identity, 'flags:write');
      return ctx.releaseTemplates.save(input, expectedVersion ?? null, ctx);
    },
    deleteReleaseTemplate(_parent, { key, expectedVersion }, ctx) {
      requirePermission(ctx.identity, 'flags:write');
      return ctx.releaseTemplates.delete(key, expectedVersion, ctx);
    },
    async createReleasePlan(_parent, { input }, ctx) {
      const project = await ctx.projects.within(ctx.identity, 'flags:write', input.project, {
        environment: input.environment,
        field: 'input.project',
      });
      await ctx.projects.assertUses(project, input.environment, 'input.environment');
      await ctx.changeRequests.assertDirectWrite(input.environment);
      return ctx.releasePlans.create({ ...input, project }, ctx);
    },
    async releasePlanAction(_parent, { id, action, expectedVersion, comment }, ctx) {
      requirePermissionSomewhere(ctx.identity, 'flags:write');
      const plan = await ctx.releaseRepo.plan(id);
      if (!plan) throw errors.notFound('ReleasePlan', id);
      requirePermission(ctx.identity, 'flags:write', {
        environment: plan.environmentKey,
        project: plan.project,
      });
      // A rollback, pause or abort only makes a release safer: allowed without approval.
      if (action === 'RESUME' || action === 'ADVANCE')
        await ctx.changeRequests.assertDirectWrite(plan.environmentKey);
      return ctx.releasePlans.act(id, action, expectedVersion, comment, ctx);
    },
    async scheduleChange(_parent, { input }, ctx) {
      const project = await ctx.projects.within(ctx.identity, 'flags:write', input.project, {
        environment: input.environment,
        field: 'input.project',
      });
      await ctx.projects.assertUses(project, input.environment, 'input.environment');
      await ctx.changeRequests.assertDirectWrite(input.environment);
      return ctx.scheduledChanges.schedule({ ...input, project, at: toDate(input.at, 'input.at') }, ctx);
    },
    async rescheduleChange(_parent, { id, at, expectedVersion }, ctx) {
      // Refused before the lookup, so a viewer learns nothing about which changes exist.
      requirePermissionSomewhere(ctx.identity, 'flags:write');
      const row = await ctx.releaseRepo.change(id);
      if (!row) throw errors.notFound('ScheduledChange', id);
      requirePermission(ctx.identity, 'flags:write', {
        environment: row.environmentKey,
        project: row.project,
      });
      return ctx.scheduledChanges.reschedule(id, toDate(at, 'at'), expectedVersion, ctx);
    },
    async cancelScheduledChange(_parent, { id, expectedVersion }, ctx) {
      // Refused before the lookup, so a viewer learns nothing about which changes exist.
      requirePermissionSomewhere(ctx.identity, 'flags:write');
      const row = await ctx.releaseRepo.change(id);
      if (!row) throw errors.notFound('ScheduledChange', id);
      requirePermission(ctx.identity, 'flags:write', {
        environment: row.environmentKey,
        project: row.project,
      });
      return ctx.scheduledChanges.cancel(id, expectedVersion, ctx);
    },
  },
  Flag: {
    releasePlans: (flag, { environment }, ctx) =>
      ctx.releaseRepo.plansOfFlag((flag as FlagRow).project, (flag as FlagRow).key, environment),
    scheduledChanges: (flag, { environment }, ctx) =>
      ctx.releaseRepo.changes({
        project: (flag as FlagRow).project,
        flagKey: (flag as FlagRow).key,
        environment,
      }),
  },
  ConfigChange: {
    releasePlan: (c, _args, ctx) =>
      (c as ConfigChange).resourceType === 'release_plan'
        ? ctx.releaseRepo.plan((c as ConfigChange).resourceKey)
        : null,
    scheduledChange: (c, _args, ctx) =>
      (c as ConfigChange).resourceType === 'scheduled_change'
        ? ctx.releaseRepo.change((c as ConfigChange).resourceKey)
        : null,
  },
  ReleasePlan: {
    environment: (p) => (p as ReleasePlanRow).environmentKey,
    currentStage: (p) => (p as ReleasePlanRow).stageIndex,
    currentPercent: (p) => currentPercent(p as ReleasePlanRow),
    events: (p, _args, ctx) => ctx.releaseRepo.events((p as ReleasePlanRow).id),
    async readings(p, _args, ctx) {
      const plan = p as ReleasePlanRow;
      if (plan.status !== 'ACTIVE' && plan.status !== 'PAUSED') return [];
      return (await ctx.releasePlans.observe(plan)).map((o) => ({
        guard: o.guard,
        sample: o.sample,
        value: o.value,
        lower: o.difference?.lower ?? null,
        upper: o.difference?.upper ?? null,
        decision: o.decision,
      }));
    },
  },
  ReleasePlanEvent: {
    stage: (e) => (e as ReleasePlanEventRow).stageIndex,
  },
  ScheduledChange: {
    environment: (c) => (c as ScheduledChangeRow).environmentKey,
    at: (c) => (c as ScheduledChangeRow).dueAt,
    targeting: (c) =>
      (c as ScheduledChangeRow).kind === 'TARGETING' ? (c as ScheduledChangeRow).change : null,
    preview: (c, _args, ctx) => {
      const row = c as ScheduledChangeRow;
      return previewOfProposal(ctx.targetingPreview, { ...row, environment: row.environmentKey });
    },
  },
};
