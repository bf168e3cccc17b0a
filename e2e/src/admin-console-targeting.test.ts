import { accessibilityViolations } from './accessibility';
import type { Page } from 'playwright-core';
import { screenshot } from './browser';
import { demoConsoleSuite, expectText, real, settle, signInAt } from './console-helpers';

// The console's rule builder with the newer operators against the real stack (chromium): a rule built in the
// browser with a case-insensitive list operator and an IP range, tested on the unsaved draft in the browser,
// saved through the graph, and evaluated by the flags subgraph; a prerequisite of the "parent is off" form set
// on the flag page.
describe('admin console, targeting with the newer operators', () => {
  // The first page compiles in `next dev`: minutes on a loaded machine.
  const suite = demoConsoleSuite({ navigationTimeoutMs: 240_000 });
  const FLAG = 'e2e-newer-operators';

  const signIn = (page: Page, path: string) =>
    signInAt(page, `${suite.stack.adminUrl}`, path, suite.stack.admin.email, suite.stack.admin.password);

  async function served(context: Record<string, unknown>) {
    const { evaluate } = await suite.stack.gqlOk<{
      evaluate: { variation: string; reason: string; prerequisiteKey: string | null }[];
    }>(
      'query($c: JSON!, $k: [String!]) { evaluate(environment: "development", context: $c, keys: $k) { variation reason prerequisiteKey } }',
      { c: context, k: [FLAG] },
    );
    return evaluate[0];
  }

  it('shows, before saving, how recently evaluated contexts would move', async () => {
    const key = 'e2e-impact';
    await suite.stack.gqlOk(`mutation { createFlag(input: { key: "${key}", name: "Impact" }) { key } }`);
    await suite.stack.gqlOk(
      `mutation { updateTargeting(key: "${key}", environment: "development", expectedVersion: 1, input: { enabled: true, fallthrough: { variation: "off" } }) { version } }`,
    );
    // Twelve people evaluated through the real path: the sampled contexts the preview compares.
    for (let i = 0; i < 12; i++)
      await suite.stack.gqlOk(
        'query($c: JSON!, $k: [String!]) { evaluate(environment: "development", context: $c, keys: $k) { variation } }',
        { c: { key: `impact-${i}` }, k: [key] },
      );
    const asked = async () =>
      (
        await suite.stack.gqlOk<{ previewTargeting: { contextsConsidered: number; changed: number } }>(
          `{ previewTargeting(flagKey: "${key}", environment: "development", targeting: { fallthrough: { variation: "on" } }) { contextsConsidered changed } }`,
        )
      ).previewTargeting;
    const deadline = Date.now() + 60_000;
    let expected = await asked();
    while (expected.changed < 12 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      expected = await asked();
    }
    expect(expected.changed).toBeGreaterThanOrEqual(12);

    const { page, problems } = await suite.newPage();
    await signIn(page, `/flags/${key}`);
    await page.getByTestId('environment-switcher').selectOption('development');
    const form = page.getByTestId('targeting-form');
    await form.waitFor({ timeout: 60_000 });
    await settle(page);
    // Serve "on" to everyone else: nothing saved yet, the preview says who would move.
    await form.locator('#fallthrough-variation').selectOption('on');
    const impact = form.getByTestId('impact-preview');
    await expectText(
      impact.getByTestId('impact-summary'),
      `${expected.changed} of ${expected.contextsConsidered} recently evaluated contexts would get another variation.`,
      30_000,
    );
    expect(await impact.getByRole('list', { name: 'Variation changes' }).textContent()).toBe(
      `off → on: ${expected.changed}`,
    );
    expect(await impact.getByRole('table').locator('tbody tr').count()).toBe(Math.min(20, expected.changed));
    expect(await accessibilityViolations(page)).toEqual([]);
    const { flag } = await suite.stack.gqlOk<{ flag: { version: number } }>(
      `{ flag(key: "${key}") { version } }`,
    );
    expect(flag.version).toBe(2);
    expect(real(problems)).toEqual([]);
  }, 300_000);

  it('builds a rule with anyOf ignoring case and ipInRange, previews it, saves it and sees it evaluate', async () => {
    await suite.stack.gqlOk(
      `mutation { createFlag(input: { key: "${FLAG}", name: "Newer operators" }) { key } }`,
    );
    await suite.stack.gqlOk(
      `mutation { createFlag(input: { key: "${FLAG}-parent", name: "Parent" }) { key } }`,
    );
    // Everyone else gets "off", so a rule match shows.
    await suite.stack.gqlOk(
      `mutation { updateTargeting(key: "${FLAG}", environment: "development", expectedVersion: 1, input: { fallthrough: { variation: "off" } }) { version } }`,
    );
    const { page, problems } = await suite.newPage();
    await signIn(page, `/flags/${FLAG}`);
    await page.getByTestId('environment-switcher').selectOption('development');
    const form = page.getByTestId('targeting-form');
    await form.waitFor({ timeout: 60_000 });
    await settle(page);
    await form.getByRole('switch', { name: 'Targeting on in development' }).click();

    await form.getByRole('button', { name: 'Add rule' }).click();
    const rule = form.getByTestId('rule').last();
    const first = rule.getByTestId('condition').first();
    await first.getByRole('textbox', { name: 'Attribute' }).fill('roles');
    await first.getByRole('combobox', { name: 'Operator' }).selectOption('anyOf');
    // Help text and an example under the operator.
    expect(await first.getByTestId('operator-help').textContent()).toContain('e.g. roles anyOf');
    await first.getByRole('textbox', { name: 'Values (comma separated)' }).fill('ADMIN, Owner');
    await first.getByRole('checkbox', { name: 'Ignore case' }).check();
    await rule.getByRole('button', { name: 'Add condition' }).click();
    const second = rule.getByTestId('condition').last();
    await second.getByRole('textbox', { name: 'Attribute' }).fill('ip');
    await second.getByRole('combobox', { name: 'Operator' }).selectOption('ipInRange');
    await second.getByRole('textbox', { name: 'Values (comma separated)' }).fill('10.0.0.0/8, 2001:db8::/32');

    // The unsaved draft, evaluated in the browser by @switchyard/core.
    await form.getByRole('button', { name: 'Test a context' }).click();
    const preview = form.getByTestId('targeting-preview');
    const context = preview.getByRole('textbox', { name: 'Context (JSON)' });
    await context.fill('{ "key": "u-1", "roles": ["beta", "admin"], "ip": "10.1.2.3" }');
    await expectText(preview.getByTestId('preview-reason'), 'RULE_MATCH (rule 1)');
    await expectText(preview.getByTestId('preview-variation'), 'on');
    await context.fill('{ "key": "u-1", "roles": ["beta"], "ip": "10.1.2.3" }');
    await expectText(preview.getByTestId('preview-reason'), 'FALLTHROUGH');

    // A bad CIDR is named beside its condition and nothing is saved.
    await second.getByRole('textbox', { name: 'Values (comma separated)' }).fill('10.0.0.0/33');
    await form.getByRole('button', { name: 'Save to development' }).click();
    await rule.locator('.field-error').first().waitFor({ timeout: 15_000 });
    expect((await served({ key: 'u-1', roles: ['ADMIN'], ip: '10.1.2.3' }))?.reason).toBe('OFF');
    await second.getByRole('textbox', { name: 'Values (comma separated)' }).fill('10.0.0.0/8, 2001:db8::/32');

    await form.getByRole('button', { name: 'Save to development' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'console-newer-operators');

    const saved = await suite.stack.gqlOk<{
      flag: { environment: { rules: { conditions: Record<string, unknown>[] }[] } };
    }>(
      `{ flag(key: "${FLAG}") { environment(key: "development") { rules { conditions { attribute operator values caseInsensitive } } } } }`,
    );
    expect(saved.flag.environment.rules[0]?.conditions).toEqual([
      { attribute: 'roles', operator: 'anyOf', values: ['ADMIN', 'Owner'], caseInsensitive: true },
      {
        attribute: 'ip',
        operator: 'ipInRange',
        values: ['10.0.0.0/8', '2001:db8::/32'],
        caseInsensitive: false,
      },
    ]);
    expect(await served({ key: 'u-1', roles: ['owner'], ip: '2001:db8::5' })).toMatchObject({
      variation: 'on',
      reason: 'RULE_MATCH',
    });
    expect(await served({ key: 'u-1', roles: ['owner'], ip: '192.168.0.1' })).toMatchObject({
      variation: 'off',
      reason: 'FALLTHROUGH',
    });
    expect(await served({ key: 'u-1', roles: 'admin', ip: '10.1.2.3' })).toMatchObject({
      reason: 'FALLTHROUGH',
    });

    // A prerequisite of the "parent is off" form: the parent is off in development, so it holds.
    await form.getByRole('button', { name: 'Add prerequisite' }).click();
    const prerequisite = form.getByTestId('prerequisite-0');
    await prerequisite.getByRole('combobox', { name: 'Flag', exact: true }).selectOption(`${FLAG}-parent`);
    await prerequisite.getByRole('combobox', { name: 'Requires the flag' }).selectOption('off');
    await form.getByRole('button', { name: 'Save to development' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: 15_000 });
    const withPrerequisite = await suite.stack.gqlOk<{
      flag: { environment: { prerequisites: Record<string, unknown>[] } };
    }>(
      `{ flag(key: "${FLAG}") { environment(key: "development") { prerequisites { flagKey variation variations off } } } }`,
    );
    expect(withPrerequisite.flag.environment.prerequisites).toEqual([
      { flagKey: `${FLAG}-parent`, variation: null, variations: null, off: true },
    ]);
    expect(await served({ key: 'u-1', roles: ['admin'], ip: '10.1.2.3' })).toMatchObject({ variation: 'on' });
    const { flag } = await suite.stack.gqlOk<{ flag: { version: number } }>(
      `{ flag(key: "${FLAG}-parent") { version } }`,
    );
    await suite.stack.gqlOk(
      `mutation($v: Int!) { setFlagEnabled(key: "${FLAG}-parent", environment: "development", enabled: true, expectedVersion: $v) { version } }`,
      { v: flag.version },
    );
    expect(await served({ key: 'u-1', roles: ['admin'], ip: '10.1.2.3' })).toMatchObject({
      reason: 'PREREQUISITE_FAILED',
      prerequisiteKey: `${FLAG}-parent`,
    });
    expect(real(problems)).toEqual([]);
  }, 300_000);
});
