import { errors, type InternalRoute } from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';
import type { SubgraphContext } from '../context';

/** Hex SHA-256, as server-kit's hashSecret writes it. */
const SECRET_HASH = /^[0-9a-f]{64}$/;

/**
 * `POST /internal/apiKey`, called by the gateway to authenticate a caller presenting an API key:
 * the identity of the unrevoked key with that secret hash, or null. The keys are this subgraph's
 * table, so the gateway asks here rather than reading it. Only system callers (the gateway) may ask.
 */
export const apiKeyRoute: InternalRoute<SubgraphContext> = async (body, ctx) => {
  if (ctx.identity.kind !== 'system') {
    throw new GraphQLError('Only the gateway looks API keys up', { extensions: { code: 'FORBIDDEN' } });
  }
  const { secretHash } = body;
  if (typeof secretHash !== 'string' || !SECRET_HASH.test(secretHash)) {
    throw errors.badInput('must be the SHA-256 of the key in hex', 'secretHash');
  }
  return { identity: await ctx.auth.apiKeyIdentity(secretHash) };
};
