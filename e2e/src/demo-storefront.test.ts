import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureDemoKeys } from '@switchyard/infra';
import { startTestStack, type TestStack } from '@switchyard/testkit';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, watchPageProblems } from './browser';

// The demo storefront (admin-web/app/demo) against the real stack with demo data: the page evaluates on the server
// with the SDK and hands the values to <SwitchyardProvider>, so the first paint already has them; a change made
// through the graph then reaches the page live.

const USER = 'e2e-shopper';
const SHOWN = ['demo-checkout-color', 'demo-max-items', 'demo-new-checkout', 'demo-variant', 'demo-banner'];

interface Evaluated {
  key: string;
  variation: string | null;
  inExperiment: boolean;
  experimentKey: string | null;
  stringValue?: string;
  numberValue?: number;
  booleanValue?: boolean;
}

describe('demo storefront', () => {
  let stack: TestStack;
  let browser: Browser;
  let keysFile: string;
  let demoUrl: string;

  beforeAll(async () => {
    keysFile = path.join(mkdtempSync(path.join(tmpdir(), 'switchyard-demo-')), 'demo-sdk-keys.json');
    stack = await startTestStack({
      admin: true,
      seedDemo: true,
      demoKeysFile: keysFile,
      readyTimeoutMs: 240_000,
    });
    demoUrl = `${stack.demoUrl}?user=${USER}`;
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    // Closing the browser closes every context the tests opened.
    await browser?.close();
    await stack?.stop();
  });

  /** What the graph serves the shopper, as the page should show it. */
  async function expected(): Promise<Record<string, string>> {
    const { evaluate } = await stack.gqlOk<{ evaluate: Evaluated[] }>(
      `query($context: JSON!) {
        evaluate(environment: "production", context: $context,
          keys: ["checkout-color", "max-cart-items", "new-checkout", "holiday-banner"]) {
          key variation inExperiment experimentKey
          ... on StringFlagValue { stringValue: value }
          ... on NumberFlagValue { numberValue: value }
          ... on BooleanFlagValue { booleanValue: value }
        }
      }`,
      { context: { key: USER } },
    );
    const byKey = new Map(evaluate.map((v) => [v.key, v]));
    const checkout = byKey.get('new-checkout')!;
    return {
      'demo-checkout-color': byKey.get('checkout-color')!.stringValue!,
      'demo-max-items': String(byKey.get('max-cart-items')!.numberValue),
      'demo-new-checkout': String(checkout.booleanValue),
      'demo-variant':
        checkout.inExperiment && checkout.experimentKey === 'checkout-redesign'
          ? checkout.variation!
          : 'control',
      'demo-banner': byKey.get('holiday-banner')!.stringValue || '(no banner running)',
    };
  }

  async function shown(page: Page): Promise<Record<string, string>> {
    const values: Record<string, string> = {};
    for (const id of SHOWN) values[id] = ((await page.getByTestId(id).textContent()) ?? '').trim();
    return values;
  }

  let session: { page: Page; problems: string[] } | null = null;

  /** One signed-in browser for the tests below (the console around the demo wants a user). */
  async function signedIn(): Promise<{ page: Page; problems: string[] }> {
    if (session) return session;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    await page.goto(`${stack.adminUrl}/sign-in?next=${encodeURIComponent(`/demo?user=${USER}`)}`);
    await page.locator('form[data-ready="true"]').waitFor({ timeout: 120_000 });
    await page.getByLabel('Email').fill(stack.admin.email);
    await page.getByLabel('Password').fill(stack.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/demo', { timeout: 120_000 });
    session = { page, problems };
    return session;
  }

  it('keeps one pair of demo keys across starts', async () => {
    const first = await ensureDemoKeys(stack.graphqlUrl, stack.admin, keysFile);
    const again = await ensureDemoKeys(stack.graphqlUrl, stack.admin, keysFile);
    expect(again).toEqual(first);
    const { apiKeys } = await stack.gqlOk<{ apiKeys: { name: string; kind: string; environment: string }[] }>(
      '{ apiKeys { name kind environment } }',
    );
    const demo = apiKeys.filter((k) => k.name.startsWith('Demo storefront'));
    expect(demo.map((k) => [k.kind, k.environment]).sort()).toEqual([
      ['CLIENT', 'production'],
      ['SERVER', 'production'],
    ]);
  });

  it('paints the server-evaluated values first, without JavaScript, and never shows another value', async () => {
    const want = await expected();
    // The first paint: what the server rendered, before any script runs.
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const still = await noScript.newPage();
    await still.goto(demoUrl, { timeout: 120_000 });
    expect(await shown(still)).toEqual(want);

    // With JavaScript every change of the shown values is recorded from the first byte on: hydration and the
    // connection must not change them.
    const { page, problems } = await signedIn();
    await page.addInitScript((ids: string[]) => {
      // Runs in the page, which has a DOM; this file is compiled without one.
      const g = globalThis as unknown as {
        demoSeen: Record<string, string[]>;
        document: { querySelector(s: string): { textContent: string | null } | null };
        MutationObserver: new (
          callback: () => void,
        ) => { observe(target: unknown, options: Record<string, boolean>): void };
      };
      const seen: Record<string, string[]> = {};
      g.demoSeen = seen;
      const note = () => {
        for (const id of ids) {
          const text = g.document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim();
          const list = seen[id] ?? [];
          seen[id] = list;
          if (text !== undefined && list.at(-1) !== text) list.push(text);
        }
      };
      new g.MutationObserver(note).observe(g.document, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    }, SHOWN);
    await page.goto(demoUrl);
    await page.locator('[data-testid="demo-status"][data-status="ready"]').waitFor({ timeout: 60_000 });
    expect(await shown(page)).toEqual(want);
    const seen = await page.evaluate(() => (globalThis as unknown as { demoSeen: unknown }).demoSeen);
    expect(seen).toEqual(Object.fromEntries(SHOWN.map((id) => [id, [want[id]]])));
    await screenshot(page, 'demo-storefront');
    expect(real(problems)).toEqual([]);
  }, 240_000);

  it('shows a change made through the graph live, and tracks a purchase', async () => {
    const { page, problems } = await signedIn();
    problems.length = 0;
    await page.locator('[data-testid="demo-status"][data-status="ready"]').waitFor({ timeout: 60_000 });
    // The holiday banner is scheduled for December; running it now reaches the open page without a reload.
    const { flag } = await stack.gqlOk<{ flag: { version: number } }>(
      '{ flag(key: "holiday-banner") { version } }',
    );
    await stack.gqlOk(
      `mutation($v: Int!) { updateTargeting(key: "holiday-banner", environment: "production", expectedVersion: $v,
        input: { enabled: true, fallthrough: { variation: "winter" }, startsAt: null, endsAt: null }) { version } }`,
      { v: flag.version },
    );
    await page
      .getByTestId('demo-banner')
      .filter({ hasText: 'Happy holidays! 20 % off everything' })
      .waitFor({ timeout: 20_000 });
    expect(page.url()).toBe(demoUrl);

    await page.getByTestId('demo-buy').click();
    await page.getByTestId('demo-orders').filter({ hasText: '1 order placed' }).waitFor();
    await screenshot(page, 'demo-storefront-live');
    expect(real(problems)).toEqual([]);
  }, 120_000);
});

/** Problems that are not the router cancelling its own requests when the test navigates. */
function real(problems: string[]): string[] {
  return problems.filter((p) => !(p.startsWith('request failed:') && p.endsWith('net::ERR_ABORTED')));
}
