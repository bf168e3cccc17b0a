import { clampPageSize, errors, requirePermission } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';
import type { SegmentRow } from './segment.entity';

/** A page of a sorted key list after `after` (the last key of the previous page). */
function page(keys: string[], first: number | null | undefined, after: string | null | undefined): string[] {
  const size = clampPageSize(first ?? 1000, 100_000);
  let start = 0;
  if (after) {
    // Binary search: the lists are sorted and may hold 100,000 keys.
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! <= after) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  return keys.slice(start, start + size);
}

export const segmentResolvers: Resolvers = {
  Query: {
    segments(_parent, _args, ctx) {
      requirePermission(ctx.identity, 'flags:read');
      return ctx.segments.list();
    },
    async segment(_parent, { key }, ctx) {
      requirePermission(ctx.identity, 'flags:read');
      const segment = await ctx.loaders.segmentByKey.load(key);
      if (!segment) throw errors.notFound('Segment', key);
      return segment;
    },
  },
  Mutation: {
    createSegment(_parent, { input }, ctx) {
      requirePermission(ctx.identity, 'segments:write');
      return ctx.segments.create(input, ctx);
    },
    async updateSegment(_parent, { key, expectedVersion, input }, ctx) {
      requirePermission(ctx.identity, 'segments:write');
      await ctx.changeRequests.assertDirectSegmentWrite(key);
      return ctx.segments.update(key, expectedVersion, input, ctx);
    },
    deleteSegment(_parent, { key, expectedVersion }, ctx) {
      requirePermission(ctx.identity, 'segments:write');
      return ctx.segments.delete(key, expectedVersion, ctx);
    },
  },
  Segment: {
    __resolveReference(ref, ctx) {
      return ctx.loaders.segmentByKey.load(ref.key!);
    },
    included: (s, { first, after }) => page((s as SegmentRow).included, first, after),
    includedCount: (s) => (s as SegmentRow).included.length,
    excluded: (s, { first, after }) => page((s as SegmentRow).excluded, first, after),
    excludedCount: (s) => (s as SegmentRow).excluded.length,
    async usedByFlags(s, _args, ctx) {
      const keys = await ctx.loaders.flagsUsingSegment.load((s as SegmentRow).key);
      const flags = await Promise.all(keys.map((k) => ctx.loaders.flagByKey.load(k)));
      return flags.filter((f) => f !== null);
    },
  },
};
