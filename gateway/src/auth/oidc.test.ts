import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

const AUDIENCE = 'switchyard-oidc-test';
const ME = '{ me { id } }';
const CREATE = (key: string) => `mutation { createFlag(input: { key: "${key}", name: "OIDC" }) { key } }`;

type Keys = Awaited<ReturnType<typeof generateKeyPair>>;

/** A stand-in identity provider: publishes one RS256 public key as a JWKS. */
async function startJwksServer(keys: Keys) {
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server = http.createServer((req, res) => {
    if (req.url !== '/jwks') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer: base, jwksUrl: `${base}/jwks`, close: () => server.close() };
}

describe('OIDC: tokens from a trusted external issuer', () => {
  let stack: TestStack;
  let idp: Awaited<ReturnType<typeof startJwksServer>>;
  let keys: Keys;
  let otherKeys: Keys;

  const sign = (
    claims: JWTPayload,
    opts: { issuer?: string; audience?: string; expiresIn?: number; key?: Keys } = {},
  ) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setSubject(String(claims.sub ?? 'user-1'))
      .setIssuer(opts.issuer ?? idp.issuer)
      .setAudience(opts.audience ?? AUDIENCE)
      .setIssuedAt(now - 120)
      .setExpirationTime(now + (opts.expiresIn ?? 300))
      .sign((opts.key ?? keys).privateKey);
  };

  beforeAll(async () => {
    keys = await generateKeyPair('RS256');
    otherKeys = await generateKeyPair('RS256');
    idp = await startJwksServer(keys);
    stack = await startTestStack({
      subgraphs: ['flags'],
      env: {
        OIDC_ISSUER: idp.issuer,
        OIDC_JWKS_URL: idp.jwksUrl,
        OIDC_AUDIENCE: AUDIENCE,
        OIDC_ROLE_CLAIM: 'switchyard_role',
        OIDC_DEFAULT_ROLE: 'viewer',
      },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    idp?.close();
  });

  it('maps the role claim to a role: an editor may create a flag in development', async () => {
    const token = await sign({ sub: 'ed-1', email: 'ed@idp.test', switchyard_role: 'editor' });
    const created = await stack.gql<{ createFlag: { key: string } }>(CREATE('oidc-editor'), {}, { token });
    expect(created.errors).toBeUndefined();
    expect(created.data?.createFlag.key).toBe('oidc-editor');
    // The audit log names the external user.
    const audit = await stack.gqlOk<{ auditLog: { nodes: { actorName: string }[] } }>(
      '{ auditLog(filter: { resourceType: "flag", resourceKey: "oidc-editor" }) { nodes { actorName } } }',
    );
    expect(audit.auditLog.nodes[0]?.actorName).toBe('ed@idp.test');
  });

  it('gives a token without a known role the default role (viewer): reads pass, writes are FORBIDDEN', async () => {
    for (const claims of [{ sub: 'v-1' }, { sub: 'v-2', switchyard_role: 'superuser' }]) {
      const token = await sign(claims);
      const read = await stack.gql('{ flags(first: 1) { totalCount } }', {}, { token });
      expect(read.errors).toBeUndefined();
      const write = await stack.gql(CREATE(`oidc-${claims.sub}`), {}, { token });
      expect(errorCodes(write)).toEqual(['FORBIDDEN']);
    }
  });

  it.each([
    ['another issuer', { issuer: 'http://127.0.0.1:1' }],
    ['another audience', { audience: 'someone-else' }],
    ['an expired token', { expiresIn: -60 }],
    ['a key the issuer does not publish', { key: 'other' as const }],
  ])('refuses %s with UNAUTHENTICATED', async (_what, opts) => {
    const { key, ...rest } = opts as {
      key?: 'other';
      issuer?: string;
      audience?: string;
      expiresIn?: number;
    };
    const token = await sign(
      { sub: 'admin-1', switchyard_role: 'admin' },
      { ...rest, key: key ? otherKeys : keys },
    );
    const res = await stack.gql(ME, {}, { token });
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
  });
});
