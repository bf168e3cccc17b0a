import { errorCode, type Identity, operation, type SubgraphClient } from '@switchyard/server-kit';
import { type Condition, type Segment, systemIdentity } from './identity';

export interface FlagSummary {
  key: string;
  type: string;
  archived: boolean;
  variations: { key: string; value: unknown }[];
  /** null when the flag has no configuration in the environment (unknown environment). */
  environment: { enabled: boolean } | null;
}

/** What the flags subgraph needs to put an experiment's rule first on the flag in one environment. */
export interface ExperimentRule {
  key: string;
  variants: { variation: string; weight: number }[];
  /** trafficAllocation / 100. */
  coverage: number;
  audience: Condition[];
  layer: { key: string; rangeStart: number; rangeEnd: number } | null;
}

const FLAG = operation<{ key: string; environment: string }, { flag: FlagSummary | null }>(
  `query ExperimentFlag($key: String!, $environment: String!) {
  flag(key: $key) { key type archived variations { key value } environment(key: $environment) { enabled } }
}`,
);
const ATTACH = operation<
  { flagKey: string; environment: string; experiment: Record<string, unknown> },
  { attachExperiment: { key: string; version: number } }
>(
  `mutation AttachExperiment($flagKey: String!, $environment: String!, $experiment: ExperimentRuleInput!) {
  attachExperiment(flagKey: $flagKey, environment: $environment, experiment: $experiment) { key version }
}`,
);
const DETACH = operation<
  { flagKey: string; environment: string; experimentKey: string; rollOutVariation: string | null },
  { detachExperiment: { key: string; version: number } }
>(
  `mutation DetachExperiment($flagKey: String!, $environment: String!, $experimentKey: String!, $rollOutVariation: String) {
  detachExperiment(flagKey: $flagKey, environment: $environment, experimentKey: $experimentKey, rollOutVariation: $rollOutVariation) { key version }
}`,
);
const SEGMENT = operation<{ key: string }, { segment: { key: string } | null }>(
  'query ExperimentSegment($key: String!) { segment(key: $key) { key } }',
);
const SEGMENTS = operation<{ environment: string }, { flagSet: { segments: Segment[] } }>(
  'query ExperimentSegments($environment: String!) { flagSet(environment: $environment) { segments } }',
);

/** The flags subgraph's API as the experiments subgraph uses it. */
export class FlagsClient {
  constructor(private readonly client: SubgraphClient) {}

  async flag(key: string, environment: string, identity: Identity): Promise<FlagSummary | null> {
    const data = await orNotFound(this.client.request(FLAG, { key, environment }, identity));
    return data?.flag ?? null;
  }

  async attachExperiment(flagKey: string, environment: string, rule: ExperimentRule, identity: Identity) {
    await this.client.request(
      ATTACH,
      {
        flagKey,
        environment,
        experiment: {
          key: rule.key,
          variants: rule.variants,
          coverage: rule.coverage,
          audience: rule.audience.map((c) => ({
            attribute: c.attribute,
            operator: c.operator,
            values: c.values,
            negate: c.negate === true,
            caseInsensitive: c.caseInsensitive ?? null,
            regexFlags: c.regexFlags ?? null,
          })),
          layer: rule.layer,
        },
      },
      identity,
    );
  }

  async detachExperiment(
    flagKey: string,
    environment: string,
    experimentKey: string,
    rollOutVariation: string | null,
    identity: Identity,
  ) {
    await this.client.request(DETACH, { flagKey, environment, experimentKey, rollOutVariation }, identity);
  }

  async segmentExists(key: string, identity: Identity): Promise<boolean> {
    const data = await orNotFound(this.client.request(SEGMENT, { key }, identity));
    return (data?.segment ?? null) !== null;
  }

  /** Segment definitions of one environment, for evaluating `inSegment` audience conditions locally. */
  async segments(environment: string): Promise<Segment[]> {
    const data = await this.client.request(SEGMENTS, { environment }, systemIdentity);
    return Array.isArray(data.flagSet.segments) ? data.flagSet.segments : [];
  }
}

/** The flags subgraph answers an unknown key with null or with NOT_FOUND; both mean "absent". */
async function orNotFound<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (err) {
    if (errorCode(err) === 'NOT_FOUND') return null;
    throw err;
  }
}
