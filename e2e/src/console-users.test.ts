import { screenshot } from './browser';
import { demoConsoleSuite, real, signInAt } from './console-helpers';

// Governance in the console (issue 17), in a real browser against the real stack: a person changes
// their own password on the account page; an admin resets another user's password (shown once) and
// deletes a user.
describe('admin console, users and passwords', () => {
  const suite = demoConsoleSuite();

  const login = (email: string, password: string) =>
    suite.stack.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', {
      e: email,
      p: password,
    });

  it('changes the signed-in editor’s own password on the account page', async () => {
    const editor = await suite.stack.createUser('editor');
    const { page, problems } = await suite.newPage();
    await signInAt(page, `${suite.stack.adminUrl}`, '/flags', editor.email, editor.password);
    await page.getByRole('link', { name: editor.email }).click();
    await page.waitForURL((url) => url.pathname === '/account', { timeout: 60_000 });
    const form = page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill('not-the-password');
    await form.getByLabel('New password (at least 10 characters)').fill('brand-new-password-1');
    await form.getByLabel('New password again').fill('brand-new-password-1');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText('is not your current password').waitFor({ timeout: 30_000 });
    await form.getByLabel('Current password').fill(editor.password);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText('Password changed.').waitFor({ timeout: 30_000 });
    expect((await login(editor.email, 'brand-new-password-1')).errors).toBeUndefined();
    expect((await login(editor.email, editor.password)).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect(real(problems)).toEqual([]);
  }, 300_000);

  it('resets a password, shown once, and deletes a user', async () => {
    const target = await suite.stack.createUser('viewer');
    const { page, problems } = await suite.newPage();
    await signInAt(
      page,
      `${suite.stack.adminUrl}`,
      '/users',
      suite.stack.admin.email,
      suite.stack.admin.password,
    );
    const row = page.getByRole('row').filter({ hasText: target.email });
    await row.getByRole('button', { name: 'Reset password' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reset password' }).click();
    const shown = row.getByTestId('temporary-password');
    await shown.waitFor({ timeout: 30_000 });
    const temporary = (await shown.locator('code').textContent()) ?? '';
    expect(temporary.length).toBeGreaterThanOrEqual(16);
    expect((await login(target.email, temporary)).errors).toBeUndefined();
    await screenshot(page, 'console-users-reset');

    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete user' }).click();
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    expect((await login(target.email, temporary)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(real(problems)).toEqual([]);
  }, 300_000);
});
