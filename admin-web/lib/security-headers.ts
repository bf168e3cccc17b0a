// The console's response headers, in one place: next.config.ts sends `securityHeaders` with every route, and
// proxy.ts sends each page its `contentSecurityPolicy` with a nonce of its own. The page runs only the scripts
// its server rendered, loads only its own styles and images, talks only to itself and the gateway, and can be
// framed by no one.

export interface SecurityHeaderOptions {
  /** `next dev`: React's development build evaluates strings (call stacks, fast refresh), so 'unsafe-eval'. */
  development: boolean;
  /** The gateway's GraphQL URL (NEXT_PUBLIC_GATEWAY_URL): HTTP for queries, WebSocket for subscriptions. */
  gatewayUrl: string;
}

export interface PolicyOptions extends SecurityHeaderOptions {
  /** This response's nonce: Next.js puts it on every script it renders (it reads it back from this policy). */
  nonce: string;
}

/** The Content-Security-Policy: same-origin everything, plus the gateway for connections. */
export function contentSecurityPolicy({ development, gatewayUrl, nonce }: PolicyOptions): string {
  const gateway = new URL(gatewayUrl);
  const ws = `${gateway.protocol === 'https:' ? 'wss:' : 'ws:'}//${gateway.host}`;
  return [
    "default-src 'self'",
    // Only scripts carrying this response's nonce (Next.js's own, including the inline ones that stream the
    // page's data), and the chunks they load ('strict-dynamic'): no injected inline script, no other origin.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    // Inline style attributes (React's style props) cannot carry a nonce; styles run no code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${gateway.origin} ${ws}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The security headers every route sends, as Next's `headers()` wants them (the CSP comes from proxy.ts). */
export function securityHeaders(): { key: string; value: string }[] {
  return [
    // For browsers older than frame-ancestors.
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
  ];
}
