import { startTestStack, type TestStack, type TestUser } from '@switchyard/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, watchPageProblems } from './browser';

// The admin console against the real stack (next dev, gateway, three subgraphs, demo
// data), driven by Debian's chromium: sign in, change flags, see changes arrive live
// in a second browser, and a viewer who gets no edit controls.
describe('admin console', () => {
  let stack: TestStack;
  let browser: Browser;
  let viewer: TestUser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ admin: true, seedDemo: true, readyTimeoutMs: 240_000 });
    viewer = await stack.createUser('viewer');
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  });

  async function signedIn(
    email: string,
    password: string,
    path = '/flags',
  ): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    await page.goto(`${stack.adminUrl}${path}`);
    await page.waitForURL(/\/sign-in\?next=/, { timeout: 120_000 });
    // Fill the form only once React runs it (a slow first compile must not race the typing).
    await page.locator('form[data-ready="true"]').waitFor({ timeout: 120_000 });
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === path, { timeout: 60_000 });
    return { page, problems };
  }

  const flagSwitch = (page: Page, key: string, environment: string) =>
    page.locator(`tr[data-flag="${key}"]`).getByRole('switch', { name: `${key} in ${environment}` });

  let admin: { page: Page; problems: string[] };
  let other: { page: Page; problems: string[] };

  // Each test judges only what happened during it.
  beforeEach(() => {
    if (admin) admin.problems.length = 0;
    if (other) other.problems.length = 0;
  });

  it('signs in and shows the flags, the user, the role and the environment switcher', async () => {
    admin = await signedIn(stack.admin.email, stack.admin.password);
    await admin.page
      .getByTestId('flag-key')
      .filter({ hasText: 'new-checkout' })
      .waitFor({ timeout: 120_000 });
    await expectText(admin.page.getByTestId('user-role'), 'admin');
    expect(await admin.page.getByTestId('environment-switcher').count()).toBe(1);
    await screenshot(admin.page, 'console-flags-list');
    expect(real(admin.problems)).toEqual([]);
  }, 240_000);

  it('toggles a flag; a second browser on the same list sees it live, highlighted', async () => {
    other = await signedIn(stack.admin.email, stack.admin.password);
    const mine = flagSwitch(admin.page, 'checkout-color', 'development');
    const theirs = flagSwitch(other.page, 'checkout-color', 'development');
    await theirs.waitFor({ timeout: 60_000 });
    const before = await mine.getAttribute('aria-checked');
    const after = before === 'true' ? 'false' : 'true';
    // Let the second browser's subscription open before the change.
    await other.page.waitForTimeout(1500);
    await mine.click();
    await expectAttribute(mine, 'aria-checked', after);
    await expectAttribute(theirs, 'aria-checked', after, 20_000);
    await other.page
      .locator('tr[data-flag="checkout-color"][data-highlighted="true"]')
      .waitFor({ timeout: 5_000 });
    expect(real(admin.problems)).toEqual([]);
    expect(real(other.problems)).toEqual([]);
  }, 120_000);

  it('asks for confirmation before changing production', async () => {
    const sw = flagSwitch(admin.page, 'checkout-color', 'production');
    const before = await sw.getAttribute('aria-checked');
    await sw.click();
    const dialog = admin.page.getByRole('dialog');
    await dialog.waitFor();
    await screenshot(admin.page, 'console-production-confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await sw.getAttribute('aria-checked')).toBe(before);
    await sw.click();
    await dialog.getByRole('button', { name: /Turn (on|off)/ }).click();
    await expectAttribute(sw, 'aria-checked', before === 'true' ? 'false' : 'true');
    expect(real(admin.problems)).toEqual([]);
  }, 60_000);

  it('creates a flag, which the other browser sees arrive', async () => {
    await admin.page.getByRole('button', { name: 'New flag' }).click();
    await admin.page.getByRole('textbox', { name: 'Key', exact: true }).fill('e2e-console-flag');
    await admin.page.getByRole('textbox', { name: 'Name', exact: true }).fill('Made in the browser');
    await admin.page.getByRole('button', { name: 'Create flag' }).click();
    await admin.page.locator('tr[data-flag="e2e-console-flag"]').waitFor({ timeout: 20_000 });
    await other.page.locator('tr[data-flag="e2e-console-flag"]').waitFor({ timeout: 20_000 });
    expect(real(admin.problems)).toEqual([]);
    expect(real(other.problems)).toEqual([]);
  }, 60_000);

  it('edits targeting on the flag page: field errors beside the input, a live conflict instead of an overwrite', async () => {
    const page = admin.page;
    await settle(page);
    await page.goto(`${stack.adminUrl}/flags/checkout-color`);
    await page.getByTestId('environment-switcher').selectOption('development');
    const form = page.getByTestId('targeting-form');
    await form.waitFor({ timeout: 60_000 });
    await form.getByRole('button', { name: 'Add rule' }).click();
    const rule = form.getByTestId('rule').last();
    await rule.getByRole('textbox', { name: 'Attribute' }).fill('app.version');
    await rule.getByRole('combobox', { name: 'Operator' }).selectOption('semverGt');
    const values = rule.getByRole('textbox', { name: 'Values (comma separated)' });
    await values.fill('banana');
    await form.getByRole('button', { name: 'Save to development' }).click();
    await rule.locator('.field-error', { hasText: 'semantic version' }).waitFor({ timeout: 15_000 });
    expect(await values.inputValue()).toBe('banana');
    await values.fill('1.2.0');

    // Someone else changes the flag while this draft has edits: the page shows their version.
    const { flag } = await stack.gqlOk<{ flag: { version: number } }>(
      '{ flag(key: "checkout-color") { version } }',
    );
    await stack.gqlOk(
      'mutation($v: Int!) { setFlagEnabled(key: "checkout-color", environment: "development", enabled: true, expectedVersion: $v) { version } }',
      { v: flag.version },
    );
    const conflict = page.getByTestId('targeting-conflict');
    await conflict.waitFor({ timeout: 20_000 });
    expect(await values.inputValue()).toBe('1.2.0');
    await screenshot(page, 'console-flag-conflict');
    await conflict.getByRole('button', { name: 'Save mine over theirs' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: 15_000 });
    const saved = await stack.gqlOk<{
      flag: {
        environment: { enabled: boolean; rules: { conditions: { operator: string; values: string[] }[] }[] };
      };
    }>(
      '{ flag(key: "checkout-color") { environment(key: "development") { enabled rules { conditions { operator values } } } } }',
    );
    expect(saved.flag.environment.rules.at(-1)?.conditions[0]).toEqual({
      operator: 'semverGt',
      values: ['1.2.0'],
    });
    await screenshot(page, 'console-flag');
    expect(real(admin.problems)).toEqual([]);
  }, 120_000);

  it('lists experiments and shows live results with the per-variant table', async () => {
    const page = admin.page;
    await settle(page);
    await page.goto(`${stack.adminUrl}/experiments`);
    await page.getByTestId('experiment-row').first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'console-experiments');
    // The seeded running experiment, which has exposures and conversions.
    await page
      .getByTestId('experiment-row')
      .filter({ hasText: 'checkout-redesign' })
      .getByRole('link')
      .first()
      .click();
    await page.getByTestId('results-table').first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'console-experiment-results');
    expect(real(admin.problems)).toEqual([]);
  }, 120_000);

  it('creates an experiment and starts it after a confirmation', async () => {
    const page = admin.page;
    await settle(page);
    await page.goto(`${stack.adminUrl}/experiments`);
    await page.getByRole('button', { name: 'New experiment' }).click();
    const form = page.getByRole('form', { name: 'New experiment' });
    await form.getByRole('textbox', { name: 'Key', exact: true }).fill('e2e-experiment');
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('E2E experiment');
    const flag = form.getByRole('combobox', { name: 'Flag' });
    await flag.locator('option[value="e2e-console-flag"]').waitFor({ state: 'attached', timeout: 30_000 });
    await flag.selectOption('e2e-console-flag');
    await form.getByRole('combobox', { name: 'Environment' }).selectOption('development');
    await form.getByRole('combobox', { name: 'Primary metric' }).selectOption({ index: 1 });
    await form.getByRole('button', { name: 'Create experiment' }).click();
    await page.getByRole('link', { name: 'e2e-experiment' }).click();
    await page.getByRole('button', { name: 'Start' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 20_000 });
    await screenshot(page, 'console-experiment-started');
    expect(real(admin.problems)).toEqual([]);
  }, 120_000);

  it('shows the audit log with a before/after diff', async () => {
    const page = admin.page;
    await settle(page);
    await page.goto(`${stack.adminUrl}/audit`);
    await page.getByTestId('audit-row').first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Show changes' }).first().click();
    await page.getByTestId('audit-diff').first().waitFor({ timeout: 10_000 });
    await screenshot(page, 'console-audit');
    expect(real(admin.problems)).toEqual([]);
  }, 120_000);

  it('lists segments and creates one', async () => {
    const page = admin.page;
    await settle(page);
    await page.goto(`${stack.adminUrl}/segments`);
    await page.getByTestId('segment-row').first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'New segment' }).click();
    const form = page.getByRole('form', { name: 'New segment' });
    await form.getByRole('textbox', { name: 'Key', exact: true }).fill('e2e-testers');
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('E2E testers');
    await form.getByRole('textbox', { name: /Included keys/ }).fill('alice, bob');
    await form.getByRole('button', { name: 'Create segment' }).click();
    await page.getByTestId('segment-row').filter({ hasText: 'e2e-testers' }).waitFor({ timeout: 20_000 });
    await screenshot(page, 'console-segments');
    expect(real(admin.problems)).toEqual([]);
  }, 120_000);

  it('lets an admin manage users and API keys', async () => {
    const page = admin.page;
    await settle(page);
    await page.getByRole('link', { name: 'Users & keys' }).click();
    await page.waitForURL(/\/users$/);
    await page.getByRole('heading', { name: 'API keys' }).waitFor({ timeout: 60_000 });
    await page.getByRole('textbox', { name: 'Key name' }).fill('e2e server key');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByTestId('api-key-secret').waitFor({ timeout: 20_000 });
    await screenshot(page, 'console-users');
    expect(real(admin.problems)).toEqual([]);
  }, 120_000);

  it('shows a viewer the flags without any edit control', async () => {
    const { page, problems } = await signedIn(viewer.email, viewer.password);
    await page.getByTestId('flag-key').filter({ hasText: 'new-checkout' }).waitFor({ timeout: 60_000 });
    await expectText(page.getByTestId('user-role'), 'viewer');
    expect(await page.getByRole('switch').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'New flag' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Users & keys' }).count()).toBe(0);
    expect(await page.getByTestId('flag-status').count()).toBeGreaterThan(0);
    await screenshot(page, 'console-flags-viewer');
    expect(real(problems)).toEqual([]);

    // The flag page: targeting to read, nothing to change.
    await settle(page);
    await page.goto(`${stack.adminUrl}/flags/checkout-color`);
    await page.getByTestId('targeting-form').waitFor({ timeout: 60_000 });
    await page.getByText('You can read this targeting but not change it.').waitFor();
    expect(await page.getByRole('button', { name: /^Save|Edit details|Archive flag|Add rule/ }).count()).toBe(
      0,
    );
    await screenshot(page, 'console-flag-viewer');
    expect(real(problems)).toEqual([]);
  }, 120_000);
});

/**
 * The problems a page reported, minus requests the page itself cancelled (`net::ERR_ABORTED`):
 * a router prefetch or document superseded by a navigation, or a query urql aborts because a
 * live update asked for a fresher one. Console errors, page errors, HTTP errors and every
 * other network failure still count.
 */
function real(problems: string[]): string[] {
  return problems.filter((p) => !(p.startsWith('request failed:') && p.endsWith('net::ERR_ABORTED')));
}

/** Waits until the page has no request in flight (the websocket aside), before leaving it. */
async function settle(page: Page) {
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
}

async function expectText(locator: ReturnType<Page['locator']>, text: string, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = ((await locator.textContent().catch(() => '')) ?? '').trim();
    if (last === text) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(last).toBe(text);
}

async function expectAttribute(
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
