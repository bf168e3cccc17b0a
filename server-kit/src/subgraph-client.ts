import { GraphQLError } from 'graphql';
import { CALLER_ERROR_CODES } from './errors';
import { IDENTITY_HEADER, type Identity, signIdentity } from './identity';

/** A GraphQL answer as another subgraph sends it. */
export interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> & { code?: string } }[];
}

declare const operationTypes: unique symbol;

/**
 * A named GraphQL document another service is called with, typed by its variables and its data, so
 * a caller cannot send the wrong variables or read a field the document does not select. Written
 * once beside the caller that owns it (`operation<{ key: string }, { metric: … }>(`query …`)`).
 */
export interface Operation<TVariables extends Record<string, unknown>, TData> {
  readonly name: string;
  readonly document: string;
  /** Carries the types only; never set. */
  readonly [operationTypes]?: { variables: TVariables; data: TData };
}

export function operation<TVariables extends Record<string, unknown>, TData>(
  document: string,
): Operation<TVariables, TData> {
  // The name shows in the other side's logs and metrics, so an anonymous operation is a mistake.
  const name = /^\s*(?:query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(document)?.[1];
  if (!name) throw new Error(`An internal operation needs a name: ${document.slice(0, 60)}`);
  return { name, document };
}

/** The fetch shape the client needs (the gateway hands in its keep-alive fetcher). */
export type Fetcher = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<Response>;

/** Codes of another subgraph's answer passed on as they are: refusals, and its own unavailable dependency. */
const PASSED_THROUGH = new Set([...CALLER_ERROR_CODES, 'SERVICE_UNAVAILABLE']);

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
 * The one way a service calls another's GraphQL API directly (without the gateway's query plan):
 * the identity is signed with the shared secret exactly as the gateway does, so the other side
 * checks the same permissions and its audit records the same actor. Operations are typed
 * (`operation()`); `request` gives the data or a GraphQLError worded for our caller, `response`
 * gives the whole answer to callers that read the other side's errors themselves.
 */
export class SubgraphClient {
  constructor(
    private readonly name: string,
    private readonly url: string,
    private readonly secret: string,
    private readonly timeoutMs: number,
    private readonly fetcher: Fetcher = fetch,
  ) {}

  /**
   * The other side's answer with its HTTP status, whatever it says. Throws SERVICE_UNAVAILABLE
   * (subgraphUnavailable) only when it could not be reached, timed out or did not answer JSON.
   */
  async response<V extends Record<string, unknown>, D>(
    op: Operation<V, D>,
    variables: V,
    identity: Identity,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: GraphQLBody<D> }> {
    try {
      const res = await this.fetcher(this.url, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          [IDENTITY_HEADER]: await signIdentity(identity, this.secret),
        },
        body: JSON.stringify({ query: op.document, operationName: op.name, variables }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return { status: res.status, body: (await res.json()) as GraphQLBody<D> };
    } catch (err) {
      // Worded for the caller: which subgraph and whether it timed out, not the socket error.
      throw subgraphUnavailable(
        this.name,
        (err as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable',
      );
    }
  }

  /** The operation's data; a refusal keeps its code, anything else is SERVICE_UNAVAILABLE naming the subgraph. */
  async request<V extends Record<string, unknown>, D>(
    op: Operation<V, D>,
    variables: V,
    identity: Identity,
  ): Promise<D> {
    const { body } = await this.response(op, variables, identity);
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
