import { DEFAULT_PROJECT, errors, projectScopedKey } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';
import { type MetricRow, metricCapping, metricPrior } from './metric.entity';

export const metricResolvers: Resolvers = {
  Query: {
    metric: async (_parent, { key, project }, ctx) => {
      const inside = await ctx.projects.within(ctx.identity, 'experiments:read', project);
      return ctx.loaders.metricByKey.load(projectScopedKey(inside, key));
    },
    metrics: async (_parent, { project }, ctx) => {
      const inside = await ctx.projects.within(ctx.identity, 'experiments:read', project);
      return ctx.metrics.list(inside);
    },
  },
  Mutation: {
    createMetric: async (_parent, { input }, ctx) => {
      const project = await ctx.projects.within(ctx.identity, 'metrics:write', input.project, {
        field: 'input.project',
      });
      return ctx.metrics.create({ ...input, project }, ctx);
    },
    updateMetric: async (_parent, { key, project, input, expectedVersion }, ctx) => {
      const inside = await ctx.projects.within(ctx.identity, 'metrics:write', project);
      return ctx.metrics.update(inside, key, input, expectedVersion, ctx);
    },
    deleteMetric: async (_parent, { key, project, expectedVersion }, ctx) => {
      const inside = await ctx.projects.within(ctx.identity, 'metrics:write', project);
      return ctx.metrics.delete(inside, key, expectedVersion, ctx);
    },
  },
  Metric: {
    rebuild: (metric, _args, ctx) => ctx.loaders.latestRebuild.load((metric as MetricRow).storageKey),
    capping: (metric) => metricCapping(metric as unknown as MetricRow),
    prior: (metric) => metricPrior(metric as unknown as MetricRow),
    // By `project key`, or by `key` alone (references made before projects): the default project's.
    async __resolveReference(ref, ctx) {
      const metric = await ctx.loaders.metricByKey.load(
        projectScopedKey(('project' in ref ? ref.project : null) ?? DEFAULT_PROJECT, ref.key!),
      );
      if (!metric) throw errors.notFound('Metric', ref.key!);
      return metric;
    },
  },
};
