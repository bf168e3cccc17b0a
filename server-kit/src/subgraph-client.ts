import { GraphQLError } from 'graphql';
import { IDENTITY_HEADER, type Identity, signIdentity } from './identity';

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Codes another subgraph uses for a refusal the caller can act on; anything else is its failure. */
const PASSED_THROUGH = new Set([
  'BAD_USER_INPUT',
  'CONFLICT',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'UNAUTHENTICATED',
  'SERVICE_UNAVAILABLE',
]);

/**
 * Another subgraph could not be reached, timed out or failed (as opposed to refusing): retryable
 * SERVICE_UNAVAILABLE, as the gateway says it, naming the one that is missing. Callers make these
 * calls before or inside their transaction, so when this is thrown nothing was written.
 */
export function subgraphUnavailable(name: string, reason: string): GraphQLError {
  return new GraphQLError(
    `The ${name} subgraph is unavailable (${reason}); nothing was changed, try again when it is back`,
    { extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: name, service: name, retryable: true } },
  );
}

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
      // Worded for the caller: which subgraph and whether it timed out, not the socket error.
      throw subgraphUnavailable(
        this.name,
        (err as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable',
      );
    }
    const first = body.errors?.[0];
    if (first) {
      const code = String(first.extensions?.code ?? '');
      if (PASSED_THROUGH.has(code)) {
        // The refusal keeps its code; the message says it came from the other subgraph. Its `field`
        // names that subgraph's input, so it moves to `serviceField` rather than pointing at ours.
        const { field, ...extensions } = first.extensions ?? {};
        throw new GraphQLError(`The ${this.name} subgraph refused: ${first.message}`, {
          extensions: {
            ...extensions,
            code,
            service: this.name,
            ...(field === undefined ? {} : { serviceField: field }),
          },
        });
      }
      throw subgraphUnavailable(this.name, `failed with ${code || 'an error'}: ${first.message}`);
    }
    if (!body.data) throw subgraphUnavailable(this.name, 'it returned no data');
    return body.data;
  }
}

/** `extensions.code` of an error, by shape: more than one copy of graphql may be loaded, so no instanceof. */
export function errorCode(err: unknown): string | undefined {
  const code = (err as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}
