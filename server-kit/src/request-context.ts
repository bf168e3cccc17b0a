import type { IncomingMessage } from 'node:http';
import type { Request, Response } from 'express';
import type { RequestContext } from './context';
import { IDENTITY_HEADER, type Identity, verifyIdentity } from './identity';
import type { Logger } from './logger';

/** The resolver context's base for a request the gateway signed; null without a valid identity. */
export async function signedRequestContext(
  req: Request,
  res: Response,
  secret: string,
  logger: Logger,
): Promise<(RequestContext & { identity: Identity }) | null> {
  const header = req.headers[IDENTITY_HEADER];
  const identity = await verifyIdentity(typeof header === 'string' ? header : undefined, secret);
  if (!identity) return null;
  const requestId = String(res.locals.requestId);
  return {
    requestId,
    actor: identity,
    identity,
    ip: forwardedIp(req),
    userAgent: req.headers['user-agent'] ?? null,
    logger: logger.child({ requestId }),
  };
}

/** The end user's address as the gateway saw it. */
export function forwardedIp(req: IncomingMessage): string | null {
  const fwd = req.headers['x-forwarded-for'];
  const first = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(',')[0]?.trim();
  return first || req.socket.remoteAddress || null;
}
