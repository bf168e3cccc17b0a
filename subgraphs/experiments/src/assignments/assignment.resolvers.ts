import type { Resolvers } from '../generated/graphql';

export const assignmentResolvers: Resolvers = {
  Query: {
    // `evaluate` is checked inside, once the experiment's project and environment are known.
    assignment: (_parent, { experimentKey, context, project }, ctx) =>
      ctx.assignments.assign(experimentKey, context, ctx.identity, project ?? null),
    async assignments(_parent, { userKey, project }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'experiments:read', project);
      return ctx.assignments.listForUser(inside, userKey);
    },
  },
  Assignment: {
    experiment: (assignment, _args, ctx) =>
      ctx.loaders.experiment.load({ project: assignment.project!, key: assignment.experimentKey! }),
  },
};
