import { RemoteGraphQLDataSource } from '@apollo/gateway';
import {
  CALLER_ERROR_CODES,
  errors,
  IDENTITY_HEADER,
  type Identity,
  signIdentity,
} from '@switchyard/server-kit';
import type { GraphQLFormattedError } from 'graphql';
import { keepAliveFetcher } from './keep-alive-fetcher';

/** What the gateway knows about the caller of one request. */
export interface GatewayContext {
  requestId: string;
  identity: Identity;
  ip: string | null;
  userAgent: string | null;
  /** Set on the gateway's own executions (subscription payloads): the caller was checked already. */
  internal?: boolean;
}

/**
 * Calls one subgraph: forwards the request id and the end user's address, and
 * signs the caller's identity so the subgraph can trust it without re-authenticating.
 */
export class SubgraphTransport extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    url: string,
    private readonly secret: string,
    private readonly timeoutMs: number,
    private readonly onUnavailable: (subgraph: string, reason: string) => void = () => {},
  ) {
    super({ url });
  }

  override async willSendRequest({
    request,
    context,
  }: Parameters<RemoteGraphQLDataSource<GatewayContext>['willSendRequest'] & {}>[0]) {
    const headers = request.http?.headers;
    if (!headers || !context?.identity) return;
    headers.set(IDENTITY_HEADER, await signIdentity(context.identity, this.secret));
    headers.set('x-request-id', context.requestId);
    if (context.ip) headers.set('x-forwarded-for', context.ip);
    if (context.userAgent) headers.set('user-agent', context.userAgent);
  }

  /**
   * A subgraph that cannot be reached becomes an error response naming it, instead of
   * a thrown exception, so the query plan goes on and the caller gets the other fields.
   */
  override async process(
    options: Parameters<RemoteGraphQLDataSource<GatewayContext>['process']>[0],
  ): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    try {
      return await super.process(options);
    } catch (err) {
      const refused = callerErrors(this.name, err);
      if (refused) return { errors: refused };
      const cause = err as Error & { code?: string; cause?: { code?: string } };
      const reason =
        cause.name === 'TimeoutError'
          ? `timed out after ${this.timeoutMs} ms`
          : (cause.code ?? cause.cause?.code ?? cause.message);
      // The reason is for the operator; the caller learns which subgraph, and that retrying is right.
      this.onUnavailable(this.name, reason);
      const unavailable = errors.serviceUnavailable(`${this.name} subgraph`);
      return {
        errors: [
          {
            message: `${unavailable.message} (fields from the other subgraphs are still served)`,
            extensions: { ...unavailable.extensions },
          },
        ],
      };
    }
  }

  override fetcher = keepAliveFetcher(this.timeoutMs) as unknown as RemoteGraphQLDataSource['fetcher'];
}

// A 4xx answer without a caller code in its body (a body parser's 413, say) still says the request was refused.
const STATUS_CODES: Record<number, string> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  409: 'CONFLICT',
  413: 'BAD_USER_INPUT',
  415: 'BAD_USER_INPUT',
  422: 'BAD_USER_INPUT',
  429: 'RATE_LIMITED',
};

/**
 * A subgraph's 4xx answer is its refusal of the request (the caller's input, rights or rate), not its failure:
 * the errors it gave with a caller code (CALLER_ERROR_CODES), or one worded from the status. Null for anything
 * else (5xx, no answer), which is SERVICE_UNAVAILABLE.
 */
function callerErrors(subgraph: string, err: unknown): GraphQLFormattedError[] | null {
  const response = (err as { extensions?: { response?: { status?: unknown; body?: unknown } } }).extensions
    ?.response;
  const status = typeof response?.status === 'number' ? response.status : 0;
  if (status < 400 || status > 499) return null;
  const body = response?.body as { errors?: GraphQLFormattedError[] } | undefined;
  const given = Array.isArray(body?.errors)
    ? body.errors.filter((e) => CALLER_ERROR_CODES.has(String(e?.extensions?.code)))
    : [];
  if (given.length > 0)
    return given.map((e) => ({
      message: String(e.message),
      extensions: { ...e.extensions, serviceName: subgraph },
    }));
  const code = STATUS_CODES[status];
  if (!code) return null;
  return [
    {
      message: `The ${subgraph} subgraph refused the request (HTTP ${status})`,
      extensions: { code, serviceName: subgraph, status },
    },
  ];
}
