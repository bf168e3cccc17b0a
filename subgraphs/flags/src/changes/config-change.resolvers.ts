import { type ConfigChange, changesSince, errors } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';
import { inProject } from '../projects/project-key';
import { DEFAULT_PROJECT } from '@switchyard/server-kit';

export const configChangeResolvers: Resolvers = {
  Query: {
    async configChanges(_parent, { environment, project, sinceVersion, first }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'flags:read', project, { environment });
      const limit = first ?? 100;
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw errors.badInput('must be between 1 and 1000', 'first');
      if (sinceVersion < 0) throw errors.badInput('must be 0 or more', 'sinceVersion');
      return changesSince(ctx.ds, sinceVersion, { environment, project: inside, limit });
    },
  },
  ConfigChange: {
    flag: (c, _args, ctx) =>
      (c as ConfigChange).resourceType === 'flag'
        ? ctx.loaders.flag.load(
            inProject((c as ConfigChange).project ?? DEFAULT_PROJECT, (c as ConfigChange).resourceKey),
          )
        : null,
    segment: (c, _args, ctx) =>
      (c as ConfigChange).resourceType === 'segment'
        ? ctx.loaders.segment.load(
            inProject((c as ConfigChange).project ?? DEFAULT_PROJECT, (c as ConfigChange).resourceKey),
          )
        : null,
    // The experiments subgraph resolves it by project and key (keys are unique within a project).
    experiment: (c) =>
      (c as ConfigChange).resourceType === 'experiment'
        ? { key: (c as ConfigChange).resourceKey, project: (c as ConfigChange).project ?? DEFAULT_PROJECT }
        : null,
  },
};
