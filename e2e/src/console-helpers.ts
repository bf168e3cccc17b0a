import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestStack, type TestStack } from '@switchyard/testkit';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, watchPageProblems } from './browser';

// Helpers of the admin console's browser suites.

/**
 * The problems a page reported, minus requests the page itself cancelled (`net::ERR_ABORTED`):
 * a router prefetch or document superseded by a navigation, or a query urql aborts because a
 * live update asked for a fresher one. Console errors, page errors, HTTP errors and every
 * other network failure still count.
 */
export function real(problems: string[]): string[] {
  return problems.filter((p) => !(p.startsWith('request failed:') && p.endsWith('net::ERR_ABORTED')));
}

/** Clicks an export button and returns the downloaded file's text. */
export async function downloaded(page: Page, button: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Waits until the page has no request in flight (the websocket aside), before leaving it. */
export async function settle(page: Page) {
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
}

export async function waitFor(condition: () => Promise<boolean>, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(await condition()).toBe(true);
}

export async function expectText(locator: ReturnType<Page['locator']>, text: string, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = ((await locator.textContent().catch(() => '')) ?? '').trim();
    if (last === text) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(last).toBe(text);
}

export async function expectAttribute(
  locator: ReturnType<Page['locator']>,
  name: string,
  value: string,
  timeout = 10_000,
) {
  const deadline = Date.now() + timeout;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = await locator.getAttribute(name, { timeout: 1000 }).catch(() => null);
    if (last === value) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect([name, last]).toEqual([name, value]);
}

/** The new-experiment wizard with key, name, flag and the development environment filled in. */
export async function openExperimentWizard(
  page: Page,
  base: string,
  key: string,
  name: string,
  flagKey: string,
) {
  await page.goto(`${base}/experiments`);
  await page.getByRole('button', { name: 'New experiment' }).click();
  const form = page.getByRole('form', { name: 'New experiment' });
  await form.getByRole('textbox', { name: 'Key', exact: true }).fill(key);
  await form.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  const flag = form.getByRole('combobox', { name: 'Flag' });
  await flag.locator(`option[value="${flagKey}"]`).waitFor({ state: 'attached', timeout: 30_000 });
  await flag.selectOption(flagKey);
  await form.getByRole('combobox', { name: 'Environment' }).selectOption('development');
  return form;
}

/**
 * Puts `text` into a textarea at once, as a paste does (`fill` types megabytes slowly): the native value
 * setter, then the input event React listens to.
 */
export async function pasteInto(textarea: Locator, text: string) {
  await textarea.evaluate((element, value) => {
    const proto = Object.getPrototypeOf(element) as object;
    Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(element, value);
    const g = globalThis as unknown as { Event: new (type: string, init: { bubbles: boolean }) => unknown };
    (element as unknown as { dispatchEvent(e: unknown): void }).dispatchEvent(
      new g.Event('input', { bubbles: true }),
    );
  }, text);
}

/** Opens `path` signed out, is sent to sign in, signs in and comes back to `path`. */
export async function signInAt(page: Page, baseUrl: string, path: string, email: string, password: string) {
  await page.goto(`${baseUrl}${path}`);
  await page.waitForURL(/\/sign-in\?next=/, { timeout: 120_000 });
  // Fill the form only once React runs it (a slow first compile must not race the typing).
  await page.locator('form[data-ready="true"]').waitFor({ timeout: 120_000 });
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === path, { timeout: 60_000 });
}

/**
 * A browser suite over one stack with the demo data and a signed-in admin: registers the
 * suite's beforeAll/afterAll, and opens pages in their own browser contexts (closed at the end).
 */
export function demoConsoleSuite(opts: { navigationTimeoutMs?: number; env?: Record<string, string> } = {}) {
  let stack: TestStack | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    const keysFile = path.join(mkdtempSync(path.join(tmpdir(), 'switchyard-console-')), 'demo-sdk-keys.json');
    stack = await startTestStack({
      admin: true,
      seedDemo: true,
      demoKeysFile: keysFile,
      readyTimeoutMs: 240_000,
      env: opts.env,
    });
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  });
  return {
    get stack(): TestStack {
      if (!stack) throw new Error('the suite stack is not started yet');
      return stack;
    },
    async newPage(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
      if (!browser) throw new Error('the suite browser is not started yet');
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      if (opts.navigationTimeoutMs) page.setDefaultNavigationTimeout(opts.navigationTimeoutMs);
      return { context, page, problems: watchPageProblems(page) };
    },
  };
}
