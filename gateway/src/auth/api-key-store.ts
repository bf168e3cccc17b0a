import {
  API_KEY_REVOKED_CHANNEL,
  BusCache,
  errorCode,
  type EventBus,
  type Identity,
  type InternalRouteClient,
  isUnavailableError,
  SESSIONS_CHANGED_CHANNEL,
  type SessionsChanged,
} from '@switchyard/server-kit';
import { askFlags } from './ask-flags';

/** Asks the owner of the keys (the flags subgraph) who a key acts as; null: unknown or revoked. */
export type ApiKeyLookup = (secretHash: string) => Promise<Identity | null>;

/** API key lookups through the flags subgraph's internal route `apiKey` (its table, its answer). */
export function apiKeysFromFlags(flags: InternalRouteClient): ApiKeyLookup {
  return async (secretHash) =>
    (await askFlags<{ identity: Identity | null }>(flags, { secretHash }, 'key')).identity;
}

/** The owner or its database cannot be reached (as opposed to a wrong request). */
export function lookupUnavailable(err: unknown): boolean {
  return isUnavailableError(err) || errorCode(err) === 'SERVICE_UNAVAILABLE';
}

/**
 * API keys by the hash of their secret, cached so the hot path is a map lookup. Revocations are
 * broadcast on the bus and evict at once; the TTL bounds staleness if a broadcast is lost. While
 * the owner cannot answer, a key known before keeps working (it was valid when last read, and a
 * revocation during the outage still evicts it); an unknown one cannot be checked and is refused
 * as unavailable, never as a bad key.
 */
export class ApiKeyStore {
  private readonly cache: BusCache<string, Identity | null>;
  private readonly revokedListeners: ((hash: string) => void)[] = [];
  private readonly grantsListeners: (() => void)[] = [];

  constructor(
    lookup: ApiKeyLookup,
    ttlMs = 60_000,
    maxEntries = 10_000,
    onLookup: (result: 'hit' | 'miss') => void = () => {},
  ) {
    this.cache = new BusCache({
      load: lookup,
      // Unknown keys are remembered briefly too, so a flood of bad keys does not reach the owner.
      ttlMs: (identity) => (identity ? ttlMs : 5_000),
      maxEntries,
      serveLastKnown: (err, identity) => identity !== null && lookupUnavailable(err),
      onLookup,
    });
  }

  async listenForRevocations(bus: EventBus): Promise<void> {
    await this.cache.follow(bus, API_KEY_REVOKED_CHANNEL, (hash) => {
      this.cache.invalidate(hash);
      for (const listener of this.revokedListeners) listener(hash);
    });
    // A custom role's grants changed: what every key acts as is asked again, and open connections re-check
    // (after the cache is cleared, so they read the new grants).
    await this.cache.follow(bus, SESSIONS_CHANGED_CHANNEL, (message) => {
      if (!(JSON.parse(message) as SessionsChanged | null)?.all) return;
      this.cache.clear();
      for (const listener of this.grantsListeners) listener();
    });
  }

  /**
   * Open connections authenticated by a key end when it is revoked, or when its own custom roles were
   * replaced (setApiKeyCustomRoles sends the same broadcast for the key).
   */
  onRevoked(listener: (hash: string) => void): void {
    this.revokedListeners.push(listener);
  }

  /** After a custom role changed anywhere (updateRole): every key's grants may have, and are asked again. */
  onGrantsChanged(listener: () => void): void {
    this.grantsListeners.push(listener);
  }

  identityFor(secretHash: string): Promise<Identity | null> {
    return this.cache.get(secretHash);
  }
}
