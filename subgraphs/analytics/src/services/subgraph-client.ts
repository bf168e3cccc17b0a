import { IDENTITY_HEADER, type Identity, signIdentity } from '@switchyard/server-kit';

const SYSTEM_IDENTITY: Identity = {
  id: 'analytics',
  name: 'Analytics subgraph',
  kind: 'system',
  role: 'admin',
  permissions: [],
};

export interface SubgraphResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Calls another subgraph directly as the system, with an identity signed like the gateway's. */
export class SubgraphClient {
  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly timeoutMs = 5000,
  ) {}

  async query<T>(query: string, variables: Record<string, unknown> = {}): Promise<SubgraphResponse<T>> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [IDENTITY_HEADER]: await signIdentity(SYSTEM_IDENTITY, this.secret),
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    try {
      return JSON.parse(text) as SubgraphResponse<T>;
    } catch {
      throw new Error(`HTTP ${res.status} from ${this.url} was not JSON`);
    }
  }
}
