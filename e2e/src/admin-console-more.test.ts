import type { Page } from 'playwright-core';
import { accessibilityViolations } from './accessibility';
import { screenshot } from './browser';
import {
  downloaded,
  expectAttribute,
  expectText,
  openExperimentWizard,
  pasteInto,
  real,
  settle,
  signInAt,
  waitFor,
  demoConsoleSuite,
} from './console-helpers';

// More of the admin console against the real stack: the demo storefront for visitors who are not
// signed in, bulk actions on the flag list and the audit log's export. Each test signs in on its own,
// so one can run alone (`npx jest src/admin-console-more.test.ts -t "<name>"`).
describe('admin console, more', () => {
  const suite = demoConsoleSuite();
  const newPage = () => suite.newPage();

  const signIn = (page: Page, path: string) =>
    signInAt(page, `${suite.stack.adminUrl}`, path, suite.stack.admin.email, suite.stack.admin.password);

  async function flagState(key: string) {
    const { flag } = await suite.stack.gqlOk<{
      flag: { version: number; archived: boolean; environments: { environment: string; enabled: boolean }[] };
    }>('query($key: String!) { flag(key: $key) { version archived environments { environment enabled } } }', {
      key,
    });
    const enabled = (env: string) => flag.environments.find((e) => e.environment === env)?.enabled;
    return { ...flag, enabled };
  }

  it('shows the demo storefront to a visitor who is not signed in, with JavaScript on', async () => {
    const { page, problems } = await newPage();
    // Every document the tab loads: the visitor must stay on the storefront, never sent to sign in.
    const documents: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) documents.push(new URL(frame.url()).pathname);
    });
    await page.goto(`${suite.stack.demoUrl}?user=visitor-1`, { timeout: 120_000 });
    // On failure this names the state the page is stuck in (and where it went).
    await expectAttribute(page.getByTestId('demo-status'), 'data-status', 'ready', 120_000).catch(
      async (err) => {
        await screenshot(page, 'console-demo-visitor-failed');
        throw new Error(`${(err as Error).message} at ${page.url()}; problems: ${problems.join('; ')}`);
      },
    );
    await settle(page);
    // (`next dev` may reload the page while it compiles; any reload must land on the storefront again.)
    expect(documents.length).toBeGreaterThan(0);
    expect(new Set(documents)).toEqual(new Set(['/demo']));
    await expectText(page.getByTestId('demo-user'), 'visitor-1');
    // No console tools for a visitor: no environment switcher, no signed-in user.
    expect(await page.getByTestId('environment-switcher').count()).toBe(0);
    expect(await page.getByTestId('signed-in-user').count()).toBe(0);
    await screenshot(page, 'console-demo-visitor');
    expect(real(problems)).toEqual([]);
  }, 240_000);

  it('enables, disables and archives selected flags; a flag changed elsewhere fails alone', async () => {
    const keys = ['e2e-bulk-a', 'e2e-bulk-b', 'e2e-bulk-c'];
    for (const key of keys) {
      await suite.stack.gqlOk('mutation($input: CreateFlagInput!) { createFlag(input: $input) { key } }', {
        input: { key, name: key, type: 'BOOLEAN', tags: ['e2e-bulk'] },
      });
    }
    const { page, problems } = await newPage();
    await signIn(page, '/flags');
    await page.getByTestId('environment-switcher').selectOption('development');
    await page.getByRole('combobox', { name: 'Tag' }).fill('e2e-bulk');
    await expectText(page.getByTestId('flags-total'), '3 flags match', 60_000);

    await page.getByRole('checkbox', { name: 'Select every flag on this page' }).check();
    await expectText(page.getByTestId('bulk-selected'), '3 flags selected');
    // Someone else changes one of them while the bulk action runs: its first write is held until then.
    // (Changed before the click, the change could reach the list live first and hand it the new
    // version: nothing would conflict.)
    let firstWrite: string | null = null;
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The console's gateway address (localhost, where the stack's own is 127.0.0.1), by its port.
    const gateway = new RegExp(`^http://[^/]+:${new URL(suite.stack.graphqlUrl).port}/graphql$`);
    let heldWrite: Promise<void> | null = null;
    await page.route(gateway, (route) => {
      const body = route.request().postData() ?? '';
      if (firstWrite === null && body.includes('mutation SetFlagEnabled')) {
        firstWrite = (JSON.parse(body) as { variables: { key: string } }).variables.key;
        heldWrite = held.then(() => route.continue());
        return heldWrite;
      }
      return route.continue();
    });
    await page.getByRole('button', { name: 'Enable in development' }).click();
    await waitFor(async () => firstWrite !== null);
    expect(firstWrite).not.toBe('e2e-bulk-b');
    const b = await flagState('e2e-bulk-b');
    await suite.stack.gqlOk(
      'mutation($v: Int!) { updateFlag(key: "e2e-bulk-b", expectedVersion: $v, input: { description: "changed" }) { version } }',
      {
        v: b.version,
      },
    );
    release();
    await heldWrite;
    await page.unroute(gateway);
    const report = page.getByTestId('bulk-report');
    await expectText(report.locator('p'), 'Enabled 2 of 3.');
    await expectAttribute(report.getByTestId('bulk-failure'), 'data-flag', 'e2e-bulk-b');
    expect(await report.getByTestId('bulk-failure').getAttribute('data-code')).toBe('CONFLICT');
    expect((await flagState('e2e-bulk-a')).enabled('development')).toBe(true);
    expect((await flagState('e2e-bulk-b')).enabled('development')).toBe(false);
    expect((await flagState('e2e-bulk-c')).enabled('development')).toBe(true);
    // The failed flag stays selected, the list reloaded its version: trying again applies it.
    await expectText(page.getByTestId('bulk-selected'), '1 flag selected');
    await waitFor(async () =>
      ((await page.locator('tr[data-flag="e2e-bulk-b"]').textContent()) ?? '').includes('changed'),
    );
    await page.getByRole('button', { name: 'Enable in development' }).click();
    await waitFor(async () => (await flagState('e2e-bulk-b')).enabled('development') === true);
    await expectText(report.locator('p'), 'Enabled 1 of 1.');
    await screenshot(page, 'console-flags-bulk');

    // Production asks first; cancelling changes nothing.
    await page.getByTestId('environment-switcher').selectOption('production');
    await page.getByRole('checkbox', { name: 'Select e2e-bulk-a' }).check();
    await page.getByRole('button', { name: 'Enable in production' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await flagState('e2e-bulk-a')).enabled('production')).toBe(false);
    await page.getByRole('button', { name: 'Enable in production' }).click();
    await dialog.getByRole('button', { name: 'Enable' }).click();
    await waitFor(async () => (await flagState('e2e-bulk-a')).enabled('production') === true);
    await expectText(report.locator('p'), 'Enabled 1 of 1.');

    // Archive two of them, confirmed.
    await page.getByRole('checkbox', { name: 'Select e2e-bulk-a' }).check();
    await page.getByRole('checkbox', { name: 'Select e2e-bulk-c' }).check();
    await page.getByRole('button', { name: 'Archive', exact: true }).click();
    await dialog.getByRole('button', { name: 'Archive', exact: true }).click();
    await expectText(report.locator('p'), 'Archived 2 of 2.');
    expect((await flagState('e2e-bulk-a')).archived).toBe(true);
    expect((await flagState('e2e-bulk-c')).archived).toBe(true);
    expect((await flagState('e2e-bulk-b')).archived).toBe(false);
    // Still listed (archived flags are shown with a badge), no longer switchable.
    await waitFor(async () =>
      ((await page.locator('tr[data-flag="e2e-bulk-c"]').textContent()) ?? '').includes('Archived'),
    );
    expect(await page.locator('tr[data-flag="e2e-bulk-a"]').getByRole('switch').count()).toBe(0);
    expect(real(problems)).toEqual([]);
  }, 240_000);

  it('exports the filtered audit log, every page of it, as CSV and JSON', async () => {
    await suite.stack.gqlOk(
      'mutation { createFlag(input: { key: "e2e-audited", name: "Audited", type: BOOLEAN }) { key } }',
    );
    // More entries than the page shows (50).
    let { version } = (await flagState('e2e-audited')) as { version: number };
    for (let i = 0; i < 60; i++) {
      const { setFlagEnabled } = await suite.stack.gqlOk<{ setFlagEnabled: { version: number } }>(
        `mutation($v: Int!, $on: Boolean!) {
          setFlagEnabled(key: "e2e-audited", environment: "development", enabled: $on, expectedVersion: $v) { version }
        }`,
        { v: version, on: i % 2 === 0 },
      );
      version = setFlagEnabled.version;
    }
    const { auditLog } = await suite.stack.gqlOk<{
      auditLog: { totalCount: number; nodes: { seq: number }[] };
    }>('{ auditLog(filter: { resourceKey: "e2e-audited" }, first: 500) { totalCount nodes { seq } } }');
    expect(auditLog.totalCount).toBeGreaterThan(50);

    const { page, problems } = await newPage();
    await signIn(page, '/audit');
    await page.getByRole('textbox', { name: 'Resource key' }).fill('e2e-audited');
    await expectText(page.getByTestId('audit-total'), `${auditLog.totalCount} entries`, 60_000);
    expect(await page.getByTestId('audit-row').count()).toBe(50);

    const csv = (await downloaded(page, 'Export CSV')).trim().split('\n');
    expect(csv[0]).toBe('seq,at,actor,action,resourceType,resourceKey,environment,before,after');
    expect(csv.slice(1).map((line) => Number(line.split(',')[0]))).toEqual(auditLog.nodes.map((n) => n.seq));
    const json = JSON.parse(await downloaded(page, 'Export JSON')) as { seq: number; resourceKey: string }[];
    expect(json.map((e) => e.seq)).toEqual(auditLog.nodes.map((n) => n.seq));
    expect(new Set(json.map((e) => e.resourceKey))).toEqual(new Set(['e2e-audited']));
    expect(real(problems)).toEqual([]);
  }, 240_000);

  it("charts a flag's evaluations per variation per day, with the last evaluation time", async () => {
    await suite.stack.gqlOk(
      'mutation { createFlag(input: { key: "e2e-used", name: "Used", type: BOOLEAN }) { key } }',
    );
    const DAY = 24 * 3600_000;
    const now = Date.now();
    const events = [0, 2, 5].flatMap((d) =>
      ['on', 'off'].map((variant) => ({
        eventId: `e2e-used-${variant}-${d}`,
        type: 'EVALUATION',
        userKey: 'server:development',
        eventName: 'e2e-used',
        variant,
        value: variant === 'on' ? 10 + d : 3,
        properties: { environment: 'development' },
        timestamp: new Date(now - d * DAY - 60_000).toISOString(),
      })),
    );
    await suite.stack.gqlOk('mutation($e: [EventInput!]!) { trackEvents(events: $e) { accepted } }', {
      e: events,
    });
    const usage = async () =>
      (
        await suite.stack.gqlOk<{
          flag: { usage: { evaluations: number; variations: { variation: string; evaluations: number }[] } };
        }>(
          '{ flag(key: "e2e-used") { usage(days: 30, environment: "development") { evaluations variations { variation evaluations } } } }',
        )
      ).flag.usage;
    await waitFor(async () => (await usage()).evaluations === 10 + 12 + 15 + 9, 60_000);

    const { page, problems } = await newPage();
    await signIn(page, '/flags/e2e-used');
    await page.getByTestId('environment-switcher').selectOption('development');
    const section = page.getByTestId('flag-usage');
    await expectText(section.getByTestId('usage-evaluations'), '46', 60_000);
    await expectText(section.locator('[data-testid="usage-variation"][data-variation="on"]'), '37');
    await expectText(section.locator('[data-testid="usage-variation"][data-variation="off"]'), '9');
    expect(await section.getByTestId('usage-last-evaluated').textContent()).not.toBe('Never');
    const chart = section.getByTestId('usage-chart');
    expect(
      await chart
        .locator('[data-series]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-series'))),
    ).toEqual(['on', 'off']);
    await screenshot(page, 'console-flag-usage');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(real(problems)).toEqual([]);
  }, 240_000);

  it('charts traffic per variant on the results page and says why an experiment completed', async () => {
    const { experiment } = await suite.stack.gqlOk<{
      experiment: { analysis: { metrics: { role: string; daily: { variants: { variant: string }[] }[] }[] } };
    }>(
      '{ experiment(key: "checkout-redesign") { analysis { metrics { role daily { variants { variant } } } } } }',
    );
    const primary = experiment.analysis.metrics.find((m) => m.role === 'PRIMARY')!;
    const variants = [...new Set(primary.daily.flatMap((d) => d.variants.map((v) => v.variant)))];
    expect(variants.length).toBeGreaterThan(1);

    const { page, problems } = await newPage();
    await signIn(page, '/experiments/checkout-redesign');
    const chart = page.getByTestId('traffic-chart');
    await chart.waitFor({ timeout: 60_000 });
    expect(
      await chart
        .locator('[data-series]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-series'))),
    ).toEqual(variants);
    expect(await page.getByTestId('completion-reason').count()).toBe(0);

    // The primary metric's chart draws each variant's interval as a band (where it has two days of it).
    const { experiment: banded } = await suite.stack.gqlOk<{
      experiment: {
        analysis: {
          metrics: {
            metricKey: string;
            role: string;
            daily: { variants: { variant: string; interval: unknown }[] }[];
          }[];
        };
      };
    }>(
      '{ experiment(key: "checkout-redesign") { analysis { metrics { metricKey role daily { variants { variant interval { lower upper } } } } } } }',
    );
    const primaryDaily = banded.analysis.metrics.find((m) => m.role === 'PRIMARY')!;
    const withBands = variants.filter(
      (v) =>
        primaryDaily.daily.filter((d) => d.variants.some((x) => x.variant === v && x.interval)).length >= 2,
    );
    expect(withBands.length).toBeGreaterThan(0);
    const daily = page.getByTestId(`daily-chart-${primaryDaily.metricKey}`);
    await daily.waitFor({ timeout: 60_000 });
    expect(
      await daily.locator('[data-band]').evaluateAll((els) => els.map((e) => e.getAttribute('data-band'))),
    ).toEqual(withBands);

    const { experiment: running } = await suite.stack.gqlOk<{ experiment: { version: number } }>(
      '{ experiment(key: "checkout-redesign") { version } }',
    );
    await suite.stack.gqlOk(
      'mutation($v: Int) { completeExperiment(key: "checkout-redesign", winner: "treatment", expectedVersion: $v) { status } }',
      { v: running.version },
    );
    await page.reload();
    await expectAttribute(page.getByTestId('completion-reason'), 'data-reason', 'WINNER_CHOSEN', 60_000);
    await screenshot(page, 'console-experiment-completed');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(real(problems)).toEqual([]);
  }, 240_000);

  it('creates an experiment with secondary and guardrail metrics and an audience of segments and conditions', async () => {
    await suite.stack.gqlOk(
      'mutation { createFlag(input: { key: "e2e-wizard-flag", name: "Wizard", type: BOOLEAN }) { key } }',
    );
    const { page, problems } = await newPage();
    await signIn(page, '/experiments');
    const form = await openExperimentWizard(
      page,
      `${suite.stack.adminUrl}`,
      'e2e-wizard',
      'Wizard',
      'e2e-wizard-flag',
    );
    await form.getByRole('combobox', { name: 'Primary metric' }).selectOption('purchase');
    await form
      .getByRole('group', { name: 'Secondary metrics' })
      .getByRole('checkbox', { name: /revenue/ })
      .check();
    await form
      .getByRole('group', { name: 'Guardrail metrics' })
      .getByRole('checkbox', { name: /page-views/ })
      .check();
    await form
      .getByRole('group', { name: 'Audience segments' })
      .getByRole('checkbox', { name: /region-eu/ })
      .check();
    const audience = form.getByTestId('new-experiment-audience');
    await audience.getByRole('button', { name: 'Add condition' }).click();
    const condition = audience.getByTestId('condition').last();
    await condition.getByRole('textbox', { name: 'Attribute' }).fill('plan');
    await condition.getByRole('combobox', { name: 'Operator' }).selectOption('in');
    await condition.getByRole('textbox', { name: 'Values (comma separated)' }).fill('pro, team');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'console-experiment-wizard-audience');
    await form.getByRole('button', { name: 'Create experiment' }).click();
    await page.getByRole('link', { name: 'e2e-wizard', exact: true }).waitFor({ timeout: 20_000 });

    const { experiment } = await suite.stack.gqlOk<{ experiment: Record<string, unknown> }>(
      `{ experiment(key: "e2e-wizard") { primaryMetric secondaryMetrics guardrailMetrics
        audience { segments conditions { attribute operator values negate } } } }`,
    );
    expect(experiment).toEqual({
      primaryMetric: 'purchase',
      secondaryMetrics: ['revenue'],
      guardrailMetrics: ['page-views'],
      audience: {
        segments: ['region-eu'],
        conditions: [{ attribute: 'plan', operator: 'in', values: ['pro', 'team'], negate: false }],
      },
    });
    expect(real(problems)).toEqual([]);
  }, 240_000);

  it('takes a pasted list of 100,000 keys, deduplicated and sent in batches under the body limit', async () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `user-${String(i).padStart(6, '0')}`);
    // Commas and newlines mixed, with 500 repeats.
    const pasted = [...keys, ...keys.slice(0, 500)]
      .map((k, i) => (i % 3 === 0 ? `${k},` : `${k}\n`))
      .join('');
    expect(Buffer.byteLength(pasted)).toBeGreaterThan(1_048_576);

    const { page, problems } = await newPage();
    await signIn(page, '/segments');
    await page.getByRole('button', { name: 'New segment' }).click();
    const form = page.getByRole('form', { name: 'New segment' });
    await form.getByRole('textbox', { name: 'Key', exact: true }).fill('e2e-big');
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Big list');
    await pasteInto(form.getByRole('textbox', { name: /^Included keys/ }), pasted);
    await expectText(form.getByTestId('included-count'), '100,000 unique keys, 500 repeated dropped');
    await form.getByRole('button', { name: 'Create segment' }).click();
    await page.getByRole('status').filter({ hasText: 'Created e2e-big.' }).waitFor({ timeout: 120_000 });
    const segment = async () =>
      (
        await suite.stack.gqlOk<{
          segment: { includedCount: number; excludedCount: number; version: number; name: string };
        }>('{ segment(key: "e2e-big") { includedCount excludedCount version name } }')
      ).segment;
    const created = await segment();
    expect(created.includedCount).toBe(100_000);
    // One request could not carry it: a create and at least four additions.
    expect(created.version).toBeGreaterThanOrEqual(5);
    const { segment: sample } = await suite.stack.gqlOk<{ segment: { included: string[] } }>(
      '{ segment(key: "e2e-big") { included(first: 100000) } }',
    );
    expect(sample.included).toEqual(keys);

    // Editing: the loaded part of the list is read-only; the paste boxes add and remove keys.
    const row = page.getByTestId('segment-row').filter({ hasText: 'e2e-big' });
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit e2e-big' });
    await expectText(
      edit.getByTestId('included-count'),
      'The first 1,000 of 100,000 keys; add or remove keys with the paste box.',
    );
    const excluded = edit.getByTestId('paste-e2e-big-excluded');
    await excluded.getByRole('textbox').fill('blocked-1, blocked-2\nblocked-2\n\nblocked-3');
    await expectText(excluded.getByTestId('paste-count'), '3 unique keys, 1 repeated dropped');
    await excluded.getByRole('button', { name: 'Add to excluded' }).click();
    await expectText(excluded.getByTestId('paste-progress'), 'Added 3 keys.');
    const included = edit.getByTestId('paste-e2e-big-included');
    await waitFor(async () => (await segment()).excludedCount === 3);
    await included.getByRole('textbox').fill('user-000001\nuser-000002');
    await included.getByRole('button', { name: 'Remove from included' }).click();
    await expectText(included.getByTestId('paste-progress'), 'Removed 2 keys.');
    // The list reloads with the new version before the form is saved.
    await waitFor(async () => ((await row.textContent()) ?? '').includes('99998'));
    // Saving the form renames without cutting the list to the keys it loaded.
    await edit.getByRole('textbox', { name: 'Name', exact: true }).fill('Big list, renamed');
    await edit.getByRole('button', { name: 'Save segment' }).click();
    await waitFor(async () => (await segment()).name === 'Big list, renamed');
    expect(await segment()).toMatchObject({ includedCount: 99_998, excludedCount: 3 });
    await screenshot(page, 'console-segment-paste');
    expect(real(problems)).toEqual([]);
  }, 300_000);

  it('sorts the flag list on the server by name, last update and status, across pages', async () => {
    // 25 flags (two pages of 20) whose names run in another order than their keys, a quarter on in development.
    const key = (i: number) => `e2e-sort-${String(i).padStart(2, '0')}`;
    const letter = (i: number) => String.fromCharCode(97 + ((i * 7) % 25));
    for (let i = 0; i < 25; i++) {
      const name = `Sorted ${i % 2 ? letter(i) : letter(i).toUpperCase()}`;
      await suite.stack.gqlOk('mutation($input: CreateFlagInput!) { createFlag(input: $input) { key } }', {
        input: { key: key(i), name, type: 'BOOLEAN', tags: ['e2e-sort'] },
      });
    }
    const on = [0, 4, 8, 12, 16, 20, 24];
    for (const i of on) {
      await suite.stack.gqlOk(
        'mutation($key: String!) { setFlagEnabled(key: $key, environment: "development", enabled: true, expectedVersion: 1) { key } }',
        { key: key(i) },
      );
    }
    // The last change: e2e-sort-03 is the most recently updated.
    await suite.stack.gqlOk(
      'mutation { updateFlag(key: "e2e-sort-03", expectedVersion: 1, input: { description: "touched" }) { key } }',
    );
    const keys = (...ids: number[]) => ids.map(key);
    const off = Array.from({ length: 25 }, (_, i) => i).filter((i) => !on.includes(i));
    // Names Z to A: letters y, x, w, … (case does not count).
    const byNameDesc = Array.from({ length: 25 }, (_, i) => i).sort((a, b) =>
      letter(b).localeCompare(letter(a)),
    );
    expect(keys(byNameDesc[0]!, byNameDesc[20]!)).toEqual(['e2e-sort-07', 'e2e-sort-22']);
    // Newest first: 03, then the flags switched on (last first), then the others, last created first.
    const byUpdatedDesc = [3, ...[...on].reverse(), ...[...off].reverse().filter((i) => i !== 3)];
    const expected: Record<string, number[]> = {
      'NAME DESC': byNameDesc,
      'UPDATED_AT DESC': byUpdatedDesc,
      'STATUS ASC': [...on, ...off],
      'STATUS DESC': [...off, ...on],
    };

    const { page, problems } = await newPage();
    const listQueries: { orderBy?: Record<string, string> }[] = [];
    page.on('request', (req) => {
      const body = req.method() === 'POST' ? req.postData() : null;
      if (body?.includes('query FlagList')) listQueries.push(JSON.parse(body).variables);
    });
    await signIn(page, '/flags');
    await page.getByTestId('environment-switcher').selectOption('development');
    await page.getByRole('combobox', { name: 'Tag' }).fill('e2e-sort');
    await expectText(page.getByTestId('flags-total'), '25 flags match', 60_000);
    expect(await page.getByText('Sort this page by').count()).toBe(0);

    const shown = () => page.getByTestId('flag-key').allTextContents();
    const expectRows = async (rows: string[]) => {
      await waitFor(async () => JSON.stringify(await shown()) === JSON.stringify(rows)).catch(async () => {
        expect(await shown()).toEqual(rows);
      });
    };
    const sortBy = page.getByRole('combobox', { name: 'Sort by' });
    const order = page.getByRole('combobox', { name: 'Order' });
    /** Page 1 then page 2 of one order, as the graph sorts the whole list. */
    const expectPages = async (name: string) => {
      const all = keys(...expected[name]!);
      await expectText(page.getByTestId('flags-page'), 'Page 1 of 2');
      await expectRows(all.slice(0, 20));
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await expectText(page.getByTestId('flags-page'), 'Page 2 of 2');
      await expectRows(all.slice(20));
    };

    await expectRows(keys(...Array.from({ length: 20 }, (_, i) => i)));
    await sortBy.selectOption('NAME');
    await order.selectOption({ label: 'Z to A' });
    await expectPages('NAME DESC');
    expect((await shown())[0]).toBe('e2e-sort-22');

    // A new order starts again at page 1; last updated starts newest first.
    await sortBy.selectOption('UPDATED_AT');
    expect(await order.inputValue()).toBe('DESC');
    await expectPages('UPDATED_AT DESC');

    await sortBy.selectOption({ label: 'Status in development' });
    await expectPages('STATUS ASC');
    await order.selectOption({ label: 'Off first' });
    await expectPages('STATUS DESC');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'console-flags-sorted');

    // Each order was asked of the graph, a page at a time.
    const orders = listQueries.map((v) => v.orderBy);
    expect(orders).toContainEqual({ field: 'NAME', direction: 'DESC' });
    expect(orders).toContainEqual({ field: 'UPDATED_AT', direction: 'DESC' });
    expect(orders).toContainEqual({ field: 'STATUS', direction: 'ASC', environment: 'development' });
    expect(orders).toContainEqual({ field: 'STATUS', direction: 'DESC', environment: 'development' });
    expect(real(problems)).toEqual([]);
  }, 240_000);
});
