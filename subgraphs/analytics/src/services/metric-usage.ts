import { type GraphQLBody, operation, type SubgraphClient } from '@switchyard/server-kit';
import { ANALYTICS_IDENTITY } from './analytics-identity';

/** An experiment that names a metric, as the experiments subgraph describes it. */
export interface ExperimentUsingMetric {
  key: string;
  status: string;
  archived: boolean;
}

interface ExperimentPage {
  experiments: {
    nodes: {
      key: string;
      status: string;
      archived: boolean;
      primaryMetric: string | null;
      secondaryMetrics: string[];
      guardrailMetrics: string[];
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const EXPERIMENT_METRICS = operation<
  { project: string; archived: boolean; after: string | null },
  ExperimentPage
>(
  `query ExperimentMetrics($project: String, $archived: Boolean!, $after: String) {
  experiments(project: $project, filter: { archived: $archived }, first: 500, after: $after) {
    nodes { key status archived primaryMetric secondaryMetrics guardrailMetrics }
    pageInfo { hasNextPage endCursor }
  }
}`,
);

/**
 * Which experiments name a metric (primary, secondary or guardrail), archived ones included:
 * their results are still read, so they keep using it. Experiments live in the experiments
 * subgraph, which has no filter by metric, so every experiment is paged through; deleting a
 * metric is rare enough for that.
 */
export class MetricUsage {
  constructor(private readonly experiments: SubgraphClient) {}

  /** Throws when the experiments subgraph cannot answer: a delete must not go ahead unchecked. */
  /** The project's experiments (only they can name the project's metrics). */
  async experimentsUsing(project: string, metricKey: string): Promise<ExperimentUsingMetric[]> {
    const found: ExperimentUsingMetric[] = [];
    for (const archived of [false, true]) {
      let after: string | null = null;
      do {
        const { body }: { body: GraphQLBody<ExperimentPage> } = await this.experiments.response(
          EXPERIMENT_METRICS,
          { project, archived, after },
          ANALYTICS_IDENTITY,
        );
        if (!body.data?.experiments) {
          throw new Error(
            `the experiments subgraph could not list experiments: ${body.errors?.[0]?.message ?? 'no data'}`,
          );
        }
        const page: ExperimentPage['experiments'] = body.data.experiments;
        for (const e of page.nodes) {
          const metrics = [e.primaryMetric, ...e.secondaryMetrics, ...e.guardrailMetrics];
          if (metrics.includes(metricKey)) found.push({ key: e.key, status: e.status, archived: e.archived });
        }
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
    }
    return found;
  }
}
