// The console's response headers, in one place (next.config.ts applies them to every route). The page loads
// only its own scripts, styles and images, talks only to itself and the gateway, and can be framed by no one.

export interface SecurityHeaderOptions {
  /** `next dev`: React's development build evaluates strings (call stacks, fast refresh), so 'unsafe-eval'. */
  development: boolean;
  /** The gateway's GraphQL URL (NEXT_PUBLIC_GATEWAY_URL): HTTP for queries, WebSocket for subscriptions. */
  gatewayUrl: string;
}

/** The Content-Security-Policy: same-origin everything, plus the gateway for connections. */
export function contentSecurityPolicy({ development, gatewayUrl }: SecurityHeaderOptions): string {
  const gateway = new URL(gatewayUrl);
  const ws = `${gateway.protocol === 'https:' ? 'wss:' : 'ws:'}//${gateway.host}`;
  return [
    "default-src 'self'",
    // Next.js streams the page's data in inline scripts (self.__next_f.push), so inline scripts are allowed;
    // scripts from any other origin, objects and <base> changes are not.
    `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ''}`,
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

/** Every security header the console sends, as Next's `headers()` wants them. */
export function securityHeaders(options: SecurityHeaderOptions): { key: string; value: string }[] {
  return [
    { key: 'Content-Security-Policy', value: contentSecurityPolicy(options) },
    // For browsers older than frame-ancestors.
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
  ];
}
