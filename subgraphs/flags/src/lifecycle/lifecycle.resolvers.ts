import type { FlagRow } from '../flags/flag.entity';
import type { Resolvers } from '../generated/graphql';
import { currentState } from './lifecycle.repository';
import { inProject } from '../projects/project-key';

/** Flag.lifecycle and the counts behind the console's lifecycle filter, per project. */
export const lifecycleResolvers: Resolvers = {
  Query: {
    async flagLifecycleCounts(_parent, { project }, ctx) {
      return ctx.lifecycle.counts(await ctx.projects.within(ctx.identity, 'flags:read', project));
    },
  },
  Flag: {
    async lifecycle(parent, _args, ctx) {
      const flag = parent as FlagRow;
      const [row, unreferenced] = await Promise.all([
        ctx.loaders.lifecycle.load(inProject(flag.project, flag.key)),
        ctx.loaders.unreferencedFlag.load(inProject(flag.project, flag.key)),
      ]);
      const state = currentState(flag, row);
      const seen = row && row.state === state;
      return {
        state,
        since: seen ? row.since : state === 'NEW' ? flag.createdAt : flag.updatedAt,
        lastEvaluatedAt: row?.lastEvaluatedAt ?? null,
        variation: seen ? row.variation : null,
        computedAt: row?.computedAt ?? null,
        removable: unreferenced,
      };
    },
  },
};
