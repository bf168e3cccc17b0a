import { describe, expect, it } from '@jest/globals';
import { contentSecurityPolicy, securityHeaders } from './security-headers';

describe('console security headers', () => {
  const gatewayUrl = 'http://localhost:4000/graphql';

  it('sends the CSP, frame, sniffing, referrer and permissions headers', () => {
    const names = securityHeaders({ development: false, gatewayUrl }).map((h) => h.key);
    expect(names).toEqual([
      'Content-Security-Policy',
      'X-Frame-Options',
      'X-Content-Type-Options',
      'Referrer-Policy',
      'Permissions-Policy',
    ]);
  });

  it('allows the gateway over HTTP and WebSocket, and framing by no one', () => {
    const csp = contentSecurityPolicy({ development: false, gatewayUrl });
    expect(csp).toContain("connect-src 'self' http://localhost:4000 ws://localhost:4000");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(
      contentSecurityPolicy({ development: false, gatewayUrl: 'https://gw.example.com/graphql' }),
    ).toContain('https://gw.example.com wss://gw.example.com');
  });

  it("has 'unsafe-eval' in development only", () => {
    expect(contentSecurityPolicy({ development: true, gatewayUrl })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ development: false, gatewayUrl })).not.toContain("'unsafe-eval'");
  });
});
