import { clampPageSize, decodeCursor, encodeCursor, errors } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';
import type { FlagRow } from './flag.entity';

/** Thin: each field asks the service or a loader, nothing else. */
export const flagResolvers: Resolvers = {
  Query: {
    async flag(_parent, { key }, ctx) {
      const flag = await ctx.loaders.flagByKey.load(key);
      if (!flag) throw errors.notFound('Flag', key);
      return flag;
    },
    async flags(_parent, { filter, first, after }, ctx) {
      const page = await ctx.flags.list(filter ?? {}, clampPageSize(first), decodeCursor(after));
      for (const row of page.rows) ctx.loaders.flagByKey.prime(row.key, row);
      return {
        edges: page.rows.map((node) => ({ cursor: encodeCursor(node.key), node })),
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
    async createFlag(_parent, { input }, ctx) {
      return ctx.flags.create(
        {
          key: input.key,
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
  },
  Flag: {
    async __resolveReference(ref, ctx) {
      return ctx.loaders.flagByKey.load(ref.key!);
    },
    async environments(flag, _args, ctx) {
      const envs = await ctx.loaders.environmentsByFlagId.load((flag as FlagRow).id);
      return envs.map((e) => ({
        environment: e.environmentKey,
        enabled: e.enabled,
        offVariation: e.offVariation,
      }));
    },
    async environment(flag, { key }, ctx) {
      const envs = await ctx.loaders.environmentsByFlagId.load((flag as FlagRow).id);
      const e = envs.find((x) => x.environmentKey === key);
      return e ? { environment: e.environmentKey, enabled: e.enabled, offVariation: e.offVariation } : null;
    },
  },
};
