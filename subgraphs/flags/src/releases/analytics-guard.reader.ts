import { type Identity, type SubgraphClient, errorCode } from '@switchyard/server-kit';
import type { GuardMeasurement, GuardReader } from './release-guards';
import type { ReleaseGuard } from './release.entities';

const EXECUTOR_IDENTITY: Identity = {
  id: 'release-executor',
  name: 'Release executor',
  kind: 'system',
  role: 'admin',
  permissions: [],
};

const METRIC = 'query GuardMetric($key: String!) { metric(key: $key) { key } }';
const MEASURE = `query GuardMeasure($input: ReleaseGuardQuery!) {
  releaseGuardMeasurement(input: $input) { sample value differenceLower differenceUpper }
}`;

/** Guards ask analytics through the graph's signed subgraph call; never its tables. */
export class AnalyticsGuardReader implements GuardReader {
  constructor(private readonly client: SubgraphClient) {}

  async knownMetrics(keys: string[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (const key of keys) {
      try {
        const data = await this.client.request<{ metric: { key: string } | null }>(
          METRIC,
          { key },
          EXECUTOR_IDENTITY,
        );
        if (data.metric) known.add(key);
      } catch (err) {
        if (errorCode(err) !== 'NOT_FOUND') throw err;
      }
    }
    return known;
  }

  async measure(
    request: { flagKey: string; environment: string; variation: string; since: Date },
    guard: ReleaseGuard,
  ): Promise<GuardMeasurement> {
    const data = await this.client.request<{
      releaseGuardMeasurement: {
        sample: number;
        value: number | null;
        differenceLower: number | null;
        differenceUpper: number | null;
      };
    }>(
      MEASURE,
      {
        input: {
          metricKey: guard.metric,
          flagKey: request.flagKey,
          environment: request.environment,
          variation: request.variation,
          since: request.since.toISOString(),
        },
      },
      EXECUTOR_IDENTITY,
    );
    const m = data.releaseGuardMeasurement;
    return {
      sample: m.sample,
      value: m.value,
      difference:
        m.differenceLower === null || m.differenceUpper === null
          ? null
          : { lower: m.differenceLower, upper: m.differenceUpper },
    };
  }
}
