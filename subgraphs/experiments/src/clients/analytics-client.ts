import type { Identity } from '@switchyard/server-kit';
import { errorCode, type SubgraphClient } from './subgraph-client';

const METRIC = 'query ExperimentMetric($key: String!) { metric(key: $key) { key } }';

/** The analytics subgraph's API as the experiments subgraph uses it. */
export class AnalyticsClient {
  constructor(private readonly client: SubgraphClient) {}

  /** Whether analytics knows the metric (it answers null or NOT_FOUND for an unknown key). */
  async metricExists(key: string, identity: Identity): Promise<boolean> {
    try {
      const data = await this.client.request<{ metric: { key: string } | null }>(METRIC, { key }, identity);
      return data.metric !== null;
    } catch (err) {
      if (errorCode(err) === 'NOT_FOUND') return false;
      throw err;
    }
  }
}
