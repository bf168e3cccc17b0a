import {
  clampPageSize,
  DEFAULT_PROJECT,
  decodeCursor,
  encodeCursor,
  errors,
  requirePermission,
} from '@switchyard/server-kit';
import type { SubgraphContext } from '../context';
import type { ExperimentVariantInput, InputMaybe, Resolvers } from '../generated/graphql';
import { type JsonValue, layerOf } from './experiment.entity';

const toVariants = (variants: ExperimentVariantInput[]) =>
  variants.map((v) => ({
    key: v.key,
    weight: v.weight,
    configuration: (v.configuration ?? null) as JsonValue,
  }));

/** The DateTime scalar parses inputs to Date; the generated type also admits strings. */
const toDate = (value: InputMaybe<Date | string> | undefined): Date | null | undefined =>
  value === undefined || value === null ? value : new Date(value);

export const experimentResolvers: Resolvers = {
  Query: {
    async experiment(_parent, { key }, ctx) {
      requirePermission(ctx.identity, 'experiments:read');
      const row = await ctx.loaders.experimentByKey.load(key);
      if (!row) throw errors.notFound('Experiment', key);
      return row;
    },
    async experiments(_parent, { filter, first, after }, ctx) {
      requirePermission(ctx.identity, 'experiments:read');
      const page = await ctx.experiments.list(filter ?? {}, clampPageSize(first), decodeCursor(after));
      return {
        nodes: page.rows,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          endCursor: page.rows.length ? encodeCursor(page.rows[page.rows.length - 1]!.key) : null,
        },
        totalCount: page.totalCount,
      };
    },
    async layerAllocation(_parent, { key }, ctx) {
      requirePermission(ctx.identity, 'experiments:read');
      const rows = (await ctx.experimentRepository.findByLayer(key)).filter(
        (r) => r.status !== 'COMPLETED' && r.archivedAt === null,
      );
      const allocated = rows.reduce((s, r) => s + (r.layerRangeEnd! - r.layerRangeStart!), 0);
      return { key, allocated: Math.round(allocated * 1000) / 1000, experiments: rows };
    },
  },
  Mutation: {
    createExperiment(_parent, { input }, ctx) {
      requirePermission(ctx.identity, 'experiments:write', { environment: input.environment });
      return ctx.experiments.create(
        {
          ...input,
          variants: toVariants(input.variants),
          trafficAllocation: input.trafficAllocation ?? 100,
          startsAt: toDate(input.startsAt),
          endsAt: toDate(input.endsAt),
        },
        ctx,
      );
    },
    async updateExperiment(_parent, { key, input, expectedVersion, restart }, ctx) {
      await requireWrite(ctx, key);
      const patch: Record<string, unknown> = {};
      // Only fields the caller sent change; GraphQL gives absent fields as undefined.
      for (const [field, value] of Object.entries(input)) if (value !== undefined) patch[field] = value;
      if (input.variants) patch.variants = toVariants(input.variants);
      if (input.startsAt !== undefined) patch.startsAt = toDate(input.startsAt);
      if (input.endsAt !== undefined) patch.endsAt = toDate(input.endsAt);
      return ctx.experiments.update(key, patch, expectedVersion, restart === true, ctx);
    },
    async startExperiment(_parent, { key, expectedVersion }, ctx) {
      await requireWrite(ctx, key);
      return ctx.experiments.start(key, expectedVersion ?? null, ctx);
    },
    async pauseExperiment(_parent, { key, expectedVersion }, ctx) {
      await requireWrite(ctx, key);
      return ctx.experiments.pause(key, expectedVersion ?? null, ctx);
    },
    async resumeExperiment(_parent, { key, expectedVersion }, ctx) {
      await requireWrite(ctx, key);
      return ctx.experiments.resume(key, expectedVersion ?? null, ctx);
    },
    async restartExperiment(_parent, { key, expectedVersion }, ctx) {
      await requireWrite(ctx, key);
      return ctx.experiments.restart(key, expectedVersion ?? null, ctx);
    },
    async completeExperiment(_parent, { key, winner, rollOut, expectedVersion }, ctx) {
      await requireWrite(ctx, key);
      return ctx.experiments.complete(key, winner, rollOut === true, expectedVersion ?? null, ctx);
    },
    async archiveExperiment(_parent, { key, expectedVersion }, ctx) {
      await requireWrite(ctx, key);
      return ctx.experiments.archive(key, expectedVersion ?? null, ctx);
    },
  },
  Experiment: {
    async __resolveReference(ref, ctx) {
      return ctx.loaders.experimentByKey.load(ref.key!);
    },
    flag: (experiment) => ({ key: experiment.flagKey }),
    archived: (experiment) => experiment.archivedAt != null,
    layer: (experiment) => (experiment.key ? layerOf(experiment as Parameters<typeof layerOf>[0]) : null),
    secondaryMetrics: (experiment) => experiment.secondaryMetrics ?? [],
    guardrailMetrics: (experiment) => experiment.guardrailMetrics ?? [],
    alerts: (experiment, _a, ctx) => ctx.loaders.alertsByExperiment.load(experiment.key!),
  },
  ExperimentCondition: {
    caseInsensitive: (c) => c.caseInsensitive === true,
    regexFlags: (c) => c.regexFlags || null,
  },
  Flag: {
    __resolveReference: (ref) => ({ key: ref.key!, project: ref.project }),
    // Experiments name their flag by key, in the default project.
    experiments: (flag, _args, ctx) =>
      flag.project && flag.project !== DEFAULT_PROJECT
        ? []
        : ctx.loaders.experimentsByFlagKey.load(flag.key!),
  },
};

/** Writes need experiments:write in the experiment's environment (production needs the production grant). */
async function requireWrite(ctx: SubgraphContext, key: string) {
  const row = await ctx.loaders.experimentByKey.load(key);
  requirePermission(ctx.identity, 'experiments:write', { environment: row?.environment ?? null });
}
