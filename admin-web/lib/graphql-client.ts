import { createClient as createWsClient } from 'graphql-ws';
import { cacheExchange, Client, type Exchange, fetchExchange, subscriptionExchange } from 'urql';
import { authFetch, freshSession } from './auth-session';
import { gatewayUrl } from './gateway-url';

export interface GraphQLClientOptions {
  /** The gateway's HTTP endpoint; defaults to `NEXT_PUBLIC_GATEWAY_URL` or localhost:4000. */
  url?: string;
}

/** The gateway's graphql-ws endpoint: the HTTP endpoint with a ws(s) scheme. */
export function gatewayWsUrl(httpUrl: string = gatewayUrl()): string {
  return httpUrl.replace(/^http/, 'ws');
}

/**
 * The one place the console's urql client is made. Exchanges run in order: the
 * document cache first, then the network, then subscriptions over graphql-ws
 * (`configChanged`, `experimentResultsUpdated`). The socket opens lazily, sends the
 * signed-in user's token in `connection_init` and reconnects with backoff.
 */
export function createGraphQLClient(options: GraphQLClientOptions = {}): Client {
  const url = options.url ?? gatewayUrl();
  const exchanges: Exchange[] = [cacheExchange, fetchExchange];
  if (typeof window !== 'undefined') {
    const ws = createWsClient({
      url: gatewayWsUrl(url),
      lazy: true,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      connectionParams: async () => {
        const session = await freshSession();
        return session ? { authorization: `Bearer ${session.accessToken}` } : {};
      },
    });
    exchanges.push(
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    );
  }
  return new Client({
    url,
    exchanges,
    // Reads are cheap and admins expect fresh state: show cached data, refetch in the background.
    requestPolicy: 'cache-and-network',
    preferGetMethod: false,
    // Adds the signed-in user's token and sends them to /sign-in when it is refused.
    fetch: authFetch,
  });
}
