// A real OpenID provider for tests (the `oidc-provider` package), run as its own process by
// startOidcProvider (oidc-provider.ts): `node oidc-provider-process.mjs <json>` with
// { redirectUri, clientId, clientSecret, accounts }, where
// accounts maps an account id (typed at the provider's development sign-in form) to its claims.
// An account with `codeTtlSeconds` gets authorization codes that expire that fast. Prints
// {"issuer": "..."} on one line once it listens on a free port.
import http from 'node:http';
import Provider from 'oidc-provider';

const { redirectUri, clientId, clientSecret, accounts } = JSON.parse(process.argv[2]);

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  // S256 only, and required of every client.
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'switchyard_role', 'groups'],
  },
  async findAccount(_ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    const { codeTtlSeconds: _ttl, ...claims } = account;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
  ttl: {
    AuthorizationCode: (_ctx, code) => accounts[code.accountId]?.codeTtlSeconds ?? 60,
  },
  cookies: { keys: ['switchyard-test-provider-cookie-key'] },
});
// Errors a test provokes on purpose (a reused code) are not news.
provider.on('server_error', (_ctx, err) => process.stderr.write(`provider error: ${err.stack}\n`));
server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer })}\n`);
