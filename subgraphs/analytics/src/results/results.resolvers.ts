import { requirePermission } from '@switchyard/server-kit';
import type { Experiment, Resolvers } from '../generated/graphql';
import type { ExperimentDesign } from './results.service';

/** The `@requires` fields the gateway fetched from the experiments subgraph. */
function design(experiment: Partial<Experiment>): ExperimentDesign {
  return {
    key: experiment.key!,
    variants: (experiment.variants ?? []).map((v) => ({ key: v.key, weight: v.weight })),
    minSampleSize: experiment.minSampleSize ?? null,
    alpha: experiment.alpha ?? null,
    primaryMetric: experiment.primaryMetric ?? null,
    secondaryMetrics: experiment.secondaryMetrics ?? [],
    guardrailMetrics: experiment.guardrailMetrics ?? [],
    analysisStartedAt: (experiment.analysisStartedAt as Date | string | null | undefined) ?? null,
    analysisPeriod: experiment.analysisPeriod ?? 1,
    multipleTestingCorrection: experiment.multipleTestingCorrection ?? null,
  };
}

export const resultsResolvers: Resolvers = {
  Query: {
    exposureAttributes: (_parent, _args, ctx) => {
      requirePermission(ctx.identity, 'results:read');
      return ctx.breakdowns.dimensions();
    },
  },
  Experiment: {
    // Keeps the representation whole: it carries the @requires fields.
    __resolveReference: (ref) => ref,
    exposures: (experiment, _args, ctx) => {
      requirePermission(ctx.identity, 'experiments:read');
      return ctx.loaders.exposuresByExperiment.load(experiment.key!);
    },
    results: (experiment, { metricKey, sequential }, ctx) => {
      requirePermission(ctx.identity, 'results:read');
      return ctx.results.results(design(experiment), metricKey, sequential ?? false);
    },
    breakdown: (experiment, { metricKey, dimension }, ctx) => {
      requirePermission(ctx.identity, 'results:read');
      return ctx.breakdowns.breakdown(design(experiment), metricKey, dimension);
    },
    analysis: (experiment, { sequential }, ctx) => {
      requirePermission(ctx.identity, 'results:read');
      return ctx.results.analysis(design(experiment), sequential ?? false);
    },
  },
};
