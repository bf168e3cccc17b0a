import { DEFAULT_PROJECT, projectScopedKey, requirePermission } from '@switchyard/server-kit';
import type { Experiment, Resolvers } from '../generated/graphql';
import type { ExperimentDesign } from './results.service';

/** The experiment's key in analytics' stores: project-scoped (projectScopedKey), as its exposures are. */
const storedKey = (experiment: Partial<Experiment>) =>
  projectScopedKey(experiment.project ?? DEFAULT_PROJECT, experiment.key!);

/**
 * The `@requires` fields the gateway fetched from the experiments subgraph, with the experiment's and
 * its metrics' keys scoped to its project, as rollups and metrics are stored (MetricRow.storageKey).
 */
function design(experiment: Partial<Experiment>): ExperimentDesign {
  const metric = (key: string) => projectScopedKey(experiment.project ?? DEFAULT_PROJECT, key);
  return {
    key: storedKey(experiment),
    variants: (experiment.variants ?? []).map((v) => ({ key: v.key, weight: v.weight })),
    minSampleSize: experiment.minSampleSize ?? null,
    alpha: experiment.alpha ?? null,
    primaryMetric: experiment.primaryMetric ? metric(experiment.primaryMetric) : null,
    secondaryMetrics: (experiment.secondaryMetrics ?? []).map(metric),
    guardrailMetrics: (experiment.guardrailMetrics ?? []).map(metric),
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
      return ctx.loaders.exposuresByExperiment.load(storedKey(experiment));
    },
    results: (experiment, { metricKey, sequential }, ctx) => {
      requirePermission(ctx.identity, 'results:read');
      return ctx.results.results(
        design(experiment),
        projectScopedKey(experiment.project ?? DEFAULT_PROJECT, metricKey),
        sequential ?? false,
      );
    },
    breakdown: (experiment, { metricKey, dimension }, ctx) => {
      requirePermission(ctx.identity, 'results:read');
      return ctx.breakdowns.breakdown(
        design(experiment),
        projectScopedKey(experiment.project ?? DEFAULT_PROJECT, metricKey),
        dimension,
      );
    },
    analysis: (experiment, { sequential }, ctx) => {
      requirePermission(ctx.identity, 'results:read');
      return ctx.results.analysis(design(experiment), sequential ?? false);
    },
  },
};
