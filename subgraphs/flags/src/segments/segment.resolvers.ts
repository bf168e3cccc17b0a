import { clampPageSize, errors, requirePermission } from '@switchyard/server-kit';
import type { Resolvers } from '../generated/graphql';
import type { SegmentRow } from './segment.entity';
import { inProject } from '../projects/project-key';
import { DEFAULT_PROJECT } from '@switchyard/server-kit';

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
    async segments(_parent, { project }, ctx) {
      return ctx.segments.list(await ctx.projects.within(ctx.identity, 'flags:read', project));
    },
    async segment(_parent, { key, project }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'flags:read', project);
      const segment = await ctx.loaders.segment.load(inProject(inside, key));
      if (!segment) throw errors.notFound('Segment', key);
      return segment;
    },
  },
  Mutation: {
    async createSegment(_parent, { input }, ctx) {
      const project = await ctx.projects.within(ctx.identity, 'segments:write', input.project, {
        field: 'input.project',
      });
      return ctx.segments.create({ ...input, project }, ctx);
    },
    async updateSegment(_parent, { key, project, expectedVersion, input }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'segments:write', project);
      await ctx.changeRequests.assertDirectSegmentWrite(inside, key);
      return ctx.segments.update(inside, key, expectedVersion, input, ctx);
    },
    async deleteSegment(_parent, { key, project, expectedVersion }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'segments:write', project);
      return ctx.segments.delete(inside, key, expectedVersion, ctx);
    },
  },
  Segment: {
    __resolveReference(ref, ctx) {
      return ctx.loaders.segment.load(inProject(DEFAULT_PROJECT, ref.key!));
    },
    included: (s, { first, after }) => page((s as SegmentRow).included, first, after),
    includedCount: (s) => (s as SegmentRow).included.length,
    excluded: (s, { first, after }) => page((s as SegmentRow).excluded, first, after),
    excludedCount: (s) => (s as SegmentRow).excluded.length,
    async usedByFlags(s, _args, ctx) {
      const { project, key } = s as SegmentRow;
      const keys = await ctx.loaders.flagsUsingSegment.load(inProject(project, key));
      const flags = await Promise.all(keys.map((k) => ctx.loaders.flag.load(inProject(project, k))));
      return flags.filter((f) => f !== null);
    },
  },
};
