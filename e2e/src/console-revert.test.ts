import type { Page } from 'playwright-core';
import { screenshot } from './browser';
import { demoConsoleSuite, expectText, real, signInAt } from './console-helpers';

// The audit log's "Revert to this" (issue 17) in a real browser against the real stack: it asks
// first, restores the flag through revertFlag, and where production requires approval proposes the revert instead.
describe('admin console, reverting from the audit log', () => {
  const suite = demoConsoleSuite();

  const signIn = (page: Page, path: string) =>
    signInAt(page, `${suite.stack.adminUrl}`, path, suite.stack.admin.email, suite.stack.admin.password);
  const flag = async (key: string) =>
    (
      await suite.stack.gqlOk<{ flag: { name: string; version: number } }>(
        'query($key: String!) { flag(key: $key) { name version } }',
        { key },
      )
    ).flag;
  /** The audit row whose action is exactly `action`. */
  const row = (page: Page, action: string) =>
    page
      .getByTestId('audit-row')
      .filter({ has: page.locator('code', { hasText: new RegExp(`^${action}$`) }) });

  it('reverts a flag to an earlier entry after confirming, and proposes it where approval is required', async () => {
    await suite.stack.gqlOk('mutation { createFlag(input: { key: "e2e-revert", name: "First" }) { key } }');
    await suite.stack.gqlOk(
      'mutation { updateFlag(key: "e2e-revert", expectedVersion: 1, input: { name: "Second" }) { version } }',
    );
    await suite.stack.gqlOk(
      'mutation { setFlagEnabled(key: "e2e-revert", environment: "production", enabled: true, expectedVersion: 2) { version } }',
    );
    const { page, problems } = await suite.newPage();
    await signIn(page, '/audit');
    await page.getByRole('textbox', { name: 'Resource key' }).fill('e2e-revert');
    await expectText(page.getByTestId('audit-total'), '3 entries', 60_000);

    // Cancelling changes nothing.
    const created = row(page, 'flag.created');
    await created.getByRole('button', { name: 'Revert to this' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revert flag e2e-revert?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await flag('e2e-revert')).toEqual({ name: 'Second', version: 3 });

    await created.getByRole('button', { name: 'Revert to this' }).click();
    await dialog.getByRole('button', { name: 'Revert' }).click();
    await expectText(page.getByTestId('audit-total'), '4 entries', 30_000);
    expect(await flag('e2e-revert')).toEqual({ name: 'First', version: 4 });
    await expectText(row(page, 'flag.reverted').locator('td').nth(2), 'flag.reverted');

    // Production now requires approval: the revert of its targeting is proposed as a change request.
    await suite.stack.gqlOk(
      'mutation { setApprovalPolicy(environment: "production", requiredApprovals: 1) { version } }',
    );
    try {
      const enabled = row(page, 'flag.enabled');
      await enabled.getByRole('button', { name: 'Revert to this' }).click();
      await dialog.getByRole('button', { name: 'Revert' }).click();
      const proposed = enabled.getByTestId('revert-proposed');
      await proposed.waitFor({ timeout: 30_000 });
      expect(await proposed.textContent()).toContain('production requires approval');
      expect((await flag('e2e-revert')).version).toBe(4);
      const { changeRequests } = await suite.stack.gqlOk<{
        changeRequests: { kind: string; flagKey: string; status: string; writtenAgainstVersion: number }[];
      }>(
        '{ changeRequests(filter: { flagKey: "e2e-revert" }) { kind flagKey status writtenAgainstVersion } }',
      );
      expect(changeRequests).toEqual([
        { kind: 'TARGETING_REVERT', flagKey: 'e2e-revert', status: 'SUBMITTED', writtenAgainstVersion: 4 },
      ]);
      await screenshot(page, 'console-audit-revert-proposed');
    } finally {
      await suite.stack.gqlOk(
        'mutation { setApprovalPolicy(environment: "production", requiredApprovals: 0) { version } }',
      );
    }
    expect(real(problems)).toEqual([]);
  }, 300_000);
});
