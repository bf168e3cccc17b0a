import { errorCode, type Identity, operation, type SubgraphClient } from '@switchyard/server-kit';
import type { WatchedAnalysis } from '../alerts/experiment-alerts';
import type { ExperimentRow } from '../experiments/experiment.entity';

const METRIC = operation<{ key: string; project: string }, { metric: { key: string } | null }>(
  'query ExperimentMetric($key: String!, $project: String) { metric(key: $key, project: $project) { key } }',
);

// The sequential view as well: the watcher peeks, so it needs the always-valid comparisons.
const ANALYSIS = operation<
  { representations: unknown[] },
  { _entities: ({ analysis: WatchedAnalysis } | null)[] }
>(
  `query ExperimentWatch($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Experiment {
        analysis(sequential: true) {
          metrics {
            metricKey role status stale higherIsBetter progress
            metric { name guardrailThreshold }
            sampleRatio { warning pValue observed expected }
            variants {
              variant isControl users significant decision adjustedPValue guardrailViolated
              relativeUplift { estimate lower upper } absoluteUplift { estimate lower upper }
              sequential { significant assumptionsMet adjustedPValue }
            }
          }
        }
      }
    }
  }`,
);

/** The analytics subgraph's API as the experiments subgraph uses it. */
export class AnalyticsClient {
  constructor(private readonly client: SubgraphClient) {}

  /** Whether the project has the metric (analytics answers null or NOT_FOUND for an unknown key). */
  async metricExists(project: string, key: string, identity: Identity): Promise<boolean> {
    try {
      const data = await this.client.request(METRIC, { key, project }, identity);
      return data.metric !== null;
    } catch (err) {
      if (errorCode(err) === 'NOT_FOUND') return false;
      throw err;
    }
  }

  /** The results of every metric of a running experiment, as the gateway would ask for them. */
  async analysis(row: ExperimentRow, identity: Identity): Promise<WatchedAnalysis | null> {
    // The fields analytics' Experiment @requires, shaped as this subgraph serves them.
    const representation = {
      __typename: 'Experiment',
      project: row.project,
      key: row.key,
      variants: row.variants.map((v) => ({ key: v.key, weight: v.weight })),
      minSampleSize: row.minSampleSize,
      alpha: row.alpha,
      multipleTestingCorrection: row.multipleTestingCorrection,
      primaryMetric: row.primaryMetric,
      secondaryMetrics: row.secondaryMetrics,
      guardrailMetrics: row.guardrailMetrics,
      analysisStartedAt: row.analysisStartedAt?.toISOString() ?? null,
      analysisPeriod: row.analysisPeriod,
    };
    const data = await this.client.request(ANALYSIS, { representations: [representation] }, identity);
    return data._entities[0]?.analysis ?? null;
  }
}
