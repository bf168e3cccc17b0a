import { clampPageSize, decodeCursor, encodeCursor, errors } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';
import type { JsonValue } from './experiment.entity';

export const experimentResolvers: Resolvers = {
  Query: {
    async experiment(_parent, { key }, ctx) {
      const row = await ctx.loaders.experimentByKey.load(key);
      if (!row) throw errors.notFound('Experiment', key);
      return row;
    },
    async experiments(_parent, { first, after }, ctx) {
      const page = await ctx.experiments.list(clampPageSize(first), decodeCursor(after));
      return {
        nodes: page.rows,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          endCursor: page.rows.length ? encodeCursor(page.rows[page.rows.length - 1]!.key) : null,
        },
        totalCount: page.totalCount,
      };
    },
  },
  Mutation: {
    async createExperiment(_parent, { input }, ctx) {
      return ctx.experiments.create(
        {
          ...input,
          trafficAllocation: input.trafficAllocation ?? 100,
          variants: input.variants.map((v) => ({
            key: v.key,
            weight: v.weight,
            configuration: (v.configuration ?? null) as JsonValue,
          })),
        },
        ctx,
      );
    },
  },
  Experiment: {
    async __resolveReference(ref, ctx) {
      return ctx.loaders.experimentByKey.load(ref.key!);
    },
    flag: (experiment) => ({ key: experiment.flagKey }),
  },
  Flag: {
    __resolveReference: (ref) => ({ key: ref.key! }),
    experiments: (flag, _args, ctx) => ctx.loaders.experimentsByFlagKey.load(flag.key!),
  },
};
