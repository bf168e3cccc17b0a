import {
  type EventBus,
  type InternalRouteClient,
  type Logger,
  loadSessionKeys,
} from '@switchyard/server-kit';
import type { IncomingMessage } from 'node:http';
import { ApiKeyStore, apiKeysFromFlags } from './auth/api-key-store';
import { Authenticator, type Credentials } from './auth/authenticator';
import { SessionStore, sessionsFromFlags } from './auth/session-store';
import { oidcVerifier } from './auth/oidc';
import type { GatewayConfig } from './config';

/** Builds the one Authenticator of this gateway process from its configuration. */
export async function createAuthenticator(
  config: GatewayConfig,
  logger: Logger,
  bus: EventBus | null,
  /** The flags subgraph's `apiKey` route; null without a bus (no revocations could reach the cache). */
  flagsApiKeyRoute: InternalRouteClient | null,
  /** The flags subgraph's `session` route: whether a session is open, and the user's role now. */
  flagsSessionRoute: InternalRouteClient,
  onKeyLookup?: (result: 'hit' | 'miss') => void,
): Promise<Authenticator> {
  const sessions = await loadSessionKeys();
  // Without a bus no change could evict a kept answer: every request asks (concurrent ones share a call).
  const openSessions = new SessionStore(
    sessionsFromFlags(flagsSessionRoute),
    bus ? config.SESSION_CACHE_TTL_MS : 0,
  );
  if (bus) await openSessions.listen(bus);
  const apiKeys = flagsApiKeyRoute
    ? new ApiKeyStore(apiKeysFromFlags(flagsApiKeyRoute), config.API_KEY_CACHE_TTL_MS, 10_000, onKeyLookup)
    : null;
  if (apiKeys && bus) await apiKeys.listenForRevocations(bus);
  if (!apiKeys) logger.warn('no DATABASE_URL: API keys cannot be verified');
  const oidc =
    config.OIDC_ISSUER && config.OIDC_JWKS_URL
      ? oidcVerifier({
          issuer: config.OIDC_ISSUER,
          jwksUrl: config.OIDC_JWKS_URL,
          audience: config.OIDC_AUDIENCE,
          roleClaim: config.OIDC_ROLE_CLAIM,
          defaultRole: config.OIDC_DEFAULT_ROLE,
        })
      : null;
  return new Authenticator(sessions, openSessions, apiKeys, oidc);
}

/** The credentials of an HTTP request. */
export function credentialsOf(req: IncomingMessage): Credentials {
  const apiKey = req.headers['x-api-key'];
  return {
    authorization: req.headers.authorization ?? null,
    apiKey: typeof apiKey === 'string' ? apiKey : null,
  };
}
