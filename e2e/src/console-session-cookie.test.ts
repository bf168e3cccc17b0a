import {
  freePort,
  type OidcProvider,
  startOidcProvider,
  startTestStack,
  type TestStack,
} from '@switchyard/testkit';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { signInAt } from './console-helpers';

// Issue 20: the console's 30-day refresh token is an httpOnly, SameSite=Strict cookie set by the
// gateway, never in localStorage where a script on the page could read it; a reload keeps the
// user signed in, also once the access token has expired (refreshed through the cookie).
// Issue 17: single sign-on through a real OpenID provider ends in the same cookie.
describe('the console keeps its refresh token out of reach of scripts', () => {
  let stack: TestStack;
  let browser: Browser;
  let provider: OidcProvider;

  beforeAll(async () => {
    // The provider must know the gateway's callback, and the gateway the console, before they start.
    const [gatewayPort, adminPort] = [await freePort(), await freePort()];
    const callback = `http://localhost:${gatewayPort}/auth/oidc/callback`;
    provider = await startOidcProvider({
      redirectUri: callback,
      clientId: 'switchyard-console',
      clientSecret: 'the-console-secret-at-the-provider',
      accounts: {
        'sso-editor': { email: 'sso-ed@idp.test', name: 'Sso Editor', switchyard_role: 'editor' },
        'sso-unknown': { email: 'sso-uma@idp.test', switchyard_role: 'superuser' },
      },
    });
    stack = await startTestStack({
      admin: true,
      seedDemo: true,
      readyTimeoutMs: 240_000,
      ports: { gateway: gatewayPort, admin: adminPort },
      env: {
        OIDC_SSO_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: 'switchyard-console',
        OIDC_CLIENT_SECRET: 'the-console-secret-at-the-provider',
        OIDC_REDIRECT_URL: callback,
        OIDC_SSO_LABEL: 'Test IdP',
        CONSOLE_URL: `http://localhost:${adminPort}`,
      },
    });
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    provider?.stop();
  });

  /** From a console page signed out: the console's button, the provider's sign-in and consent forms. */
  async function signInWithProvider(page: Page, account: string) {
    await page.goto(`${stack.adminUrl}/flags`);
    await page.waitForURL(/\/sign-in\?next=/, { timeout: 120_000 });
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click({ timeout: 60_000 });
    await page.locator('input[name="login"]').fill(account, { timeout: 60_000 });
    await page.locator('input[name="password"]').fill('any');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click({ timeout: 60_000 });
  }

  it('signs in with the OpenID provider: back in the console with the refresh cookie, or shown why not', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithProvider(page, 'sso-editor');
    await page.waitForURL((url) => url.pathname === '/flags', { timeout: 60_000 });
    await page.locator('tr[data-flag]').first().waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: 'Sso Editor' }).waitFor({ timeout: 30_000 });
    const refresh = (await context.cookies()).find((c) => c.name === 'sy_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/graphql' });
    expect(await page.evaluate<string>('JSON.stringify({ ...localStorage })')).not.toMatch(/syr_/);
    await context.close();

    const refused = await browser.newContext();
    const other = await refused.newPage();
    await signInWithProvider(other, 'sso-unknown');
    await other.waitForURL((url) => url.pathname === '/sign-in', { timeout: 60_000 });
    await other.getByRole('alert').filter({ hasText: '"superuser"' }).waitFor({ timeout: 30_000 });
    expect((await refused.cookies()).find((c) => c.name === 'sy_refresh')).toBeUndefined();
    await refused.close();
  }, 240_000);

  it('stores no refresh token in localStorage, sets an httpOnly cookie, and stays signed in across reloads', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAt(page, stack.adminUrl!, '/flags', stack.admin.email, stack.admin.password);

    const storage = await page.evaluate<string>('JSON.stringify({ ...localStorage })');
    expect(storage).toContain('accessToken');
    expect(storage).not.toMatch(/refreshToken|syr_/);
    // The console calls the gateway as localhost (its NEXT_PUBLIC_GATEWAY_URL): every cookie of the context.
    const cookies = await context.cookies();
    const refresh = cookies.find((c) => c.name === 'sy_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/graphql' });
    expect(refresh!.value).toMatch(/^syr_/);
    expect(await page.evaluate<string>('document.cookie')).not.toContain('syr_');

    await page.reload();
    await page.locator('tr[data-flag]').first().waitFor({ timeout: 60_000 });
    expect(new URL(page.url()).pathname).toBe('/flags');

    // The access token runs out: the next load refreshes it through the cookie, still signed in.
    // (Browser code as strings: this package compiles without the DOM library.)
    await page.evaluate(`(() => {
      const session = JSON.parse(localStorage.getItem('switchyard.session'));
      session.accessTokenExpiresAt = new Date(0).toISOString();
      localStorage.setItem('switchyard.session', JSON.stringify(session));
    })()`);
    const before = await page.evaluate<string>("localStorage.getItem('switchyard.session')");
    await page.reload();
    await page.waitForFunction(
      `localStorage.getItem('switchyard.session') !== ${JSON.stringify(before)}`,
      undefined,
      {
        timeout: 60_000,
      },
    );
    expect(new URL(page.url()).pathname).toBe('/flags');
    const renewed = await page.evaluate<{ accessTokenExpiresAt: string }>(
      "JSON.parse(localStorage.getItem('switchyard.session'))",
    );
    expect(Date.parse(renewed.accessTokenExpiresAt)).toBeGreaterThan(Date.now());
    expect(JSON.stringify(renewed)).not.toMatch(/refreshToken|syr_/);
    await context.close();
  }, 240_000);

  it('on a 401 refreshes once through the cookie and retries, and signs out only when that fails', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAt(page, stack.adminUrl!, '/flags', stack.admin.email, stack.admin.password);
    // An access token the gateway refuses although it has not expired (as one issued before an
    // upgrade): the console refreshes through the cookie, retries, and the page loads.
    const refuseToken = `(() => {
      const session = JSON.parse(localStorage.getItem('switchyard.session'));
      session.accessToken = 'refused-' + session.accessToken.slice(0, 8);
      localStorage.setItem('switchyard.session', JSON.stringify(session));
    })()`;
    await page.evaluate(refuseToken);
    await page.reload();
    await page.locator('tr[data-flag]').first().waitFor({ timeout: 60_000 });
    expect(new URL(page.url()).pathname).toBe('/flags');
    const stored = await page.evaluate<{ accessToken: string }>(
      "JSON.parse(localStorage.getItem('switchyard.session'))",
    );
    expect(stored.accessToken).not.toMatch(/^refused-/);

    // Without the cookie the refresh fails too: now the console signs out.
    await context.clearCookies();
    await page.evaluate(refuseToken);
    await page.reload();
    await page.waitForURL((url) => url.pathname === '/sign-in', { timeout: 60_000 });
    expect(await page.evaluate<string | null>("localStorage.getItem('switchyard.session')")).toBeNull();
    await context.close();
  }, 240_000);
});
