import { type Identity, type InternalRouteClient, systemActor } from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';

const gatewayIdentity: Identity = { ...systemActor, name: 'gateway authentication', permissions: [] };

/**
 * One question about credentials to an internal route of the flags subgraph (the owner of users,
 * sessions and keys), asked as the gateway itself. A refusal or failure of the route is thrown with
 * its code, so SERVICE_UNAVAILABLE (its database is down) stays a 503 rather than a refusal.
 */
export async function askFlags<T>(
  route: InternalRouteClient,
  args: Record<string, unknown>,
  what: 'key' | 'session',
): Promise<T> {
  const reply = await route.call(args, {
    identity: gatewayIdentity,
    requestId: `${what}-lookup`,
    ip: null,
    userAgent: null,
  });
  if ('error' in reply) {
    throw new GraphQLError(`The flags subgraph could not look the ${what} up: ${reply.error.message}`, {
      extensions: reply.error.extensions,
    });
  }
  return reply.data as T;
}
