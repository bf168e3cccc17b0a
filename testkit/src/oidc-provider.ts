import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface OidcProviderOptions {
  /** The one redirect URI its client may use (the gateway's /auth/oidc/callback). */
  redirectUri: string;
  clientId: string;
  clientSecret: string;
  /**
   * Account id (typed into the provider's development sign-in form) → claims (`email`, `name`, a role
   * claim …); `codeTtlSeconds` makes that account's authorization codes expire that fast.
   */
  accounts: Record<string, Record<string, unknown>>;
}

export interface OidcProvider {
  issuer: string;
  stop(): void;
}

/**
 * A real OpenID Connect provider (`oidc-provider`) in its own process on a free port: one
 * confidential client (client_secret_post, PKCE required), its development interactions for
 * sign-in and consent, scopes `openid email profile` (`profile` also carries `switchyard_role`).
 */
export async function startOidcProvider(opts: OidcProviderOptions): Promise<OidcProvider> {
  const child = spawn(
    process.execPath,
    [path.join(__dirname, 'oidc-provider-process.mjs'), JSON.stringify(opts)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the OpenID provider exited ${code}: ${stderr.join('')}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('{')) resolve((JSON.parse(line) as { issuer: string }).issuer);
    });
  });
  return { issuer, stop: () => child.kill() };
}

/**
 * A browser at the provider, by hand: follows its redirects from `authorize`, keeps its cookies,
 * signs in as `account` and consents at its development forms (or aborts), and returns the URL it
 * sends the browser back to (one starting with `callbackUrl`).
 */
export async function signInAtProvider(
  authorize: URL,
  account: string | { abort: true },
  callbackUrl: string,
): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorize.toString();
  let form: URLSearchParams | null = null;
  for (let step = 0; step < 20; step++) {
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form?.toString(),
    });
    for (const cookie of res.headers.getSetCookie()) {
      const pair = cookie.split(';')[0]!;
      jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    form = null;
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, url);
      if (next.toString().startsWith(callbackUrl)) return next;
      url = next.toString();
      continue;
    }
    const html = await res.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (res.status !== 200 || !prompt) throw new Error(`the provider answered ${res.status}: ${html}`);
    if (typeof account !== 'string') {
      url = `${url}/abort`;
      continue;
    }
    form = new URLSearchParams(prompt === 'login' ? { prompt, login: account, password: 'any' } : { prompt });
  }
  throw new Error('the provider never sent the browser back');
}
