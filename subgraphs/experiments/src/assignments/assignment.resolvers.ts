import { requirePermission } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';

export const assignmentResolvers: Resolvers = {
  Query: {
    // `evaluate` is checked inside, once the experiment's environment is known.
    assignment: (_parent, { experimentKey, context }, ctx) =>
      ctx.assignments.assign(experimentKey, context, ctx.identity),
    assignments(_parent, { userKey }, ctx) {
      requirePermission(ctx.identity, 'experiments:read');
      return ctx.assignments.listForUser(userKey);
    },
  },
  Assignment: {
    experiment: (assignment, _args, ctx) => ctx.loaders.experimentByKey.load(assignment.experimentKey!),
  },
};
