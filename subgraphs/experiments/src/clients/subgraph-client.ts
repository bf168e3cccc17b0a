import { IDENTITY_HEADER, type Identity, signIdentity } from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Codes another subgraph uses for a refusal the caller can act on; anything else is our failure. */
const PASSED_THROUGH = new Set(['BAD_USER_INPUT', 'CONFLICT', 'FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED']);

/** A failure to reach or understand another subgraph (not a refusal by it). */
export class SubgraphUnavailable extends Error {}

/**
 * Calls another subgraph directly, as the acting caller: the identity is signed with the shared
 * secret exactly as the gateway does, so the other side checks the same permissions and its audit
 * records the same actor.
 */
export class SubgraphClient {
  constructor(
    private readonly name: string,
    private readonly url: string,
    private readonly secret: string,
    private readonly timeoutMs: number,
  ) {}

  async request<T>(query: string, variables: Record<string, unknown>, identity: Identity): Promise<T> {
    let body: GraphQLBody<T>;
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [IDENTITY_HEADER]: await signIdentity(identity, this.secret),
        },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      body = (await res.json()) as GraphQLBody<T>;
    } catch (err) {
      throw new SubgraphUnavailable(`the ${this.name} subgraph did not answer: ${(err as Error).message}`);
    }
    const first = body.errors?.[0];
    if (first) {
      const code = String(first.extensions?.code ?? '');
      if (PASSED_THROUGH.has(code)) {
        throw new GraphQLError(`${this.name}: ${first.message}`, {
          extensions: { ...first.extensions, code, service: this.name },
        });
      }
      throw new SubgraphUnavailable(`the ${this.name} subgraph failed: ${code} ${first.message}`);
    }
    if (!body.data) throw new SubgraphUnavailable(`the ${this.name} subgraph returned no data`);
    return body.data;
  }
}

/** `extensions.code` of an error, by shape: more than one copy of graphql may be loaded, so no instanceof. */
export function errorCode(err: unknown): string | undefined {
  const code = (err as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}
