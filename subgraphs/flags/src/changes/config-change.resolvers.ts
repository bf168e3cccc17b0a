import { type ConfigChange, changesSince, errors, requirePermission } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';

export const configChangeResolvers: Resolvers = {
  Query: {
    async configChanges(_parent, { environment, sinceVersion, first }, ctx) {
      requirePermission(ctx.identity, 'flags:read', { environment });
      const limit = first ?? 100;
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw errors.badInput('must be between 1 and 1000', 'first');
      if (sinceVersion < 0) throw errors.badInput('must be 0 or more', 'sinceVersion');
      return changesSince(ctx.ds, sinceVersion, { environment, limit });
    },
  },
  ConfigChange: {
    flag: (c, _args, ctx) =>
      (c as ConfigChange).resourceType === 'flag'
        ? ctx.loaders.flagByKey.load((c as ConfigChange).resourceKey)
        : null,
    segment: (c, _args, ctx) =>
      (c as ConfigChange).resourceType === 'segment'
        ? ctx.loaders.segmentByKey.load((c as ConfigChange).resourceKey)
        : null,
    experiment: (c) =>
      (c as ConfigChange).resourceType === 'experiment' ? { key: (c as ConfigChange).resourceKey } : null,
  },
};
