import type { Page } from 'playwright-core';
import { accessibilityViolations } from './accessibility';
import { demoConsoleSuite, expectText, real, settle, signInAt, waitFor } from './console-helpers';

// The console's project switcher (issue 19): a team picks its project in the header and works there. The
// same flag key in two projects stays two flags; the environment switcher and the flag page's tabs follow
// the project's environments and order; default-only areas (lib/project-scope.ts) are hidden there; the
// choice is in the address, so a reload and a page's links keep it.
describe('admin console, project switcher', () => {
  const suite = demoConsoleSuite({ navigationTimeoutMs: 120_000 });
  const KEY = 'new-checkout';

  type FlagState = {
    flag: {
      project: string;
      version: number;
      environments: { environment: string; enabled: boolean }[];
    } | null;
  };
  const flagIn = (project: string) =>
    suite.stack.gqlOk<FlagState>(
      'query($key: String!, $project: String) { flag(key: $key, project: $project) { project version environments { environment enabled } } }',
      { key: KEY, project },
    );
  const enabledIn = (state: FlagState, environment: string) =>
    state.flag?.environments.find((e) => e.environment === environment)?.enabled;
  const projectParam = (page: Page) => new URL(page.url()).searchParams.get('project');
  const tabs = (page: Page) =>
    page.getByRole('tablist', { name: 'Environment' }).getByRole('tab').allTextContents();

  beforeAll(async () => {
    // A second team's project: production first, then development; no staging.
    await suite.stack.gqlOk(
      `mutation { createProject(input: { key: "mobile", name: "Mobile", environments: [
        { key: "production", colour: "#b42318" }, { key: "development", colour: "#2563eb" } ] }) { key } }`,
    );
    // A scheduled change of the default project's flag, which the other project's flag of the same key must
    // not list.
    const { flag } = await flagIn('default');
    await suite.stack.gqlOk(
      `mutation($v: Int!) { scheduleChange(input: { flagKey: "${KEY}", environment: "production",
        at: "2099-01-01T00:00:00Z", expectedVersion: $v, enabled: true }) { id } }`,
      { v: flag?.version },
    );
  });

  it("switches to another project, creates and toggles its own flag of a default flag's key, and keeps the choice", async () => {
    const { page, problems } = await suite.newPage();
    await signInAt(
      page,
      `${suite.stack.adminUrl}`,
      '/flags',
      suite.stack.admin.email,
      suite.stack.admin.password,
    );
    await page.getByTestId('flag-key').filter({ hasText: KEY }).first().waitFor({ timeout: 120_000 });

    // Working in staging, which the new project does not use.
    await page.getByTestId('environment-switcher').selectOption('staging');
    const picker = page.getByTestId('project-switcher');
    await picker.locator('option[value="mobile"]').waitFor({ state: 'attached', timeout: 30_000 });
    expect(await picker.locator('option').allTextContents()).toEqual(['Default', 'Mobile']);
    expect(await accessibilityViolations(page)).toEqual([]);

    await picker.selectOption('mobile');
    await waitFor(async () => projectParam(page) === 'mobile');
    await expectText(page.getByTestId('flags-total'), '0 flags', 60_000);
    // The project's environments, in its order; staging is not one, so its first is chosen.
    const switcher = page.getByTestId('environment-switcher');
    expect(await switcher.locator('option').allTextContents()).toEqual(['Production', 'Development']);
    expect(await switcher.inputValue()).toBe('production');

    const defaultBefore = await flagIn('default');
    await page.getByRole('button', { name: 'New flag' }).click();
    await page.getByRole('textbox', { name: 'Key' }).fill(KEY);
    await page.getByRole('textbox', { name: 'Name' }).fill('Mobile checkout');
    await page.getByRole('button', { name: 'Create flag' }).click();
    const row = page.locator(`tr[data-flag="${KEY}"]`);
    await row.waitFor({ timeout: 30_000 });
    const created = await flagIn('mobile');
    expect(created.flag).toMatchObject({ project: 'mobile', version: 1 });
    expect(enabledIn(created, 'development')).toBe(false);

    await row.getByRole('switch', { name: `${KEY} in development` }).click();
    await waitFor(async () => enabledIn(await flagIn('mobile'), 'development') === true);
    // The default project's flag of the same key did not change.
    expect(await flagIn('default')).toEqual(defaultBefore);

    // A link keeps the project; the flag page's tabs are the project's environments in its order.
    await row.getByRole('link', { name: KEY }).click();
    await page.getByTestId('targeting-form').waitFor({ timeout: 60_000 });
    expect(new URL(page.url()).pathname).toBe(`/flags/${KEY}`);
    expect(projectParam(page)).toBe('mobile');
    expect(await tabs(page)).toEqual(['Production', 'Development']);
    await expectText(page.getByTestId('flag-version'), '2');

    // Releases, scheduled changes, usage and experiments are the project's own: nothing is hidden. This flag's
    // experiments are its own (none), not the default flag's demo experiment.
    await page.getByRole('heading', { name: 'Scheduled changes in production' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="scheduled-change"]').count()).toBe(0);
    await page.getByRole('heading', { name: /^Usage in / }).waitFor();
    await page.getByRole('heading', { name: 'Experiments' }).waitFor();
    await page.getByText('No experiment uses this flag.').waitFor();
    expect(await page.getByTestId('default-only-note').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);

    // The choice survives a reload.
    await page.reload();
    await page.getByTestId('targeting-form').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('project-switcher').inputValue()).toBe('mobile');
    await expectText(page.getByTestId('flag-version'), '2');
    expect(await tabs(page)).toEqual(['Production', 'Development']);

    // The change requests inbox lists the project's own requests.
    await page.getByRole('link', { name: 'Changes' }).click();
    await page.getByRole('heading', { name: 'Change requests' }).waitFor({ timeout: 60_000 });
    expect(projectParam(page)).toBe('mobile');
    expect(await page.getByTestId('default-only-page').count()).toBe(0);

    // The experiments and metrics pages list the project's own: none here (the demo's are default's).
    await page.getByRole('link', { name: 'Experiments' }).click();
    await page.getByText('No experiments.').waitFor({ timeout: 60_000 });
    expect(projectParam(page)).toBe('mobile');
    expect(await page.getByTestId('experiment-row').count()).toBe(0);
    expect(await page.getByTestId('default-only-page').count()).toBe(0);
    await page.getByRole('link', { name: 'Metrics' }).click();
    await page.getByText('No metrics.').waitFor({ timeout: 60_000 });
    expect(projectParam(page)).toBe('mobile');
    expect(await page.getByTestId('metric-row').count()).toBe(0);

    // Back in the default project: its own flag, its environments, no project in the address.
    await page.getByTestId('project-switcher').selectOption('default');
    await waitFor(async () => projectParam(page) === null);
    await page.goto(`${suite.stack.adminUrl}/flags/${KEY}`);
    await page.getByTestId('targeting-form').waitFor({ timeout: 60_000 });
    await expectText(page.getByTestId('flag-version'), String(defaultBefore.flag?.version));
    expect(await tabs(page)).toEqual(['Development', 'Staging', 'Production']);
    expect(await page.getByTestId('default-only-note').count()).toBe(0);
    await page.getByRole('heading', { name: 'Experiments' }).waitFor();
    await page.getByRole('heading', { name: /^Usage in / }).waitFor();
    await settle(page);
    expect(real(problems)).toEqual([]);
  }, 600_000);

  it('warns before the default project stops using an environment', async () => {
    const { page, problems } = await suite.newPage();
    await signInAt(
      page,
      `${suite.stack.adminUrl}`,
      '/projects',
      suite.stack.admin.email,
      suite.stack.admin.password,
    );
    const card = page.getByTestId('project-default');
    await card.waitFor({ timeout: 60_000 });
    await card.getByRole('checkbox', { name: 'Default uses Staging' }).uncheck();
    const warning = page.getByTestId('project-default-dropped');
    await warning.waitFor({ timeout: 10_000 });
    expect(await warning.textContent()).toContain(
      'Saving is refused while an SDK key of this project serves',
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await card.getByRole('checkbox', { name: 'Default uses Staging' }).check();
    await warning.waitFor({ state: 'detached', timeout: 10_000 });
    expect(real(problems)).toEqual([]);
  }, 300_000);
});
