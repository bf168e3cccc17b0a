import type { FlagSet } from '@switchyard/core';
import { IDENTITY_HEADER, type Identity, signIdentity, systemActor } from '@switchyard/server-kit';
import type { FlagSetLoader } from './live-flag-sets';

/** The fetch shape the loader needs (the gateway hands in its keep-alive fetcher). */
export type Fetcher = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<Response>;

const FLAG_SET_QUERY =
  'query EdgeFlagSet($environment: String!) { flagSet(environment: $environment) { environment version flags segments } }';

const edgeIdentity: Identity = { ...systemActor, name: 'gateway evaluation edge', permissions: [] };

/**
 * Loads flag sets from the flags subgraph's `flagSet`, signed as the gateway's edge (a system
 * identity), for the gateway's in-process edge. NOT_FOUND: the environment does not exist.
 */
export function flagSetFromSubgraph(flagsUrl: string, secret: string, fetcher: Fetcher): FlagSetLoader {
  return async (environment) => {
    const res = await fetcher(flagsUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [IDENTITY_HEADER]: await signIdentity(edgeIdentity, secret),
      },
      body: JSON.stringify({ query: FLAG_SET_QUERY, variables: { environment } }),
    });
    const body = (await res.json()) as {
      data?: { flagSet: FlagSet } | null;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const error = body.errors?.[0];
    if (error?.extensions?.code === 'NOT_FOUND') return null;
    if (error || !body.data)
      throw new Error(`flagSet(${environment}): ${error?.message ?? `HTTP ${res.status}`}`);
    return body.data.flagSet;
  };
}
