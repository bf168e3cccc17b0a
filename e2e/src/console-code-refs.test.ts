import { accessibilityViolations } from './accessibility';
import { demoConsoleSuite, real, signInAt } from './console-helpers';

// Code references on the flag page (issue 19): where an uploaded repository uses the flag, with context;
// a flag no scanned code uses is marked as possibly removable.
describe('admin console, code references', () => {
  // The lifecycle job runs often here, so the list shows states derived after the flags were made.
  const suite = demoConsoleSuite({
    navigationTimeoutMs: 120_000,
    env: { FLAG_LIFECYCLE_INTERVAL_MS: '500' },
  });

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

  it('lists each flag with its lifecycle, marks unreferenced ones removable, and filters the flag debt', async () => {
    // Made stale: older than the stale window and never evaluated.
    await suite.stack.gqlOk(
      'mutation { createFlag(input: { key: "e2e-forgotten", name: "Forgotten" }) { key } }',
    );
    await suite.stack.db.query(
      "UPDATE flags.flags SET created_at = now() - interval '60 days' WHERE key = 'e2e-forgotten'",
    );
    type Node = { key: string; lifecycle: { state: string; removable: boolean | null } };
    const debt = async () =>
      (
        await suite.stack.gqlOk<{ flags: { nodes: Node[] } }>(
          '{ flags(first: 100, filter: { lifecycle: [STALE, ROLLED_OUT] }) { nodes { key lifecycle { state removable } } } }',
        )
      ).flags.nodes;
    const deadline = Date.now() + 60_000;
    while (!(await debt()).some((n) => n.key === 'e2e-forgotten') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 300));
    const expected = await debt();
    expect(expected.find((n) => n.key === 'e2e-forgotten')).toEqual({
      key: 'e2e-forgotten',
      lifecycle: { state: 'STALE', removable: true },
    });

    const { page, problems } = await suite.newPage();
    await signInAt(
      page,
      `${suite.stack.adminUrl}`,
      '/flags',
      suite.stack.admin.email,
      suite.stack.admin.password,
    );
    // The digest's link opens the list filtered to the flag debt.
    await page.goto(`${suite.stack.adminUrl}/flags?lifecycle=STALE,ROLLED_OUT`);
    const row = page.locator('[data-testid="flag-row"][data-flag="e2e-forgotten"]');
    await row.waitFor({ timeout: 60_000 });
    expect(await page.getByRole('combobox', { name: 'Lifecycle' }).inputValue()).toBe('STALE,ROLLED_OUT');
    const shown = await page
      .locator('[data-testid="flag-row"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-flag')));
    expect(shown.sort()).toEqual(expected.map((n) => n.key).sort());
    expect(await row.getByTestId('flag-lifecycle').getAttribute('data-state')).toBe('STALE');
    expect(await row.getByTestId('flag-lifecycle').textContent()).toContain('No code references: removable');
    expect(await accessibilityViolations(page)).toEqual([]);

    // Any lifecycle again: e2e-used (referenced, new) is listed without the removable mark.
    await page.getByRole('combobox', { name: 'Lifecycle' }).selectOption('');
    const used = page.locator('[data-testid="flag-row"][data-flag="e2e-used"]');
    await used.waitFor({ timeout: 30_000 });
    expect(await used.getByTestId('flag-lifecycle').getAttribute('data-state')).toBe('NEW');
    expect(await used.getByTestId('flag-lifecycle').textContent()).not.toContain('removable');
    expect(real(problems)).toEqual([]);
  }, 300_000);
});
