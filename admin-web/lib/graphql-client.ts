import { cacheExchange, Client, type Exchange, fetchExchange } from 'urql';
import { authFetch } from './auth-session';
import { gatewayUrl } from './gateway-url';

export interface GraphQLClientOptions {
  /** The gateway's HTTP endpoint; defaults to `NEXT_PUBLIC_GATEWAY_URL` or localhost:4000. */
  url?: string;
}

/**
 * The one place the console's urql client is made. Exchanges run in order: the
 * document cache first, then the network. The graphql-ws subscription exchange
 * (for `configChanged`) goes after `fetchExchange` when the console starts streaming.
 */
export function createGraphQLClient(options: GraphQLClientOptions = {}): Client {
  const exchanges: Exchange[] = [cacheExchange, fetchExchange];
  return new Client({
    url: options.url ?? gatewayUrl(),
    exchanges,
    // Reads are cheap and admins expect fresh state: show cached data, refetch in the background.
    requestPolicy: 'cache-and-network',
    preferGetMethod: false,
    // Adds the signed-in user's token and sends them to /sign-in when it is refused.
    fetch: authFetch,
  });
}
