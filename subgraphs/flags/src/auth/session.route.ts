import { errors, type InternalRoute } from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';
import type { SubgraphContext } from '../context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `POST /internal/session`, called by the gateway for an access token's `sid`: whether that session
 * is still open and the user's role and grants as they are now (null once it ended). Sessions and
 * users are this subgraph's tables, so the gateway asks here. Only system callers (the gateway) may ask.
 */
export const sessionRoute: InternalRoute<SubgraphContext> = async (body, ctx) => {
  if (ctx.identity.kind !== 'system') {
    throw new GraphQLError('Only the gateway looks sessions up', { extensions: { code: 'FORBIDDEN' } });
  }
  const { sessionId } = body;
  if (typeof sessionId !== 'string' || !UUID.test(sessionId)) {
    throw errors.badInput('must be a session id (UUID)', 'sessionId');
  }
  return { session: await ctx.auth.lookupSession(sessionId) };
};
