import { startTestStack, type TestStack } from '@switchyard/testkit';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

/**
 * What the gateway shows beyond the graph: /metrics only with METRICS_TOKEN in production (closed
 * when none is configured), landing pages under a Content-Security-Policy, and the loopback
 * address by default in development.
 */
describe('gateway exposure', () => {
  describe('production', () => {
    let stack: TestStack;
    beforeAll(async () => {
      stack = await startTestStack({
        subgraphs: ['flags'],
        env: {
          NODE_ENV: 'production',
          METRICS_TOKEN,
          INTERNAL_TOKEN_SECRET: 'a-private-internal-secret-for-tests',
          JWT_SECRET: 'a-private-jwt-secret-for-tests-0123456789',
        },
      });
    }, 180_000);
    afterAll(() => stack?.stop());

    it('answers /metrics only to the METRICS_TOKEN', async () => {
      const none = await fetch(`${stack.gatewayUrl}/metrics`);
      expect(none.status).toBe(401);
      expect(
        ((await none.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
      ).toBe('UNAUTHENTICATED');
      const wrong = await fetch(`${stack.gatewayUrl}/metrics`, { headers: { authorization: 'Bearer nope' } });
      expect(wrong.status).toBe(401);
      await wrong.body?.cancel();
      const right = await fetch(`${stack.gatewayUrl}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(right.status).toBe(200);
      expect(await right.text()).toContain('graphql_requests_total');
    });

    it('sends the sign-in page with a Content-Security-Policy', async () => {
      const res = await fetch(`${stack.gatewayUrl}/graphiql`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(401);
      await res.body?.cancel();
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    });
  });

  describe('development', () => {
    let stack: TestStack;
    beforeAll(async () => {
      stack = await startTestStack({ subgraphs: ['flags'], env: { NODE_ENV: 'development' } });
    }, 180_000);
    afterAll(() => stack?.stop());

    it('serves the landing pages under a Content-Security-Policy', async () => {
      const graphiql = await fetch(`${stack.gatewayUrl}/graphiql`);
      expect(graphiql.status).toBe(200);
      await graphiql.body?.cancel();
      const csp = graphiql.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-eval');
      const sandbox = await fetch(stack.graphqlUrl, { headers: { accept: 'text/html' } });
      expect(sandbox.status).toBe(200);
      const page = await sandbox.text();
      expect(sandbox.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      // Apollo's page carries its nonce-based script policy itself, and every script the nonce.
      const nonce = /'nonce-([^']+)'/.exec(page)?.[1];
      expect(nonce).toBeTruthy();
      const scripts = page.match(/<script[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    });

    it('listens on the loopback address unless told otherwise', async () => {
      const { networkInterfaces } = await import('node:os');
      const external = Object.values(networkInterfaces())
        .flat()
        .find((i) => i && i.family === 'IPv4' && !i.internal);
      const port = new URL(stack.gatewayUrl).port;
      // Reachable on 127.0.0.1 (the tests use it) and not on the machine's other address, when it has one.
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      if (external) await expect(fetch(`http://${external.address}:${port}/health`)).rejects.toThrow();
    });
  });
});
