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

// Every call names the experiment's project: its flag and segments are that project's.
const FLAG = operation<{ key: string; project: string; environment: string }, { flag: FlagSummary | null }>(
  `query ExperimentFlag($key: String!, $project: String, $environment: String!) {
  flag(key: $key, project: $project) { key type archived variations { key value } environment(key: $environment) { enabled } }
}`,
);
const ATTACH = operation<
  { flagKey: string; project: string; environment: string; experiment: Record<string, unknown> },
  { attachExperiment: { key: string; version: number } }
>(
  `mutation AttachExperiment($flagKey: String!, $project: String, $environment: String!, $experiment: ExperimentRuleInput!) {
  attachExperiment(flagKey: $flagKey, project: $project, environment: $environment, experiment: $experiment) { key version }
}`,
);
const DETACH = operation<
  {
    flagKey: string;
    project: string;
    environment: string;
    experimentKey: string;
    rollOutVariation: string | null;
  },
  { detachExperiment: { key: string; version: number } }
>(
  `mutation DetachExperiment($flagKey: String!, $project: String, $environment: String!, $experimentKey: String!, $rollOutVariation: String) {
  detachExperiment(flagKey: $flagKey, project: $project, environment: $environment, experimentKey: $experimentKey, rollOutVariation: $rollOutVariation) { key version }
}`,
);
const SEGMENT = operation<{ key: string; project: string }, { segment: { key: string } | null }>(
  'query ExperimentSegment($key: String!, $project: String) { segment(key: $key, project: $project) { key } }',
);
const SEGMENTS = operation<{ environment: string; project: string }, { flagSet: { segments: Segment[] } }>(
  'query ExperimentSegments($environment: String!, $project: String) { flagSet(environment: $environment, project: $project) { segments } }',
);

/** The flags subgraph's API as the experiments subgraph uses it. */
export class FlagsClient {
  constructor(private readonly client: SubgraphClient) {}

  async flag(
    project: string,
    key: string,
    environment: string,
    identity: Identity,
  ): Promise<FlagSummary | null> {
    const data = await orNotFound(this.client.request(FLAG, { key, project, environment }, identity));
    return data?.flag ?? null;
  }

  async attachExperiment(
    project: string,
    flagKey: string,
    environment: string,
    rule: ExperimentRule,
    identity: Identity,
  ) {
    await this.client.request(
      ATTACH,
      {
        flagKey,
        project,
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
    project: string,
    flagKey: string,
    environment: string,
    experimentKey: string,
    rollOutVariation: string | null,
    identity: Identity,
  ) {
    await this.client.request(
      DETACH,
      { flagKey, project, environment, experimentKey, rollOutVariation },
      identity,
    );
  }

  async segmentExists(project: string, key: string, identity: Identity): Promise<boolean> {
    const data = await orNotFound(this.client.request(SEGMENT, { key, project }, identity));
    return (data?.segment ?? null) !== null;
  }

  /** Segment definitions of one project's environment, for evaluating `inSegment` audience conditions locally. */
  async segments(project: string, environment: string): Promise<Segment[]> {
    const data = await this.client.request(SEGMENTS, { environment, project }, systemIdentity);
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
