import { type NextRequest, NextResponse } from 'next/server';
import { gatewayUrl } from './lib/gateway-url';
import { contentSecurityPolicy } from './lib/security-headers';

/**
 * A Content-Security-Policy with a fresh nonce for every page. Next.js reads the nonce back from the
 * request's policy header while rendering and puts it on each script it emits, so the policy needs no
 * 'unsafe-inline' for scripts. That requires rendering per request: the root layout is dynamic.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const policy = contentSecurityPolicy({
    development: process.env.NODE_ENV !== 'production',
    gatewayUrl: gatewayUrl(),
    nonce,
  });
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Pages and API routes; not the hashed static files, which run only when a page's script loads them.
  matcher: ['/((?!_next/static|_next/image).*)'],
};
