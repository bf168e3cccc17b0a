import type { FlagSet } from '@switchyard/core';
import { type Fetcher, type Identity, operation, SubgraphClient, systemActor } from '@switchyard/server-kit';
import type { FlagSetLoader } from './live-flag-sets';

const FLAG_SET = operation<{ environment: string }, { flagSet: FlagSet }>(
  'query EdgeFlagSet($environment: String!) { flagSet(environment: $environment) { environment version flags segments } }',
);

const edgeIdentity: Identity = { ...systemActor, name: 'gateway evaluation edge', permissions: [] };

/**
 * Loads flag sets from the flags subgraph's `flagSet`, signed as the gateway's edge (a system
 * identity), for the gateway's in-process edge. NOT_FOUND: the environment does not exist.
 */
export function flagSetFromSubgraph(
  flagsUrl: string,
  secret: string,
  fetcher: Fetcher,
  // The gateway's keep-alive fetcher bounds its calls itself; this bounds any other.
  timeoutMs = 30_000,
): FlagSetLoader {
  const flags = new SubgraphClient('flags', flagsUrl, secret, timeoutMs, fetcher);
  return async (environment) => {
    const { status, body } = await flags.response(FLAG_SET, { environment }, edgeIdentity);
    const error = body.errors?.[0];
    if (error?.extensions?.code === 'NOT_FOUND') return null;
    if (error || !body.data)
      throw new Error(`flagSet(${environment}): ${error?.message ?? `HTTP ${status}`}`);
    return body.data.flagSet;
  };
}
