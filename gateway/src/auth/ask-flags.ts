import {
  type Identity,
  type InternalCaller,
  type InternalRouteClient,
  systemActor,
} from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';

const gatewayIdentity: Identity = { ...systemActor, name: 'gateway authentication', permissions: [] };

/**
 * One question about credentials to an internal route of the flags subgraph (the owner of users,
 * sessions and keys), asked as the gateway itself, or as `caller` (a sign-in passes the browser's
 * address and user agent, which the audit log keeps). A refusal or failure of the route is thrown
 * with its code, so SERVICE_UNAVAILABLE (its database is down) stays a 503 rather than a refusal;
 * the route's own words are the error's `originalError`.
 */
export async function askFlags<T>(
  route: InternalRouteClient,
  args: Record<string, unknown>,
  what: 'key' | 'session' | 'sign-in',
  caller: Partial<InternalCaller> = {},
): Promise<T> {
  const reply = await route.call(args, {
    identity: gatewayIdentity,
    requestId: `${what}-lookup`,
    ip: null,
    userAgent: null,
    ...caller,
  });
  if ('error' in reply) {
    const message =
      what === 'sign-in'
        ? `The flags subgraph refused the sign-in: ${reply.error.message}`
        : `The flags subgraph could not look the ${what} up: ${reply.error.message}`;
    throw new GraphQLError(message, {
      extensions: reply.error.extensions,
      originalError: new Error(reply.error.message),
    });
  }
  return reply.data as T;
}
