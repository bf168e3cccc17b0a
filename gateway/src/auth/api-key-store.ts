import {
  API_KEY_REVOKED_CHANNEL,
  type EventBus,
  type Identity,
  type Pool,
  type Role,
  sdkKeyPermissions,
} from '@switchyard/server-kit';

interface Cached {
  identity: Identity | null;
  expiresAt: number;
}

interface ApiKeyRecord {
  id: string;
  name: string;
  kind: 'server' | 'client' | 'token';
  environment: string | null;
  role: Role | null;
  permissions: string[];
}

/**
 * Looks API keys up by the hash of their secret in the flags subgraph's table (read
 * only), cached so the hot path is a map lookup. Revocations are broadcast on the bus
 * and evict at once; the TTL bounds staleness if a broadcast is lost.
 */
export class ApiKeyStore {
  private readonly cache = new Map<string, Cached>();
  private readonly revokedListeners: ((hash: string) => void)[] = [];

  constructor(
    private readonly pool: Pool,
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 10_000,
    private readonly onLookup: (result: 'hit' | 'miss') => void = () => {},
  ) {}

  async listenForRevocations(bus: EventBus): Promise<void> {
    await bus.subscribe(API_KEY_REVOKED_CHANNEL, (hash) => {
      this.cache.delete(hash);
      for (const listener of this.revokedListeners) listener(hash);
    });
  }

  /** Open connections authenticated by a key end when it is revoked. */
  onRevoked(listener: (hash: string) => void): void {
    this.revokedListeners.push(listener);
  }

  async identityFor(secretHash: string): Promise<Identity | null> {
    const hit = this.cache.get(secretHash);
    if (hit && hit.expiresAt > Date.now()) {
      this.onLookup('hit');
      return hit.identity;
    }
    this.onLookup('miss');
    const { rows } = await this.pool.query<ApiKeyRecord>(
      `SELECT id, name, kind, environment, role, permissions FROM flags.api_keys
       WHERE secret_hash = $1 AND revoked_at IS NULL`,
      [secretHash],
    );
    const identity = rows[0] ? toIdentity(rows[0]) : null;
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    // Unknown keys are remembered briefly too, so a flood of bad keys does not reach the database.
    this.cache.set(secretHash, { identity, expiresAt: Date.now() + (identity ? this.ttlMs : 5_000) });
    return identity;
  }
}

function toIdentity(key: ApiKeyRecord): Identity {
  if (key.kind === 'token') {
    return {
      id: `apiKey:${key.id}`,
      name: `token ${key.name}`,
      kind: 'apiKey',
      role: key.role,
      permissions: key.permissions,
      environment: null,
      keyKind: 'token',
    };
  }
  return {
    id: `apiKey:${key.id}`,
    name: `${key.kind} key ${key.name}`,
    kind: 'apiKey',
    role: null,
    permissions: [...sdkKeyPermissions[key.kind]],
    environment: key.environment,
    keyKind: key.kind,
  };
}
