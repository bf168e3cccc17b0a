import { type Client as WsClient, createClient as createWsClient } from 'graphql-ws';
import { cacheExchange, Client, type Exchange, fetchExchange, subscriptionExchange } from 'urql';
import { authFetch, freshSession } from './auth-session';
import { gatewayUrl } from './gateway-url';
import { projectExchange } from './project-exchange';

export interface GraphQLClientOptions {
  /** The gateway's HTTP endpoint; defaults to `NEXT_PUBLIC_GATEWAY_URL` or localhost:4000. */
  url?: string;
  /**
   * The project the console works in: operations whose document declares `$project` get it (see
   * lib/project-exchange.ts). A client serves one project, so its cache holds that project's answers only.
   */
  project?: string;
}

/** The gateway's graphql-ws endpoint: the HTTP endpoint with a ws(s) scheme. */
export function gatewayWsUrl(httpUrl: string = gatewayUrl()): string {
  return httpUrl.replace(/^http/, 'ws');
}

/** One graphql-ws connection per gateway in a tab, whichever project's client subscribes through it. */
const sockets = new Map<string, WsClient>();
function socketFor(url: string): WsClient {
  let ws = sockets.get(url);
  if (!ws) {
    ws = createWsClient({
      url: gatewayWsUrl(url),
      lazy: true,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      connectionParams: async () => {
        const session = await freshSession();
        return session ? { authorization: `Bearer ${session.accessToken}` } : {};
      },
    });
    sockets.set(url, ws);
  }
  return ws;
}

/**
 * The one place the console's urql clients are made. Exchanges run in order: the chosen project
 * filled in, the document cache, then the network, then subscriptions over graphql-ws
 * (`configChanged`, `experimentResultsUpdated`). The socket opens lazily, sends the
 * signed-in user's token in `connection_init` and reconnects with backoff; the clients of a
 * tab share it.
 */
/**
 * A client that sends nothing: the console's until the browser has read which project it works in, so
 * the first render (the server's, and the browser's hydrating it) asks no project's data too early.
 */
export function createWaitingClient(): Client {
  return new Client({
    url: gatewayUrl(),
    // Subscriptions wait too (without an exchange for them urql warns once per live page in development).
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: () => ({ subscribe: () => ({ unsubscribe: () => undefined }) }),
      }),
    ],
    fetch: () => new Promise<Response>(() => undefined),
  });
}

export function createGraphQLClient(options: GraphQLClientOptions = {}): Client {
  const url = options.url ?? gatewayUrl();
  const exchanges: Exchange[] = [
    ...(options.project ? [projectExchange(options.project)] : []),
    cacheExchange,
    fetchExchange,
  ];
  if (typeof window !== 'undefined') {
    const ws = socketFor(url);
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
