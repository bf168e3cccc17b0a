import {
  clampPageSize,
  DEFAULT_PROJECT,
  decodeCursor,
  encodeCursor,
  errors,
  requirePermission,
  requirePermissionSomewhere,
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
    async experiment(_parent, { key, project }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'experiments:read', project);
      const row = await ctx.loaders.experiment.load({ project: inside, key });
      if (!row) throw errors.notFound('Experiment', key);
      return row;
    },
    async experiments(_parent, { project, filter, first, after }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'experiments:read', project);
      const page = await ctx.experiments.list(
        inside,
        filter ?? {},
        clampPageSize(first),
        decodeCursor(after),
      );
      return {
        nodes: page.rows,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          endCursor: page.rows.length ? encodeCursor(page.rows[page.rows.length - 1]!.key) : null,
        },
        totalCount: page.totalCount,
      };
    },
    async layerAllocation(_parent, { key, project }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'experiments:read', project);
      const rows = (await ctx.experimentRepository.findByLayer(inside, key)).filter(
        (r) => r.status !== 'COMPLETED' && r.archivedAt === null,
      );
      const allocated = rows.reduce((s, r) => s + (r.layerRangeEnd! - r.layerRangeStart!), 0);
      return { key, allocated: Math.round(allocated * 1000) / 1000, experiments: rows };
    },
  },
  Mutation: {
    async createExperiment(_parent, { input }, ctx) {
      const project = await ctx.projects.within(ctx.identity, 'experiments:write', input.project, {
        environment: input.environment,
        field: 'input.project',
      });
      return ctx.experiments.create(
        {
          ...input,
          project,
          variants: toVariants(input.variants),
          trafficAllocation: input.trafficAllocation ?? 100,
          startsAt: toDate(input.startsAt),
          endsAt: toDate(input.endsAt),
        },
        ctx,
      );
    },
    async updateExperiment(_parent, { key, project, input, expectedVersion, restart }, ctx) {
      const inside = await requireWrite(ctx, project, key);
      const patch: Record<string, unknown> = {};
      // Only fields the caller sent change; GraphQL gives absent fields as undefined.
      for (const [field, value] of Object.entries(input)) if (value !== undefined) patch[field] = value;
      if (input.variants) patch.variants = toVariants(input.variants);
      if (input.startsAt !== undefined) patch.startsAt = toDate(input.startsAt);
      if (input.endsAt !== undefined) patch.endsAt = toDate(input.endsAt);
      return ctx.experiments.update(inside, key, patch, expectedVersion, restart === true, ctx);
    },
    async startExperiment(_parent, { key, project, expectedVersion }, ctx) {
      const inside = await requireWrite(ctx, project, key);
      return ctx.experiments.start(inside, key, expectedVersion ?? null, ctx);
    },
    async pauseExperiment(_parent, { key, project, expectedVersion }, ctx) {
      const inside = await requireWrite(ctx, project, key);
      return ctx.experiments.pause(inside, key, expectedVersion ?? null, ctx);
    },
    async resumeExperiment(_parent, { key, project, expectedVersion }, ctx) {
      const inside = await requireWrite(ctx, project, key);
      return ctx.experiments.resume(inside, key, expectedVersion ?? null, ctx);
    },
    async restartExperiment(_parent, { key, project, expectedVersion }, ctx) {
      const inside = await requireWrite(ctx, project, key);
      return ctx.experiments.restart(inside, key, expectedVersion ?? null, ctx);
    },
    async completeExperiment(_parent, { key, project, winner, rollOut, expectedVersion }, ctx) {
      const inside = await requireWrite(ctx, project, key);
      return ctx.experiments.complete(inside, key, winner, rollOut === true, expectedVersion ?? null, ctx);
    },
    async archiveExperiment(_parent, { key, project, expectedVersion }, ctx) {
      const inside = await requireWrite(ctx, project, key);
      return ctx.experiments.archive(inside, key, expectedVersion ?? null, ctx);
    },
  },
  Experiment: {
    // By `project key`, or by `key` alone (references made before projects): the default project's.
    async __resolveReference(ref, ctx) {
      const project = ('project' in ref ? ref.project : null) ?? DEFAULT_PROJECT;
      return ctx.loaders.experiment.load({ project, key: ref.key! });
    },
    // The flag of that key in the experiment's project (a flag moved away leaves none: null).
    flag: (experiment) => ({ project: experiment.project!, key: experiment.flagKey! }),
    archived: (experiment) => experiment.archivedAt != null,
    layer: (experiment) => (experiment.key ? layerOf(experiment as Parameters<typeof layerOf>[0]) : null),
    secondaryMetrics: (experiment) => experiment.secondaryMetrics ?? [],
    guardrailMetrics: (experiment) => experiment.guardrailMetrics ?? [],
    alerts: (experiment, _a, ctx) =>
      ctx.loaders.alertsByExperiment.load({ project: experiment.project!, key: experiment.key! }),
  },
  ExperimentCondition: {
    caseInsensitive: (c) => c.caseInsensitive === true,
    regexFlags: (c) => c.regexFlags || null,
  },
  Flag: {
    __resolveReference: (ref) => ({ key: ref.key!, project: ref.project! }),
    // Experiments name their flag by key within their own project: the flag's project's experiments.
    experiments: (flag, _args, ctx) =>
      ctx.loaders.experimentsByFlag.load({ project: flag.project ?? DEFAULT_PROJECT, key: flag.key! }),
  },
};

/**
 * Writes need experiments:write in the experiment's project and environment (production needs the
 * production grant): refused before any lookup when held nowhere, NOT_FOUND naming `project` when the
 * project is unknown. Returns the project.
 */
async function requireWrite(ctx: SubgraphContext, project: string | null | undefined, key: string) {
  requirePermissionSomewhere(ctx.identity, 'experiments:write');
  const inside = await ctx.projects.resolve(project ?? ctx.identity.project);
  const row = await ctx.loaders.experiment.load({ project: inside, key });
  requirePermission(ctx.identity, 'experiments:write', {
    environment: row?.environment ?? null,
    project: inside,
  });
  return inside;
}
