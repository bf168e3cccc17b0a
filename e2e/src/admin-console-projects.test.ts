import { accessibilityViolations } from './accessibility';
import { demoConsoleSuite, real, signInAt } from './console-helpers';

// Projects in the console (issue 19): an admin chooses the environments a project uses, their order and
// colours; the environment switcher and the flag page follow; a refused save shows why and writes nothing.
describe('admin console, projects', () => {
  const suite = demoConsoleSuite({ navigationTimeoutMs: 120_000 });

  type Environments = {
    project: { version: number; environments: { key: string; colour: string | null }[] };
  };
  const current = () =>
    suite.stack.gqlOk<Environments>('{ project(key: "default") { version environments { key colour } } }');

  it("changes the default project's environments, order and colours, and the console follows", async () => {
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
    expect(await accessibilityViolations(page)).toEqual([]);

    // Unusing every environment is refused, with the graph's reason, and nothing changes.
    const before = await current();
    for (const name of ['Development', 'Staging', 'Production'])
      await card.getByRole('checkbox', { name: `Default uses ${name}` }).uncheck();
    await card.getByRole('button', { name: 'Save project' }).click();
    await card.getByText('a project uses at least one environment').waitFor({ timeout: 20_000 });
    expect(await current()).toEqual(before);

    await page.reload();
    await card.waitFor({ timeout: 60_000 });
    await card.getByRole('button', { name: 'Move Production up' }).click();
    await card.getByRole('button', { name: 'Move Production up' }).click();
    await card.getByRole('checkbox', { name: 'Default uses Development' }).uncheck();
    await card.getByLabel('Colour of Production').fill('#b42318');
    await card.getByRole('button', { name: 'Save project' }).click();
    await page.getByText('Saved.').waitFor({ timeout: 20_000 });
    expect((await current()).project).toEqual({
      version: before.project.version + 1,
      environments: [
        { key: 'production', colour: '#b42318' },
        { key: 'staging', colour: null },
      ],
    });

    // The switcher offers the project's environments in its order, the chosen one with its colour.
    await page.goto(`${suite.stack.adminUrl}/flags/checkout-color?env=production`);
    await page.getByTestId('targeting-form').waitFor({ timeout: 60_000 });
    const options = await page.getByTestId('environment-switcher').locator('option').allTextContents();
    expect(options).toEqual(['Production', 'Staging']);
    expect(await page.locator('.site-header__env .env-swatch').count()).toBe(1);
    const tabs = await page.getByRole('tablist', { name: 'Environment' }).getByRole('tab').allTextContents();
    expect(tabs).toEqual(['Production', 'Staging']);

    // A new project: a taken key is refused with the graph's reason, a new one gets its own card.
    await page.goto(`${suite.stack.adminUrl}/projects`);
    const form = page.getByRole('form', { name: 'New project' });
    await form.waitFor({ timeout: 60_000 });
    await form.getByLabel('Key').fill('default');
    await form.getByLabel('Name').fill('Again');
    await form.getByRole('button', { name: 'Create project' }).click();
    await form.getByText('A project with key "default" already exists').waitFor({ timeout: 20_000 });
    await form.getByLabel('Key').fill('mobile');
    await form.getByLabel('Name').fill('Mobile');
    await form.getByRole('button', { name: 'Create project' }).click();
    await page.getByTestId('project-mobile').waitFor({ timeout: 20_000 });
    const created = await suite.stack.gqlOk<{ project: { name: string; environments: { key: string }[] } }>(
      '{ project(key: "mobile") { name environments { key } } }',
    );
    expect(created.project).toEqual({
      name: 'Mobile',
      environments: [{ key: 'development' }, { key: 'staging' }, { key: 'production' }],
    });
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(real(problems)).toEqual([]);
  }, 300_000);
});
