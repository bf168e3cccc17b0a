import type { Condition } from '@switchyard/core';
import { clampPageSize, errors, requirePermission } from '@switchyard/server-kit';
import type { FlagEnvironment, Resolvers } from '../generated/graphql';
import type { FlagEnvironmentRow, FlagRow } from './flag.entity';
import { inProject } from '../projects/project-key';
import { DEFAULT_PROJECT } from '@switchyard/server-kit';

function environmentView(e: FlagEnvironmentRow): FlagEnvironment {
  return {
    environment: e.environmentKey,
    enabled: e.enabled,
    offVariation: e.offVariation,
    targets: e.targets,
    rules: e.rules as FlagEnvironment['rules'],
    fallthrough: e.fallthrough as FlagEnvironment['fallthrough'],
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    prerequisites: e.prerequisites.map((p) => ({
      flagKey: p.flagKey,
      variation: p.variation ?? null,
      variations: p.variations ?? null,
      off: p.off === true,
    })),
    updatedAt: e.updatedAt,
  };
}

/** Thin: each field checks the permission and asks a service or a loader, nothing else. */
export const flagResolvers: Resolvers = {
  Query: {
    async flag(_parent, { key, project }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'flags:read', project);
      const flag = await ctx.loaders.flag.load(inProject(inside, key));
      if (!flag) throw errors.notFound('Flag', key);
      return flag;
    },
    async flags(_parent, { project, filter, orderBy, first, after }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'flags:read', project, {
        environment: filter?.environment,
      });
      // Ordering by status reads that environment's config.
      if (orderBy?.field === 'STATUS' && orderBy.environment) {
        requirePermission(ctx.identity, 'flags:read', { environment: orderBy.environment, project: inside });
      }
      const listed = { ...filter, project: inside };
      const page = await ctx.flags.list(listed, orderBy ?? {}, clampPageSize(first), after);
      for (const row of page.rows) ctx.loaders.flag.prime(inProject(row.project, row.key), row);
      return {
        edges: page.rows.map((node, i) => ({ cursor: page.cursors[i]!, node })),
        nodes: page.rows,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          endCursor: page.cursors.at(-1) ?? null,
        },
        totalCount: page.totalCount,
      };
    },
  },
  Mutation: {
    async createFlag(_parent, { input }, ctx) {
      const project = await ctx.projects.within(ctx.identity, 'flags:write', input.project, {
        field: 'input.project',
      });
      return ctx.flags.create(
        {
          key: input.key,
          project,
          name: input.name,
          description: input.description,
          type: input.type ?? 'BOOLEAN',
          tags: input.tags,
          owner: input.owner,
          variations: input.variations?.map((v) => ({
            key: v.key,
            value: v.value,
            name: v.name ?? null,
            description: v.description ?? null,
          })),
        },
        ctx,
      );
    },
    async updateFlag(_parent, { key, project, expectedVersion, input }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'flags:write', project);
      const variations = input.variations?.map((v) => ({ ...v, value: v.value ?? null }));
      return ctx.flags.update(inside, key, expectedVersion, { ...input, variations }, ctx);
    },
    async importFlag(_parent, { input, expectedVersion }, ctx) {
      const project = await ctx.projects.within(ctx.identity, 'flags:write', input.project, {
        field: 'input.project',
      });
      for (const [i, e] of (input.environments ?? []).entries()) {
        requirePermission(ctx.identity, 'flags:write', { environment: e.environment, project });
        await ctx.projects.assertUses(project, e.environment, `input.environments[${i}].environment`);
      }
      // Targeting of an environment that requires approval is written only by approved change requests.
      for (const e of input.environments ?? []) await ctx.changeRequests.assertDirectWrite(e.environment);
      return ctx.flagImports.importFlag({ ...input, project }, expectedVersion ?? null, ctx);
    },
    async setFlagEnabled(_parent, { key, project, environment, enabled, expectedVersion }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'flags:write', project, { environment });
      await ctx.projects.assertUses(inside, environment);
      await ctx.changeRequests.assertDirectWrite(environment);
      return ctx.targeting.setEnabled(inside, key, environment, enabled, expectedVersion, ctx);
    },
    async updateTargeting(_parent, { key, project, environment, expectedVersion, input }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'flags:write', project, { environment });
      await ctx.projects.assertUses(inside, environment);
      await ctx.changeRequests.assertDirectWrite(environment);
      return ctx.targeting.updateTargeting(inside, key, environment, expectedVersion, input, ctx);
    },
    async archiveFlag(_parent, { key, project, expectedVersion }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'flags:write', project);
      return ctx.flags.setArchived(inside, key, expectedVersion, true, ctx);
    },
    async restoreFlag(_parent, { key, project, expectedVersion }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'flags:write', project);
      return ctx.flags.setArchived(inside, key, expectedVersion, false, ctx);
    },
    async deleteFlag(_parent, { key, project, expectedVersion }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'flags:write', project);
      return ctx.flags.delete(inside, key, expectedVersion, ctx);
    },
    async moveFlag(_parent, { key, project, toProject, expectedVersion }, ctx) {
      const from = await ctx.projects.within(ctx.identity, 'flags:write', project);
      const to = await ctx.projects.within(ctx.identity, 'flags:write', toProject, { field: 'toProject' });
      return ctx.flags.move(from, key, to, expectedVersion, ctx);
    },
    async copyTargeting(_parent, { key, project, fromEnvironment, toEnvironment, expectedVersion }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'flags:write', project, {
        environment: toEnvironment,
      });
      requirePermission(ctx.identity, 'flags:read', { environment: fromEnvironment, project: inside });
      await ctx.projects.assertUses(inside, toEnvironment, 'toEnvironment');
      await ctx.changeRequests.assertDirectWrite(toEnvironment);
      return ctx.targeting.copyTargeting(inside, key, fromEnvironment, toEnvironment, expectedVersion, ctx);
    },
    async attachExperiment(_parent, { flagKey, project, environment, experiment }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'flags:write', project, { environment });
      return ctx.targeting.attachExperiment(inside, flagKey, environment, experiment, ctx);
    },
    async detachExperiment(_parent, { flagKey, project, environment, experimentKey, rollOutVariation }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'flags:write', project, { environment });
      return ctx.targeting.detachExperiment(
        inside,
        flagKey,
        environment,
        experimentKey,
        rollOutVariation,
        ctx,
      );
    },
  },
  Flag: {
    __resolveReference(ref, ctx) {
      // A reference by `project key` names the project (experiments do); by key alone, the default project's.
      const project = ('project' in ref ? ref.project : null) ?? DEFAULT_PROJECT;
      return ctx.loaders.flag.load(inProject(project, ref.key!));
    },
    async environments(flag, _args, ctx) {
      return (await ctx.loaders.environmentsByFlagId.load((flag as FlagRow).id)).map(environmentView);
    },
    async environment(flag, { key }, ctx) {
      const envs = await ctx.loaders.environmentsByFlagId.load((flag as FlagRow).id);
      const e = envs.find((x) => x.environmentKey === key);
      return e ? environmentView(e) : null;
    },
  },
  Condition: {
    values: (c) => ((c as Condition).values ?? []) as object[],
    negate: (c) => (c as Condition).negate ?? false,
    caseInsensitive: (c) => (c as Condition).caseInsensitive === true,
    regexFlags: (c) => (c as Condition).regexFlags || null,
  },
};
