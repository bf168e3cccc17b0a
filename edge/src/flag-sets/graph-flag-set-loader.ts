import type { FlagSet } from '@switchyard/core';
import { type Fetcher, type Identity, operation, SubgraphClient, systemActor } from '@switchyard/server-kit';
import { splitFlagSetScope } from './flag-set-scope';
import type { FlagSetLoader } from './live-flag-sets';

const FLAG_SET = operation<{ environment: string; project: string }, { flagSet: FlagSet }>(
  'query EdgeFlagSet($environment: String!, $project: String) { flagSet(environment: $environment, project: $project) { environment project version flags segments } }',
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
  return async (scope) => {
    const { status, body } = await flags.response(FLAG_SET, splitFlagSetScope(scope), edgeIdentity);
    const error = body.errors?.[0];
    if (error?.extensions?.code === 'NOT_FOUND') return null;
    if (error || !body.data) throw new Error(`flagSet(${scope}): ${error?.message ?? `HTTP ${status}`}`);
    return body.data.flagSet;
  };
}
