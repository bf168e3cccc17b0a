import { type CompiledFlagSet, compileFlagSet, type FlagSet, type FlagType } from '@switchyard/core';
import {
  type ConfigChange,
  channels,
  type EventBus,
  IDENTITY_HEADER,
  type Identity,
  type Logger,
  signIdentity,
  systemActor,
  type Unsubscribe,
} from '@switchyard/server-kit';

/** One environment's rules, compiled once and evaluated for every request. */
export interface EdgeFlagSet {
  compiled: CompiledFlagSet;
  types: Map<string, FlagType>;
}

interface Slot {
  /** null: the environment does not exist (the graph answers NOT_FOUND for it). */
  set: EdgeFlagSet | null;
  generation: number;
  stale: boolean;
  builtAt: number;
}

type Fetcher = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<Response>;

const FLAG_SET_QUERY =
  'query EdgeFlagSet($environment: String!) { flagSet(environment: $environment) { environment version flags segments } }';
/** Rebuilt in the background after this long, in case a change event was lost. */
const MAX_AGE_MS = 30_000;
/**
 * How long a request waits for the rebuild of a dropped set when a last known one exists. Beyond it
 * (the flags subgraph is down or hung) the last known set is served, marked stale, while the rebuild
 * goes on in the background; before, every evaluate after a relayed mutation waited the full
 * subgraph timeout.
 */
const STALE_WAIT_MS = 1000;
/** After a failed rebuild, requests are served the last known set at once for this long. */
const UNREACHABLE_MS = 5000;

/** A set as served: `stale` when it may miss changes because the flags subgraph could not be read. */
export interface ServedFlagSet {
  set: EdgeFlagSet | null;
  stale: boolean;
}
const edgeIdentity: Identity = { ...systemActor, name: 'gateway evaluation edge', permissions: [] };

/**
 * The gateway's copy of each environment's flag set, read from the flags subgraph's `flagSet`
 * and dropped on every config change (event bus) and every mutation this gateway relays, so
 * a caller always reads its own writes. A build that raced a change is never served as fresh.
 */
export class EdgeFlagSets {
  private readonly slots = new Map<string, Slot>();
  private readonly building = new Map<string, { generation: number; promise: Promise<Slot> }>();
  private generation = 0;
  /** Until when the flags subgraph counts as unreachable (its last rebuild failed). */
  private unreachableUntil = 0;
  private unsubscribe: Unsubscribe | null = null;

  constructor(
    private readonly flagsUrl: string,
    private readonly secret: string,
    private readonly fetcher: Fetcher,
    private readonly logger: Logger,
  ) {}

  async listen(bus: EventBus): Promise<void> {
    this.unsubscribe = await bus.subscribe(channels.configChanges, (message) => {
      try {
        this.invalidate((JSON.parse(message) as ConfigChange).environment);
      } catch {
        this.invalidate(null);
      }
    });
  }

  async close(): Promise<void> {
    await this.unsubscribe?.();
  }

  /** `null`: every environment (segments and other global changes). */
  invalidate(environment: string | null): void {
    this.generation++;
    for (const [key, slot] of this.slots) if (environment === null || key === environment) slot.stale = true;
  }

  /**
   * The compiled set (null when the environment does not exist). A dropped set is rebuilt first, so a
   * caller reads its own writes; when the flags subgraph cannot be read the last known set is served,
   * marked stale, as the SDKs do. Throws when there is none.
   */
  async get(environment: string): Promise<ServedFlagSet> {
    const slot = this.slots.get(environment);
    if (slot && !slot.stale) {
      if (Date.now() - slot.builtAt > MAX_AGE_MS) void this.refresh(environment).catch(() => undefined);
      return { set: slot.set, stale: false };
    }
    const rebuilt = this.refresh(environment);
    if (!slot) return { set: (await rebuilt).set, stale: false };
    rebuilt.catch((err: Error) => {
      // Every waiting request has this handler; the first to run logs.
      if (Date.now() >= this.unreachableUntil)
        this.logger.warn({ err: err.message, environment }, 'edge serving the last known flag set');
      this.unreachableUntil = Date.now() + UNREACHABLE_MS;
    });
    if (Date.now() < this.unreachableUntil) return { set: slot.set, stale: true };
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), STALE_WAIT_MS);
    });
    try {
      const fresh = await Promise.race([rebuilt, waited]);
      return fresh ? { set: fresh.set, stale: false } : { set: slot.set, stale: true };
    } catch {
      return { set: slot.set, stale: true };
    } finally {
      clearTimeout(timer);
    }
  }

  private refresh(environment: string): Promise<Slot> {
    const running = this.building.get(environment);
    // A build started before the latest change may have read the old rules: never join it.
    if (running && running.generation === this.generation) return running.promise;
    const generation = this.generation;
    const promise = this.load(environment)
      .then((set) => {
        this.unreachableUntil = 0;
        const slot: Slot = { set, generation, stale: generation !== this.generation, builtAt: Date.now() };
        const current = this.slots.get(environment);
        if (!current || current.generation <= generation) this.slots.set(environment, slot);
        return slot;
      })
      .finally(() => {
        if (this.building.get(environment)?.promise === promise) this.building.delete(environment);
      });
    this.building.set(environment, { generation, promise });
    return promise;
  }

  private async load(environment: string): Promise<EdgeFlagSet | null> {
    const res = await this.fetcher(this.flagsUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [IDENTITY_HEADER]: await signIdentity(edgeIdentity, this.secret),
      },
      body: JSON.stringify({ query: FLAG_SET_QUERY, variables: { environment } }),
    });
    const body = (await res.json()) as {
      data?: { flagSet: FlagSet } | null;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const error = body.errors?.[0];
    if (error?.extensions?.code === 'NOT_FOUND') return null;
    if (error || !body.data)
      throw new Error(`flagSet(${environment}): ${error?.message ?? `HTTP ${res.status}`}`);
    const snapshot = body.data.flagSet;
    return {
      compiled: compileFlagSet(snapshot),
      types: new Map(snapshot.flags.map((f) => [f.key, f.type])),
    };
  }
}
