import { startTestStack, type TestStack, type TestUser } from '@switchyard/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type AxeViolation, accessibilityViolations } from './accessibility';
import { launchBrowser, screenshot, watchPageProblems } from './browser';
import {
  downloaded,
  expectAttribute,
  expectText,
  openExperimentWizard,
  real,
  settle,
  signInAt,
  waitFor,
} from './console-helpers';

// The admin console against the real stack (next dev, gateway, three subgraphs, demo
// data), driven by Debian's chromium: sign in, change flags, see changes arrive live
// in a second browser, and a viewer who gets no edit controls.
describe('admin console', () => {
  let stack: TestStack;
  let browser: Browser;
  let viewer: TestUser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    stack = await startTestStack({
      admin: true,
      seedDemo: true,
      readyTimeoutMs: 240_000,
    });
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
    await signInAt(page, `${stack.adminUrl}`, path, email, password);
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
    const form = await openExperimentWizard(
      page,
      `${stack.adminUrl}`,
      'e2e-experiment',
      'E2E experiment',
      'e2e-console-flag',
    );
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
    await page.getByRole('heading', { name: 'API keys', exact: true }).waitFor({ timeout: 60_000 });
    await page.getByRole('textbox', { name: 'Key name' }).fill('e2e server key');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByTestId('api-key-secret').waitFor({ timeout: 20_000 });
    await screenshot(page, 'console-users');
    expect(real(admin.problems)).toEqual([]);
  }, 120_000);

  it('edits variations: a value of the wrong type is held back, the graph names a duplicate key beside it', async () => {
    await stack.gqlOk(
      `mutation { createFlag(input: { key: "e2e-number-flag", name: "Number flag", type: NUMBER,
        variations: [{ key: "low", value: 1 }, { key: "high", value: 10 }] }) { key } }`,
    );
    const page = admin.page;
    await settle(page);
    await page.goto(`${stack.adminUrl}/flags/e2e-number-flag`);
    await page.getByRole('button', { name: 'Edit variations' }).click();
    const form = page.getByTestId('variations-form');
    await form.getByRole('button', { name: 'Add variation' }).click();
    const row = form.getByTestId('variation-row').nth(2);
    await row.getByRole('textbox', { name: 'Key' }).fill('low');
    const value = row.getByRole('textbox', { name: 'Value (number)' });
    await value.fill('abc');
    await row.locator('.field-error', { hasText: 'must be a number' }).waitFor();
    expect(await form.getByRole('button', { name: 'Save variations' }).isDisabled()).toBe(true);
    await value.fill('25');
    await form.getByRole('button', { name: 'Save variations' }).click();
    await row.locator('.field-error', { hasText: 'used twice' }).waitFor({ timeout: 15_000 });
    expect(await value.inputValue()).toBe('25');
    await row.getByRole('textbox', { name: 'Key' }).fill('mid');
    await form.getByRole('button', { name: 'Save variations' }).click();
    await form.waitFor({ state: 'detached', timeout: 15_000 });
    const { flag } = await stack.gqlOk<{ flag: { variations: { key: string; value: unknown }[] } }>(
      '{ flag(key: "e2e-number-flag") { variations { key value } } }',
    );
    expect(flag.variations).toEqual([
      { key: 'low', value: 1 },
      { key: 'high', value: 10 },
      { key: 'mid', value: 25 },
    ]);
    await screenshot(page, 'console-flag-variations');
    expect(real(admin.problems)).toEqual([]);
  }, 120_000);

  it('tests a context against unsaved targeting, evaluated in the browser', async () => {
    const page = admin.page;
    await settle(page);
    const before = await stack.gqlOk<{
      flag: { variations: { key: string }[]; environment: { rules: { id: string }[] } };
    }>(
      '{ flag(key: "checkout-color") { variations { key } environment(key: "development") { rules { id } } } }',
    );
    await page.goto(`${stack.adminUrl}/flags/checkout-color`);
    await page.getByTestId('environment-switcher').selectOption('development');
    const form = page.getByTestId('targeting-form');
    await form.waitFor({ timeout: 60_000 });
    const on = form.getByRole('switch', { name: 'Targeting on in development' });
    if ((await on.getAttribute('aria-checked')) !== 'true') await on.click();
    await form.getByRole('button', { name: 'Add rule' }).click();
    const rule = form.getByTestId('rule').last();
    await rule.getByRole('textbox', { name: 'Attribute' }).fill('plan');
    await rule.getByRole('textbox', { name: 'Values (comma separated)' }).fill('pro');
    const ruleNumber = await form.getByTestId('rule').count();

    await form.getByRole('button', { name: 'Test a context' }).click();
    const preview = form.getByTestId('targeting-preview');
    const context = preview.getByRole('textbox', { name: 'Context (JSON)' });
    await context.fill('{ "key": "user-7", "plan": "pro" }');
    await expectText(preview.getByTestId('preview-reason'), `RULE_MATCH (rule ${ruleNumber})`);
    await expectText(preview.getByTestId('preview-variation'), before.flag.variations[0]!.key);
    await context.fill('{ "key": "user-7", "plan": "free" }');
    await expectText(preview.getByTestId('preview-reason'), 'FALLTHROUGH');
    // The kill switch in the draft, not yet saved, already decides.
    await on.click();
    await expectText(preview.getByTestId('preview-reason'), 'OFF');
    await context.fill('{ "key": ');
    await preview.locator('.field-error', { hasText: 'not JSON' }).waitFor();
    await screenshot(page, 'console-flag-preview');

    const after = await stack.gqlOk<{ flag: { environment: { rules: { id: string }[] } } }>(
      '{ flag(key: "checkout-color") { environment(key: "development") { rules { id } } } }',
    );
    expect(after.flag.environment.rules).toEqual(before.flag.environment.rules);
    await form.getByRole('button', { name: 'Discard changes' }).click();
    expect(real(admin.problems)).toEqual([]);
  }, 120_000);

  it('edits segment rules with the flag condition editor; a bad value is named beside its condition', async () => {
    const page = admin.page;
    await settle(page);
    await page.goto(`${stack.adminUrl}/segments`);
    const row = page.getByTestId('segment-row').filter({ hasText: 'e2e-testers' });
    await row.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit e2e-testers' });
    await form.getByRole('button', { name: 'Add rule' }).click();
    const first = form.getByTestId('segment-rule').nth(0);
    await first.getByRole('textbox', { name: 'Attribute' }).fill('country');
    await first.getByRole('combobox', { name: 'Operator' }).selectOption('in');
    await first.getByRole('textbox', { name: 'Values (comma separated)' }).fill('FR, DE');
    await form.getByRole('button', { name: 'Add rule' }).click();
    const second = form.getByTestId('segment-rule').nth(1);
    await second.getByRole('textbox', { name: 'Attribute' }).fill('app.version');
    await second.getByRole('combobox', { name: 'Operator' }).selectOption('semverGt');
    const values = second.getByRole('textbox', { name: 'Values (comma separated)' });
    await values.fill('banana');
    await form.getByRole('button', { name: 'Save segment' }).click();
    await second.locator('.field-error', { hasText: 'semantic version' }).waitFor({ timeout: 15_000 });
    expect(await values.inputValue()).toBe('banana');
    await values.fill('2.0.0');
    await form.getByRole('button', { name: 'Save segment' }).click();
    await form.waitFor({ state: 'detached', timeout: 15_000 });
    const { segment } = await stack.gqlOk<{
      segment: { rules: { conditions: { attribute: string; operator: string; values: unknown[] }[] }[] };
    }>('{ segment(key: "e2e-testers") { rules { conditions { attribute operator values } } } }');
    expect(segment.rules.map((r) => r.conditions)).toEqual([
      [{ attribute: 'country', operator: 'in', values: ['FR', 'DE'] }],
      [{ attribute: 'app.version', operator: 'semverGt', values: ['2.0.0'] }],
    ]);
    await expectText(row.locator('td').nth(2), '2');
    await screenshot(page, 'console-segment-rules');
    expect(real(admin.problems)).toEqual([]);
  }, 120_000);

  it('schedules an experiment in a layer from the wizard; moves a running one to the layer and restarts it, confirmed', async () => {
    const page = admin.page;
    await settle(page);
    const form = await openExperimentWizard(
      page,
      `${stack.adminUrl}`,
      'e2e-scheduled',
      'E2E scheduled',
      'e2e-number-flag',
    );
    await form.getByLabel('Starts at').fill('2031-03-01T09:00');
    await form.getByLabel('Ends at').fill('2031-03-15T09:00');
    await form.getByRole('textbox', { name: 'Layer' }).fill('e2e-layer');
    await form.getByRole('spinbutton', { name: 'Share of the layer %' }).fill('50');
    await form.getByRole('button', { name: 'Create experiment' }).click();
    await page.getByRole('link', { name: 'e2e-scheduled' }).waitFor({ timeout: 20_000 });
    const { experiment: scheduled } = await stack.gqlOk<{
      experiment: {
        status: string;
        startsAt: string;
        endsAt: string;
        layer: { key: string; rangeStart: number; rangeEnd: number };
      };
    }>('{ experiment(key: "e2e-scheduled") { status startsAt endsAt layer { key rangeStart rangeEnd } } }');
    expect(scheduled.status).toBe('DRAFT');
    expect(new Date(scheduled.startsAt).getTime()).toBe(new Date('2031-03-01T09:00').getTime());
    expect(new Date(scheduled.endsAt).getTime()).toBe(new Date('2031-03-15T09:00').getTime());
    expect([scheduled.layer.key, scheduled.layer.rangeEnd - scheduled.layer.rangeStart]).toEqual([
      'e2e-layer',
      50,
    ]);

    // The running experiment: restart its analysis, then move it into the layer (a restart too).
    const read = () =>
      stack.gqlOk<{
        experiment: {
          status: string;
          analysisStartedAt: string;
          layer: { key: string; rangeStart: number; rangeEnd: number } | null;
        };
      }>(
        '{ experiment(key: "e2e-experiment") { status analysisStartedAt layer { key rangeStart rangeEnd } } }',
      );
    const before = (await read()).experiment;
    expect(before.status).toBe('RUNNING');
    await page.goto(`${stack.adminUrl}/experiments/e2e-experiment`);
    await page.getByRole('button', { name: 'Restart' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('A new analysis period starts now').waitFor();
    await dialog.getByRole('button', { name: 'Restart' }).click();
    await waitFor(async () => (await read()).experiment.analysisStartedAt !== before.analysisStartedAt);
    // The page shows the restart (its new version) before the next edit, as a person would see it first.
    await page.getByText('analysis restarted', { exact: false }).waitFor({ timeout: 30_000 });

    const schedule = page.getByRole('form', { name: 'Schedule and layer' });
    await schedule.getByRole('textbox', { name: 'Layer' }).fill('e2e-layer');
    await schedule.getByRole('spinbutton', { name: 'Share of the layer %' }).fill('30');
    await schedule.getByRole('button', { name: 'Save and restart' }).click();
    const confirm = page.getByRole('dialog', { name: /Restart “E2E experiment” with the new layer/ });
    await confirm.waitFor();
    await screenshot(page, 'console-experiment-layer-confirmation');
    await confirm.getByRole('button', { name: 'Save and restart' }).click();
    await waitFor(async () => (await read()).experiment.layer?.key === 'e2e-layer');
    const moved = (await read()).experiment;
    expect(moved.layer!.rangeEnd - moved.layer!.rangeStart).toBe(30);
    expect(moved.status).toBe('RUNNING');
    await screenshot(page, 'console-experiment-schedule');
    expect(real(admin.problems)).toEqual([]);
  }, 120_000);

  it('pages the flag list on the server, with search and tag filters applied by the graph', async () => {
    for (let i = 0; i < 25; i++) {
      const key = `e2e-page-${String(i).padStart(2, '0')}`;
      await stack.gqlOk(`mutation($input: CreateFlagInput!) { createFlag(input: $input) { key } }`, {
        input: { key, name: `Paged ${i}`, tags: i % 5 === 0 ? ['e2e-fifth'] : [] },
      });
    }
    const page = admin.page;
    await settle(page);
    const listQueries: { first: number; after: string | null }[] = [];
    const onRequest = (req: { url(): string; method(): string; postData(): string | null }) => {
      const body = req.method() === 'POST' ? req.postData() : null;
      if (body?.includes('query FlagList')) listQueries.push(JSON.parse(body).variables);
    };
    page.on('request', onRequest);
    await page.goto(`${stack.adminUrl}/flags`);
    await page.getByTestId('flag-row').first().waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('flag-row').count()).toBeLessThanOrEqual(20);

    await page.getByRole('searchbox', { name: 'Search' }).fill('e2e-page');
    await expectText(page.getByTestId('flags-total'), '25 flags match');
    await waitFor(async () => (await page.getByTestId('flag-row').count()) === 20);
    await expectText(page.getByTestId('flags-page'), 'Page 1 of 2');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expectText(page.getByTestId('flags-page'), 'Page 2 of 2');
    await waitFor(async () => (await page.getByTestId('flag-row').count()) === 5);
    expect(await page.getByTestId('flag-key').first().textContent()).toBe('e2e-page-20');
    await page.getByRole('button', { name: 'Previous', exact: true }).click();
    await expectText(page.getByTestId('flags-page'), 'Page 1 of 2');

    page.off('request', onRequest);
    // Every list request of the table asked the graph for one page, never the whole list.
    expect(listQueries.length).toBeGreaterThan(0);
    expect(listQueries.every((v) => v.first === 20)).toBe(true);
    expect(listQueries.some((v) => v.after)).toBe(true);

    // The export holds every match, not only the page shown.
    const csv = await downloaded(page, 'Export CSV');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('key,name,type,tags,archived,updatedAt,development,staging,production');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(
      Array.from({ length: 25 }, (_, i) => `e2e-page-${String(i).padStart(2, '0')}`),
    );
    const json = JSON.parse(await downloaded(page, 'Export JSON')) as { key: string; tags: string[] }[];
    expect(json).toHaveLength(25);
    expect(json[5]).toMatchObject({ key: 'e2e-page-05', tags: ['e2e-fifth'] });

    await page.getByRole('combobox', { name: 'Tag' }).fill('e2e-fifth');
    await expectText(page.getByTestId('flags-total'), '5 flags match');
    expect(await page.getByTestId('flags-page').count()).toBe(0);
    await screenshot(page, 'console-flags-filtered');
    expect(real(admin.problems)).toEqual([]);
  }, 180_000);

  it('passes axe-core WCAG 2.1 AA checks (contrast, labels, names) on every main page', async () => {
    const pages: [string, string][] = [
      ['/flags', '[data-testid="flag-row"]'],
      ['/flags/checkout-color', '[data-testid="targeting-form"]'],
      ['/segments', '[data-testid="segment-row"]'],
      ['/experiments', '[data-testid="experiment-row"]'],
      ['/experiments/checkout-redesign', '[data-testid="results-table"]'],
      ['/metrics', '[data-testid="metric-row"]'],
      ['/audit', '[data-testid="audit-row"]'],
      ['/users', 'main table'],
      ['/changes', '[role="tablist"]'],
      ['/schedule', 'table.calendar'],
      ['/integrations', 'button:has-text("New integration")'],
      ['/projects', '[data-testid="project-default"]'],
      ['/roles', '[data-testid="role-admin"]'],
      ['/account', 'form[aria-label="Change password"]'],
    ];
    const page = admin.page;
    const found: Record<string, AxeViolation[]> = {};
    for (const [path, ready] of pages) {
      await settle(page);
      await page.goto(`${stack.adminUrl}${path}`);
      await page.locator(ready).first().waitFor({ timeout: 60_000 });
      if (path.startsWith('/flags/')) {
        // The editors too: variations, and the context test with its result.
        await page.getByRole('button', { name: 'Edit variations' }).click();
        await page.getByRole('button', { name: 'Test a context' }).click();
        await page.getByTestId('preview-reason').waitFor({ timeout: 20_000 });
      }
      await settle(page);
      const violations = await accessibilityViolations(page);
      if (violations.length > 0) found[path] = violations;
    }
    // A tablet: the header wraps instead of running off its dark bar.
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.goto(`${stack.adminUrl}/flags`);
    await page.locator('[data-testid="flag-row"]').first().waitFor({ timeout: 60_000 });
    const tablet = await accessibilityViolations(page);
    if (tablet.length > 0) found['/flags (tablet)'] = tablet;
    await screenshot(page, 'console-flags-tablet');
    await page.setViewportSize({ width: 1400, height: 900 });
    // Signed out: the sign-in page.
    const context = await browser.newContext();
    contexts.push(context);
    const signIn = await context.newPage();
    await signIn.goto(`${stack.adminUrl}/sign-in`);
    await signIn.locator('form[data-ready="true"]').waitFor({ timeout: 60_000 });
    const violations = await accessibilityViolations(signIn);
    if (violations.length > 0) found['/sign-in'] = violations;
    expect(found).toEqual({});
    expect(real(admin.problems)).toEqual([]);
  }, 240_000);

  it('shows a viewer the flags without any edit control', async () => {
    const { page, problems } = await signedIn(viewer.email, viewer.password);
    // Pages hold 20 flags in key order; checkout-color is on the first.
    await page.getByTestId('flag-key').filter({ hasText: 'checkout-color' }).waitFor({ timeout: 60_000 });
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
