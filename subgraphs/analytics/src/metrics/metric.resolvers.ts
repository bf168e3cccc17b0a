import { errors, requirePermission } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';
import { type MetricRow, metricCapping, metricPrior } from './metric.entity';

export const metricResolvers: Resolvers = {
  Query: {
    metric: (_parent, { key }, ctx) => {
      requirePermission(ctx.identity, 'experiments:read');
      return ctx.loaders.metricByKey.load(key);
    },
    metrics: (_parent, _args, ctx) => {
      requirePermission(ctx.identity, 'experiments:read');
      return ctx.metrics.list();
    },
  },
  Mutation: {
    createMetric: (_parent, { input }, ctx) => {
      requirePermission(ctx.identity, 'metrics:write');
      return ctx.metrics.create(input, ctx);
    },
    updateMetric: (_parent, { key, input, expectedVersion }, ctx) => {
      requirePermission(ctx.identity, 'metrics:write');
      return ctx.metrics.update(key, input, expectedVersion, ctx);
    },
    deleteMetric: (_parent, { key, expectedVersion }, ctx) => {
      requirePermission(ctx.identity, 'metrics:write');
      return ctx.metrics.delete(key, expectedVersion, ctx);
    },
  },
  Metric: {
    rebuild: (metric, _args, ctx) => ctx.loaders.latestRebuild.load(metric.key!),
    capping: (metric) => metricCapping(metric as unknown as MetricRow),
    prior: (metric) => metricPrior(metric as unknown as MetricRow),
    async __resolveReference(ref, ctx) {
      const metric = await ctx.loaders.metricByKey.load(ref.key!);
      if (!metric) throw errors.notFound('Metric', ref.key!);
      return metric;
    },
  },
};
