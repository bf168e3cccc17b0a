import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/**
 * The caller's address for rate limits and the per-address WebSocket cap. `X-Forwarded-For`
 * is believed only from `trustedProxies` (addresses, CIDRs or proxy-addr's names such as
 * `loopback`), walking it from the right past each trusted hop; from anyone else the header is
 * the caller's to forge, so the socket's address is used.
 */
export function clientAddress(trustedProxies: string[]): (req: IncomingMessage) => string | null {
  const trust = proxyAddr.compile(trustedProxies);
  return (req) => {
    if (!req.socket.remoteAddress) return null;
    return proxyAddr(req, trust);
  };
}
