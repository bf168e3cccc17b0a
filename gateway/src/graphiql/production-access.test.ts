import { randomBytes } from 'node:crypto';
import vm from 'node:vm';
import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';
import { SESSION_COOKIE } from './sign-in';

const INTROSPECT = '{ __schema { queryType { name } } }';

describe('landing pages and introspection with NODE_ENV=production', () => {
  let stack: TestStack;
  let token: string;
  const page = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${stack.gatewayUrl}${path}`, { headers: { accept: 'text/html', ...headers } });

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags'],
      env: {
        NODE_ENV: 'production',
        INTERNAL_TOKEN_SECRET: randomBytes(24).toString('hex'),
        JWT_SECRET: randomBytes(24).toString('hex'),
      },
    });
    token = await stack.adminToken();
  }, 120_000);
  afterAll(() => stack?.stop());

  it('answers an anonymous browser with a 401 page that signs in', async () => {
    for (const path of ['/graphiql', '/graphql']) {
      const res = await page(path);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      const html = await res.text();
      expect(html).toContain('<form id="sign-in"');
      expect(html).toContain('src="/graphiql/sign-in.js"');
      expect(html).toMatch(/signed-in users only/);
    }
    const script = await fetch(`${stack.gatewayUrl}/graphiql/sign-in.js`);
    expect(script.status).toBe(200);
    const js = await script.text();
    expect(js).toContain('login(email: $email, password: $password)');
    expect(js).toContain(`${SESSION_COOKIE}=`);
    // Compiled, not run: it is served as-is, so a syntax slip would only show in a browser.
    expect(() => new vm.Script(js)).not.toThrow();
  });

  it('tells a browser with an invalid or expired token to sign in again', async () => {
    const res = await page('/graphiql', { cookie: `${SESSION_COOKIE}=not-a-token` });
    expect(res.status).toBe(401);
    expect(await res.text()).toMatch(/invalid or has expired/);
  });

  it('serves GraphiQL and Apollo Sandbox to a signed-in user (cookie or Authorization header)', async () => {
    const byCookie = await page('/graphiql', {
      cookie: `other=1; ${SESSION_COOKIE}=${encodeURIComponent(token)}`,
    });
    expect(byCookie.status).toBe(200);
    expect(await byCookie.text()).toContain('id="graphiql"');

    const byHeader = await page('/graphiql', { authorization: `Bearer ${token}` });
    expect(byHeader.status).toBe(200);

    const sandbox = await page('/graphql', { cookie: `${SESSION_COOKIE}=${token}` });
    expect(sandbox.status).toBe(200);
    expect(await sandbox.text()).toMatch(/sandbox/i);
  });

  it('refuses introspection to anonymous callers and allows it to signed-in ones', async () => {
    const anonymous = await stack.gql(INTROSPECT, {}, { anonymous: true });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
    const typeOnly = await stack.gql('{ __type(name: "Flag") { name } }', {}, { anonymous: true });
    expect(errorCodes(typeOnly)).toEqual(['UNAUTHENTICATED']);
    const signedIn = await stack.gqlOk<{ __schema: { queryType: { name: string } } }>(
      INTROSPECT,
      {},
      { token },
    );
    expect(signedIn.__schema.queryType.name).toBe('Query');
  });

  it('still lets anonymous callers sign in', async () => {
    const res = await stack.gql<{ login: { accessToken: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
      { e: stack.admin.email, p: stack.admin.password },
      { anonymous: true },
    );
    expect(res.data?.login.accessToken).toBeTruthy();
  });
});
