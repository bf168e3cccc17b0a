import { errorCode, type Identity, operation, type SubgraphClient } from '@switchyard/server-kit';
import type { GuardMeasurement, GuardReader } from './release-guards';
import type { ReleaseGuard } from './release.entities';

const EXECUTOR_IDENTITY: Identity = {
  id: 'release-executor',
  name: 'Release executor',
  kind: 'system',
  role: 'admin',
  permissions: [],
};

const METRIC = operation<{ key: string; project: string }, { metric: { key: string } | null }>(
  'query GuardMetric($key: String!, $project: String) { metric(key: $key, project: $project) { key } }',
);
/** Analytics' per-variation view of a metric (`flagVariationMetric`), the one home of guard statistics. */
const MEASURE = operation<
  {
    project: string;
    flagKey: string;
    environment: string;
    metricKey: string;
    since: string;
    variation: string | null;
  },
  { flagVariationMetric: FlagVariationMetric }
>(`query GuardMeasure($project: String, $flagKey: String!, $environment: String!, $metricKey: String!, $since: DateTime!, $variation: String) {
  flagVariationMetric(project: $project, flagKey: $flagKey, environment: $environment, metricKey: $metricKey, since: $since, variation: $variation) {
    kind higherIsBetter
    variations { variation users mean quantile { estimate } }
    comparison { sequentialLower sequentialUpper }
  }
}`);

interface FlagVariationMetric {
  kind: string;
  higherIsBetter: boolean;
  variations: {
    variation: string;
    users: number;
    mean: number | null;
    quantile: { estimate: number } | null;
  }[];
  comparison: { sequentialLower: number | null; sequentialUpper: number | null } | null;
}

/** Guards ask analytics through the graph's signed subgraph call; never its tables. */
export class AnalyticsGuardReader implements GuardReader {
  constructor(private readonly client: SubgraphClient) {}

  async knownMetrics(keys: string[], project: string): Promise<Set<string>> {
    const known = new Set<string>();
    for (const key of keys) {
      try {
        const data = await this.client.request(METRIC, { key, project }, EXECUTOR_IDENTITY);
        if (data.metric) known.add(key);
      } catch (err) {
        if (errorCode(err) !== 'NOT_FOUND') throw err;
      }
    }
    return known;
  }

  async measure(
    request: { project: string; flagKey: string; environment: string; variation: string; since: Date },
    guard: ReleaseGuard,
  ): Promise<GuardMeasurement> {
    const data = await this.client.request(
      MEASURE,
      {
        project: request.project,
        flagKey: request.flagKey,
        environment: request.environment,
        metricKey: guard.metric,
        since: request.since.toISOString(),
        variation: guard.kind === 'RELATIVE' ? request.variation : null,
      },
      EXECUTOR_IDENTITY,
    );
    return toMeasurement(data.flagVariationMetric, request.variation);
  }
}

/**
 * The released variation's value (its quantile for QUANTILE metrics, else its mean, e.g. an error
 * rate of 0/1 events) and sample (its distinct users with the metric's events). The relative
 * difference is oriented so that positive is worse: a metric where higher is better has its
 * always-valid interval negated, so "worse than the rest by more than X" is one comparison.
 */
export function toMeasurement(m: FlagVariationMetric, variation: string): GuardMeasurement {
  const mine = m.variations.find((v) => v.variation === variation);
  const value = mine ? (m.kind === 'QUANTILE' ? (mine.quantile?.estimate ?? null) : mine.mean) : null;
  const lower = m.comparison?.sequentialLower ?? null;
  const upper = m.comparison?.sequentialUpper ?? null;
  const difference =
    lower === null || upper === null
      ? null
      : m.higherIsBetter
        ? { lower: -upper, upper: -lower }
        : { lower, upper };
  return { sample: mine?.users ?? 0, value, difference };
}
