import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { errors, IDENTITY_HEADER, type Identity, signIdentity } from '@switchyard/server-kit';
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
