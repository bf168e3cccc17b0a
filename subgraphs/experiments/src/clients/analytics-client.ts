import { errorCode, type Identity, operation, type SubgraphClient } from '@switchyard/server-kit';

const METRIC = operation<{ key: string }, { metric: { key: string } | null }>(
  'query ExperimentMetric($key: String!) { metric(key: $key) { key } }',
);

/** The analytics subgraph's API as the experiments subgraph uses it. */
export class AnalyticsClient {
  constructor(private readonly client: SubgraphClient) {}

  /** Whether analytics knows the metric (it answers null or NOT_FOUND for an unknown key). */
  async metricExists(key: string, identity: Identity): Promise<boolean> {
    try {
      const data = await this.client.request(METRIC, { key }, identity);
      return data.metric !== null;
    } catch (err) {
      if (errorCode(err) === 'NOT_FOUND') return false;
      throw err;
    }
  }
}
