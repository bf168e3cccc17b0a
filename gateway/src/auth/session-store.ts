import {
  BusCache,
  type EventBus,
  type InternalRouteClient,
  type OpenSession,
  SESSIONS_CHANGED_CHANNEL,
  type SessionsChanged,
} from '@switchyard/server-kit';
import { lookupUnavailable } from './api-key-store';
import { askFlags } from './ask-flags';

/** Whether a session is open, and its user now; null once it ended. */
export type SessionLookup = (sessionId: string) => Promise<OpenSession | null>;

/** Session lookups through the flags subgraph's internal route `session` (its tables, its answer). */
export function sessionsFromFlags(flags: InternalRouteClient): SessionLookup {
  return async (sessionId) =>
    (await askFlags<{ session: OpenSession | null }>(flags, { sessionId }, 'session')).session;
}

/** Reads a SESSIONS_CHANGED message; anything else is unreadable (the cache then drops everything). */
function readChange(message: string): SessionsChanged {
  const change = JSON.parse(message) as SessionsChanged | null;
  if (!change || typeof change !== 'object') throw new Error('not a sessions change');
  return change;
}

/**
 * Whether each session (access token `sid`) is open and what its user may do now, cached per
 * session so a request pays a map lookup; a cache miss is one internal call to the flags subgraph.
 * A SESSIONS_CHANGED broadcast (logout, role change, deactivation) evicts the answer on every
 * replica at once; the TTL only bounds a lost broadcast. While the owner cannot answer, a session
 * known open keeps working (nothing could have ended it meanwhile: the owner is the one who would).
 */
export class SessionStore {
  private readonly cache: BusCache<string, OpenSession | null>;
  private readonly listeners: ((change: SessionsChanged) => void)[] = [];

  constructor(lookup: SessionLookup, ttlMs: number, maxEntries = 50_000) {
    this.cache = new BusCache({
      load: lookup,
      ttlMs,
      maxEntries,
      serveLastKnown: (err, session) => session !== null && lookupUnavailable(err),
    });
  }

  /** Evicts on every broadcast, then tells the listeners (open connections re-check their session). */
  async listen(bus: EventBus): Promise<void> {
    await this.cache.follow(bus, SESSIONS_CHANGED_CHANNEL, (message) => {
      let change: SessionsChanged;
      try {
        change = readChange(message);
      } catch {
        // Unreadable: it may have been about any session, so all are forgotten and every open connection re-checks.
        this.cache.clear();
        for (const listener of this.listeners) listener({});
        return;
      }
      if (change.all) this.cache.clear();
      for (const id of change.sessionIds ?? []) this.cache.invalidate(id);
      const userId = change.userId;
      if (userId) this.cache.invalidateWhere((session) => session?.userId === userId);
      for (const listener of this.listeners) listener(change);
    });
  }

  /** Called after each broadcast has evicted what it names; `{}` when it could not be read. */
  onChanged(listener: (change: SessionsChanged) => void): void {
    this.listeners.push(listener);
  }

  get(sessionId: string): Promise<OpenSession | null> {
    return this.cache.get(sessionId);
  }
}
