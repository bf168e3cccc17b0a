import { describe, expect, it } from '@jest/globals';
import { contentSecurityPolicy, securityHeaders } from './security-headers';

describe('console security headers', () => {
  const gatewayUrl = 'http://localhost:4000/graphql';

  const nonce = 'bm9uY2Utb2YtdGhpcy1wYWdl';

  it('sends the frame, sniffing, referrer and permissions headers on every route', () => {
    const names = securityHeaders().map((h) => h.key);
    expect(names).toEqual([
      'X-Frame-Options',
      'X-Content-Type-Options',
      'Referrer-Policy',
      'Permissions-Policy',
    ]);
  });

  it('allows the gateway over HTTP and WebSocket, and framing by no one', () => {
    const csp = contentSecurityPolicy({ development: false, gatewayUrl, nonce });
    expect(csp).toContain("connect-src 'self' http://localhost:4000 ws://localhost:4000");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(
      contentSecurityPolicy({ development: false, gatewayUrl: 'https://gw.example.com/graphql', nonce }),
    ).toContain('https://gw.example.com wss://gw.example.com');
  });

  it("has 'unsafe-eval' in development only", () => {
    expect(contentSecurityPolicy({ development: true, gatewayUrl, nonce })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ development: false, gatewayUrl, nonce })).not.toContain("'unsafe-eval'");
  });

  it("allows scripts by this response's nonce, never inline scripts without it", () => {
    const scripts = contentSecurityPolicy({ development: false, gatewayUrl, nonce })
      .split('; ')
      .find((d) => d.startsWith('script-src'));
    expect(scripts).toBe(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
  });
});
