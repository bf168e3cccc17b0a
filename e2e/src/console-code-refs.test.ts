import { demoConsoleSuite, real, signInAt } from './console-helpers';

// Code references on the flag page (issue 19): where an uploaded repository uses the flag, with context;
// a flag no scanned code uses is marked as possibly removable.
describe('admin console, code references', () => {
  const suite = demoConsoleSuite();

  it('shows where code uses a flag, and marks an unused one as removable', async () => {
    for (const key of ['e2e-used', 'e2e-unused'])
      await suite.stack.gqlOk(`mutation { createFlag(input: { key: "${key}", name: "${key}" }) { key } }`);
    await suite.stack.gqlOk(
      `mutation { uploadCodeReferences(repository: "github.com/acme/shop", commit: "0123456789abcdef0123", references: [
        { flagKey: "e2e-used", path: "src/checkout.ts", line: 12, context: "const on = client.isEnabled('e2e-used', user);" }
      ]) { count } }`,
    );
    const { page, problems } = await suite.newPage();
    await signInAt(
      page,
      `${suite.stack.adminUrl}`,
      '/flags/e2e-used',
      suite.stack.admin.email,
      suite.stack.admin.password,
    );
    const card = page.getByTestId('code-references');
    await card.getByText('github.com/acme/shop src/checkout.ts:12').waitFor({ timeout: 60_000 });
    expect(await card.locator('pre').textContent()).toBe("const on = client.isEnabled('e2e-used', user);");
    await page.goto(`${suite.stack.adminUrl}/flags/e2e-unused`);
    await page.getByTestId('code-references').getByText('it may be removable', { exact: false }).waitFor({
      timeout: 60_000,
    });
    expect(real(problems)).toEqual([]);
  }, 300_000);
});
