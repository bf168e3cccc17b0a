import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { screenshot } from './browser';
import { demoConsoleSuite, expectAttribute, real, signInAt, waitFor } from './console-helpers';

// Integrations in the console (issue 17), in a real browser against the real stack and a webhook
// receiver started here: an admin creates a signed webhook, sends a test, sees a flag change
// delivered in the log, redelivers it, and disables the integration; a webhook limited to one project
// (issue 19) hears that project's changes only, each naming it and linking into it.
describe('admin console, integrations', () => {
  const suite = demoConsoleSuite({
    navigationTimeoutMs: 120_000,
    env: { INTEGRATION_ALLOWED_NETWORKS: '127.0.0.1/32', INTEGRATION_POLL_MS: '100' },
  });
  const SECRET = 'e2e-signing-secret-0123456789';
  const received: { path: string; seq: string; signature: string; body: string }[] = [];
  let receiver: Server;
  let port = 0;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          path: req.url ?? '',
          seq: String(req.headers['x-switchyard-seq'] ?? ''),
          signature: String(req.headers['x-switchyard-signature'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const signIn = (page: Page, path: string) =>
    signInAt(page, `${suite.stack.adminUrl}`, path, suite.stack.admin.email, suite.stack.admin.password);
  const validSignature = (r: { signature: string; body: string }) => {
    const { t, v1 } = Object.fromEntries(r.signature.split(',').map((p) => p.split('='))) as Record<
      string,
      string
    >;
    return createHmac('sha256', SECRET).update(`${t}.${r.body}`).digest('hex') === v1;
  };

  it('creates a signed webhook, tests it, watches a change delivered, redelivers it and disables it', async () => {
    const { page, problems } = await suite.newPage();
    await signIn(page, '/integrations');
    await page.getByRole('button', { name: 'New integration' }).click();
    const form = page.getByRole('form', { name: 'New integration' });
    await form.getByRole('textbox', { name: 'Name' }).fill('E2E hook');
    await form.getByRole('textbox', { name: 'Endpoint URL' }).fill(`http://127.0.0.1:${port}/hook`);
    await form.getByLabel('Signing secret').fill(SECRET);
    await form.getByRole('checkbox', { name: 'Flags' }).check();
    await form.getByRole('button', { name: 'Create integration' }).click();

    const card = page.getByRole('region', { name: 'Integration E2E hook' });
    await card.waitFor({ timeout: 30_000 });
    expect(await card.textContent()).toContain('Flags in every environment');
    await card.getByRole('button', { name: 'Send a test' }).click();
    const result = card.getByTestId('test-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toMatch(/^Test delivered \(200, \d+ ms\)\.$/);

    // A flag change reaches the receiver, signed, and shows in the log.
    await suite.stack.gqlOk('mutation { createFlag(input: { key: "e2e-hooked", name: "Hooked" }) { key } }');
    await waitFor(async () => received.some((r) => r.body.includes('"e2e-hooked"')), 30_000);
    const delivered = received.find((r) => r.body.includes('"e2e-hooked"'))!;
    expect(validSignature(delivered)).toBe(true);
    const row = card.getByTestId('delivery').filter({ hasText: `#${delivered.seq}` });
    await expectAttribute(row.first(), 'data-succeeded', 'true', 30_000);

    // Redelivery sends the same change again, logged as manual.
    await row.first().getByRole('button', { name: 'Redeliver' }).click();
    await waitFor(async () => received.filter((r) => r.seq === delivered.seq).length === 2, 30_000);
    await card.getByTestId('delivery').filter({ hasText: '(manual)' }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'console-integrations');

    await card.getByRole('button', { name: 'Disable' }).click();
    await expectAttribute(card, 'data-enabled', 'false', 30_000);
    const { integrations } = await suite.stack.gqlOk<{ integrations: { name: string; enabled: boolean }[] }>(
      '{ integrations { name enabled } }',
    );
    expect(integrations).toEqual([{ name: 'E2E hook', enabled: false }]);

    // A Slack channel with the Slack app's signing secret: the slash command's URL, and who runs it as whom.
    await page.getByRole('button', { name: 'New integration' }).click();
    const slack = page.getByRole('form', { name: 'New integration' });
    await slack.getByRole('combobox', { name: 'Kind' }).selectOption('SLACK');
    await slack.getByRole('textbox', { name: 'Name' }).fill('E2E channel');
    await slack.getByRole('textbox', { name: 'Incoming-webhook URL' }).fill(`http://127.0.0.1:${port}/slack`);
    await slack.getByLabel('Slack app signing secret (optional, for /switchyard)').fill(SECRET);
    await slack.getByRole('button', { name: 'Create integration' }).click();
    const channel = page.getByRole('region', { name: 'Integration E2E channel' });
    const url = channel.getByTestId('slash-command-url');
    await url.waitFor({ timeout: 30_000 });
    expect(await url.textContent()).toMatch(/\/slack\/commands\/[0-9a-f-]{36}$/);
    const linkForm = page.getByRole('form', { name: 'Link a Slack user' });
    await linkForm.getByRole('textbox', { name: 'Slack member id' }).fill('U0ADMIN42');
    await linkForm.getByRole('button', { name: 'Link' }).click();
    const linked = page.getByRole('list', { name: 'Linked Slack users' });
    await linked.waitFor({ timeout: 30_000 });
    expect(await linked.textContent()).toContain('U0ADMIN42 acts as');
    expect(real(problems)).toEqual([]);
  }, 300_000);

  it('limits a webhook to a project, shows it, and widens it again', async () => {
    await suite.stack.gqlOk(
      'mutation { createProject(input: { key: "checkout", name: "Checkout", environments: [{ key: "production" }] }) { key } }',
    );
    const { page, problems } = await suite.newPage();
    await signIn(page, '/integrations');
    await page.getByRole('button', { name: 'New integration' }).click();
    const form = page.getByRole('form', { name: 'New integration' });
    await form.getByRole('textbox', { name: 'Name' }).fill('E2E checkout hook');
    await form.getByRole('textbox', { name: 'Endpoint URL' }).fill(`http://127.0.0.1:${port}/checkout`);
    await form.getByLabel('Signing secret').fill(SECRET);
    await form
      .getByRole('group', { name: /^Projects/ })
      .getByRole('checkbox', { name: 'Checkout' })
      .check();
    await form.getByRole('button', { name: 'Create integration' }).click();
    const card = page.getByRole('region', { name: 'Integration E2E checkout hook' });
    await card.waitFor({ timeout: 30_000 });
    expect(await card.getByTestId('integration-projects').textContent()).toBe('only Checkout');

    // The default project's flag first, then checkout's: in seq order, so the first is passed over.
    for (const project of ['default', 'checkout'])
      await suite.stack.gqlOk(
        `mutation { createFlag(input: { key: "e2e-scoped", name: "Scoped", project: "${project}" }) { key } }`,
      );
    const toCheckout = () => received.filter((r) => r.path === '/checkout').map((r) => JSON.parse(r.body));
    await waitFor(async () => toCheckout().some((b) => b.resourceKey === 'e2e-scoped'), 30_000);
    expect(toCheckout().map((b) => [b.resourceKey, b.project, b.link])).toEqual([
      ['e2e-scoped', 'checkout', expect.stringMatching(/\/flags\/e2e-scoped\?project=checkout$/)],
    ]);

    // Edited back to every project.
    await card.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit E2E checkout hook' });
    await edit
      .getByRole('group', { name: /^Projects/ })
      .getByRole('checkbox', { name: 'Checkout' })
      .uncheck();
    await edit.getByRole('button', { name: 'Save integration' }).click();
    await waitFor(
      async () => (await card.getByTestId('integration-projects').textContent()) === 'every project',
      30_000,
    );
    const { integrations } = await suite.stack.gqlOk<{
      integrations: { name: string; projects: string[]; version: number }[];
    }>('{ integrations { name projects version } }');
    expect(integrations.find((i) => i.name === 'E2E checkout hook')).toEqual({
      name: 'E2E checkout hook',
      projects: [],
      version: 2,
    });
    expect(real(problems)).toEqual([]);
  }, 300_000);
});
