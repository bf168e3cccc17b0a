import {
  BusCache,
  channels,
  type EventBus,
  type Logger,
  operation,
  projectScopedKey,
  readConfigChange,
  splitProjectScopedKey,
  type SubgraphClient,
  type Unsubscribe,
} from '@switchyard/server-kit';
import { ANALYTICS_IDENTITY } from './analytics-identity';

/** Variant keys of an experiment, or null when no such experiment exists. */
export type ExperimentVariants = ReadonlySet<string> | null;

interface Entry {
  variants: ReadonlySet<string>;
  environment: string;
}

const VARIANTS = operation<
  { key: string; project: string },
  { experiment: { environment: string; variants: { key: string }[] } | null }
>(
  'query Variants($key: String!, $project: String) { experiment(key: $key, project: $project) { key environment variants { key } } }',
);
// A miss is cached briefly only: the create's config change also clears it.
const MISS_TTL_MS = 10_000;
// Hits are cleared by config changes; the TTL only bounds a missed change.
const HIT_TTL_MS = 10 * 60_000;

/**
 * Which experiments and variants exist, asked of the experiments subgraph and cached per
 * project-scoped key (projectScopedKey), the key analytics stores an experiment's events under.
 * Ingest validates every EXPOSURE against it, so a batch normally costs no network call.
 */
export class ExperimentCatalog {
  private readonly cache: BusCache<string, Entry | null>;

  constructor(
    private readonly client: SubgraphClient,
    private readonly logger: Logger,
  ) {
    this.cache = new BusCache({
      load: (key) => this.fetch(key),
      ttlMs: (entry) => (entry ? HIT_TTL_MS : MISS_TTL_MS),
    });
  }

  /** Keeps the cache in step with experiment changes published on the bus. */
  async watch(bus: EventBus): Promise<Unsubscribe> {
    return this.cache.follow(bus, channels.configChanges, (message) => {
      const change = readConfigChange(message);
      // Not a change event: nothing to invalidate.
      if (change?.resourceType === 'experiment' && change.resourceKey)
        this.cache.invalidate(projectScopedKey(change.project, change.resourceKey));
    });
  }

  /** Throws when the experiments subgraph cannot answer, so the caller can say so per event. */
  async variants(key: string): Promise<ExperimentVariants> {
    return (await this.cache.get(key))?.variants ?? null;
  }

  /** The experiment's environment (its writes need that environment's permission), or null when it does not exist. */
  async environment(key: string): Promise<string | null> {
    return (await this.cache.get(key))?.environment ?? null;
  }

  private async fetch(scoped: string): Promise<Entry | null> {
    const { project, key } = splitProjectScopedKey(scoped);
    const { body } = await this.client.response(VARIANTS, { key, project }, ANALYTICS_IDENTITY);
    const experiment = body.data?.experiment;
    if (experiment)
      return {
        variants: new Set(experiment.variants.map((v) => v.key)),
        environment: experiment.environment,
      };
    if (body.errors?.every((e) => e.extensions?.code === 'NOT_FOUND') || body.data?.experiment === null) {
      return null;
    }
    this.logger.warn({ key, errors: body.errors }, 'experiments subgraph did not answer a variant lookup');
    throw new Error(`experiments subgraph could not look up "${key}"`);
  }
}
