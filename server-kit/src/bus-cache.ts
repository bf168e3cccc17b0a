import type { ConfigChange } from './change-outbox';
import type { EventBus, Unsubscribe } from './event-bus';

export interface BusCacheOptions<K, V> {
  /** Reads a value from its owner (a table, another service). Failures are never cached. */
  load: (key: K) => Promise<V>;
  /** How long a value is served without asking again; per value (e.g. shorter for "not found"). */
  ttlMs: number | ((value: V) => number);
  /**
   * A value older than this is still served, and reloaded in the background (one load at a time), in
   * case a change event was lost; unset: only the TTL and the bus end a value.
   */
  refreshAfterMs?: number;
  /** Past this many keys the oldest is dropped, so callers inventing keys cannot grow the map. */
  maxEntries?: number;
  /**
   * When a reload of an expired value fails: whether to serve the last known value instead of the
   * failure (e.g. the owner's database is down and the value is one a client depends on). Values
   * dropped by `invalidate` are gone, never served this way.
   */
  serveLastKnown?: (err: unknown, lastKnown: V) => boolean;
  /** Told whether each `get` was answered from memory. */
  onLookup?: (result: 'hit' | 'miss') => void;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
  loadedAt: number;
}

interface Load<V> {
  promise: Promise<V>;
  /** Set when an invalidation came while the load ran: what it read may be older than the change. */
  superseded: boolean;
}

/**
 * A cache of values owned elsewhere, kept current by the bus: each `get` is a map lookup until the
 * value expires or a change event drops it (`invalidate`, usually from `follow`); concurrent misses
 * share one load; a load that raced an invalidation answers its callers but is not kept, so a value
 * read before a change is never served after it. The TTL only bounds a lost event.
 */
export class BusCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly loads = new Map<K, Load<V>>();

  constructor(private readonly options: BusCacheOptions<K, V>) {}

  async get(key: K): Promise<V> {
    const held = this.peek(key);
    if (held) return held.value;
    this.options.onLookup?.('miss');
    try {
      return await this.load(key);
    } catch (err) {
      // Read again: an invalidation during the load removed the last known value.
      const last = this.entries.get(key);
      if (last && this.options.serveLastKnown?.(err, last.value)) return last.value;
      throw err;
    }
  }

  /**
   * The value held for `key`, without waiting: undefined when there is none (never loaded, expired or
   * dropped), so the caller decides how to wait for `get`. A value due for its background refresh starts it.
   */
  peek(key: K): { value: V } | undefined {
    const entry = this.entries.get(key);
    const now = Date.now();
    if (!entry || entry.expiresAt <= now) return undefined;
    this.options.onLookup?.('hit');
    const { refreshAfterMs } = this.options;
    if (refreshAfterMs !== undefined && now - entry.loadedAt > refreshAfterMs && !this.loads.has(key))
      this.load(key).catch(() => undefined);
    return { value: entry.value };
  }

  /** Drops one key (a change to it was published). */
  invalidate(key: K): void {
    this.entries.delete(key);
    this.supersede(key);
  }

  /** Drops every value the predicate picks; loads in flight are not kept either (their value is unknown yet). */
  invalidateWhere(drop: (value: V, key: K) => boolean): void {
    for (const [key, entry] of this.entries) if (drop(entry.value, key)) this.entries.delete(key);
    for (const key of [...this.loads.keys()]) this.supersede(key);
  }

  clear(): void {
    this.entries.clear();
    for (const key of [...this.loads.keys()]) this.supersede(key);
  }

  /**
   * Follows a bus channel: `onMessage` is called with each message and decides what to drop. A
   * message it cannot read drops everything, since it may have been the change to a kept value.
   */
  follow(bus: EventBus, channel: string, onMessage: (message: string) => void): Promise<Unsubscribe> {
    return bus.subscribe(channel, (message) => {
      try {
        onMessage(message);
      } catch {
        this.clear();
      }
    });
  }

  private supersede(key: K): void {
    const running = this.loads.get(key);
    if (!running) return;
    running.superseded = true;
    this.loads.delete(key);
  }

  private load(key: K): Promise<V> {
    const running = this.loads.get(key);
    if (running) return running.promise;
    const load: Load<V> = {
      superseded: false,
      promise: this.options.load(key).then(
        (value) => {
          if (this.loads.get(key) === load) this.loads.delete(key);
          if (!load.superseded) this.keep(key, value);
          return value;
        },
        (err: unknown) => {
          if (this.loads.get(key) === load) this.loads.delete(key);
          throw err;
        },
      ),
    };
    this.loads.set(key, load);
    return load.promise;
  }

  private keep(key: K, value: V): void {
    const { ttlMs, maxEntries } = this.options;
    this.entries.delete(key);
    if (maxEntries !== undefined && this.entries.size >= maxEntries) {
      this.entries.delete(this.entries.keys().next().value as K);
    }
    const now = Date.now();
    this.entries.set(key, {
      value,
      expiresAt: now + (typeof ttlMs === 'number' ? ttlMs : ttlMs(value)),
      loadedAt: now,
    });
  }
}

/** A config change read off the bus, or null for a message that is not one. */
export function readConfigChange(message: string): ConfigChange | null {
  try {
    const change = JSON.parse(message) as ConfigChange | null;
    return change && typeof change === 'object' ? change : null;
  } catch {
    return null;
  }
}
