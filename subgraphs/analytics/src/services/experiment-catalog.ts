import { channels, type EventBus, type Logger, type Unsubscribe } from '@switchyard/server-kit';
import type { SubgraphClient } from './subgraph-client';

/** Variant keys of an experiment, or null when no such experiment exists. */
export type ExperimentVariants = ReadonlySet<string> | null;

interface Entry {
  variants: ReadonlySet<string>;
  environment: string;
}

const QUERY = 'query Variants($key: String!) { experiment(key: $key) { key environment variants { key } } }';
// A miss is cached briefly only: the create's config change also clears it.
const MISS_TTL_MS = 10_000;
// Hits are cleared by config changes; the TTL only bounds a missed change.
const HIT_TTL_MS = 10 * 60_000;

/**
 * Which experiments and variants exist, asked of the experiments subgraph and cached per key.
 * Ingest validates every EXPOSURE against it, so a batch normally costs no network call.
 */
export class ExperimentCatalog {
  private readonly cache = new Map<string, { value: Entry | null; expires: number }>();
  private readonly pending = new Map<string, Promise<Entry | null>>();

  constructor(
    private readonly client: SubgraphClient,
    private readonly logger: Logger,
  ) {}

  /** Keeps the cache in step with experiment changes published on the bus. */
  async watch(bus: EventBus): Promise<Unsubscribe> {
    return bus.subscribe(channels.configChanges, (message) => {
      try {
        const change = JSON.parse(message) as { resourceType?: string; resourceKey?: string };
        if (change.resourceType === 'experiment' && change.resourceKey) this.cache.delete(change.resourceKey);
      } catch {
        // Not a change event: nothing to invalidate.
      }
    });
  }

  /** Throws when the experiments subgraph cannot answer, so the caller can say so per event. */
  async variants(key: string, now = Date.now()): Promise<ExperimentVariants> {
    return (await this.entry(key, now))?.variants ?? null;
  }

  /** The experiment's environment (its writes need that environment's permission), or null when it does not exist. */
  async environment(key: string): Promise<string | null> {
    return (await this.entry(key, Date.now()))?.environment ?? null;
  }

  private async entry(key: string, now: number): Promise<Entry | null> {
    const cached = this.cache.get(key);
    if (cached && cached.expires > now) return cached.value;
    let request = this.pending.get(key);
    if (!request) {
      request = this.fetch(key).finally(() => this.pending.delete(key));
      this.pending.set(key, request);
    }
    const value = await request;
    this.cache.set(key, { value, expires: now + (value ? HIT_TTL_MS : MISS_TTL_MS) });
    return value;
  }

  private async fetch(key: string): Promise<Entry | null> {
    const body = await this.client.query<{
      experiment: { environment: string; variants: { key: string }[] } | null;
    }>(QUERY, { key });
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
