import { startTestStack, type TestStack } from '@switchyard/testkit';
import { deadUrl, startReceiver, until } from './test-receivers';
import { startSmtpServer } from './test-smtp';

type Block = {
  type: string;
  text?: { type: string; text: string };
  elements?: { type: string; url?: string; text?: unknown }[];
};
type SlackBody = { text: string; blocks: Block[] };

const CREATE =
  'mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { id target hasSecret } }';

describe('Slack and email notifications', () => {
  let stack: TestStack;
  const slackReady = startReceiver();
  const smtpReady = startSmtpServer();
  let slack: Awaited<typeof slackReady>;
  let smtp: Awaited<typeof smtpReady>;

  beforeAll(async () => {
    [slack, smtp] = await Promise.all([slackReady, smtpReady]);
    stack = await startTestStack({
      subgraphs: ['flags'],
      env: {
        INTEGRATION_ALLOWED_NETWORKS: '127.0.0.1/32',
        INTEGRATION_TIMEOUT_MS: '2000',
        INTEGRATION_RETRY_BASE_MS: '100',
        INTEGRATION_RETRY_MAX_MS: '300',
        INTEGRATION_DISABLE_AFTER_MS: '1500',
        INTEGRATION_POLL_MS: '100',
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Switchyard <noreply@switchyard.test>',
        CONSOLE_URL: 'https://console.switchyard.test',
      },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await slack?.close();
    await smtp?.close();
  });

  const slackBodies = () => slack.requests.map((r) => JSON.parse(r.body) as SlackBody);

  it('posts a Block Kit message with the diff when a flag changes in production', async () => {
    const created = await stack.gqlOk<{
      createIntegration: { id: string; target: string; hasSecret: boolean };
    }>(CREATE, {
      input: {
        kind: 'SLACK',
        name: '#releases',
        target: `${slack.url}/T000/B000/XXXXSECRETXXXX`,
        changeKinds: ['FLAG', 'INTEGRATION'],
        environments: ['production'],
      },
    });
    // The incoming-webhook URL is a credential: only its start is ever shown.
    expect(created.createIntegration.target).not.toContain('XXXXSECRETXXXX');
    expect(created.createIntegration.hasSecret).toBe(false);

    await stack.gqlOk('mutation { createFlag(input: { key: "slack-flag", name: "Slack flag" }) { key } }');
    await stack.gqlOk(
      'mutation { setFlagEnabled(key: "slack-flag", environment: "staging", enabled: true, expectedVersion: 1) { key } }',
    );
    await stack.gqlOk(
      'mutation { setFlagEnabled(key: "slack-flag", environment: "production", enabled: true, expectedVersion: 2) { key } }',
    );

    const message = await until('the production change posted to Slack', async () =>
      slackBodies().find((b) => b.text.includes('slack-flag') && b.text.includes('production')),
    );
    expect(slackBodies().some((b) => b.text.includes('staging'))).toBe(false);
    expect(message.blocks.map((b) => b.type)).toEqual(['section', 'section', 'context', 'actions']);
    expect(message.blocks[0]!.text).toEqual({
      type: 'mrkdwn',
      text: expect.stringContaining('`slack-flag` enabled in *production*'),
    });
    expect(message.blocks[1]!.text!.text).toContain('*Changes*');
    expect(message.blocks[1]!.text!.text).toContain('• `enabled`: false → true');
    expect(message.blocks[3]!.elements![0]).toMatchObject({
      type: 'button',
      url: 'https://console.switchyard.test/flags/slack-flag?env=production',
    });
    expect(slack.requests.at(-1)!.headers['content-type']).toBe('application/json');
  });

  it('emails the recipients, and Slack, when a webhook is disabled after failing', async () => {
    await stack.gqlOk(CREATE, {
      input: { kind: 'EMAIL', name: 'on-call', target: 'oncall@switchyard.test, lead@switchyard.test' },
    });
    await stack.gqlOk(CREATE, {
      input: {
        kind: 'WEBHOOK',
        name: 'partner hook',
        target: await deadUrl(),
        secret: 'partner-secret-0123456789',
        changeKinds: ['FLAG'],
      },
    });
    await stack.gqlOk('mutation { createFlag(input: { key: "mail-flag", name: "Mail flag" }) { key } }');

    const mail = await until('the disabled-webhook email', async () =>
      smtp.mails.find((m) => m.subject.includes('partner hook')),
    );
    expect(mail.subject).toBe('[Switchyard] Integration "partner hook" was disabled after failing');
    expect(mail.from).toBe('noreply@switchyard.test');
    expect(mail.to.sort()).toEqual(['lead@switchyard.test', 'oncall@switchyard.test']);
    expect(mail.raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(mail.raw).toMatch(/Content-Type: text\/plain/);
    expect(mail.raw).toMatch(/Content-Type: text\/html/);
    expect(mail.decoded).toContain(`Open it: https://console.switchyard.test/integrations`);
    expect(mail.decoded).toContain(`<a href="https://console.switchyard.test/integrations">`);
    // Only what a person must act on is emailed: the flag changes were not.
    expect(smtp.mails.filter((m) => m.subject.includes('flag'))).toEqual([]);

    const notice = await until('the disabling posted to Slack', async () =>
      slackBodies().find((b) => b.text.includes('partner hook')),
    );
    expect(notice.blocks[0]!.text!.text).toMatch(
      /:warning: Integration \*partner hook\* was disabled after failing: failing for \d+ s/,
    );
  });

  it('test-sends an email and a Slack message', async () => {
    const list = await stack.gqlOk<{ integrations: { id: string; kind: string }[] }>(
      '{ integrations { id kind } }',
    );
    for (const kind of ['EMAIL', 'SLACK']) {
      const { id } = list.integrations.find((i) => i.kind === kind)!;
      const res = await stack.gqlOk<{ testIntegration: { succeeded: boolean; error: string | null } }>(
        'mutation($id: ID!) { testIntegration(id: $id) { succeeded error } }',
        { id },
      );
      expect(res.testIntegration).toEqual({ succeeded: true, error: null });
    }
    expect(smtp.mails.at(-1)!.subject).toBe('[Switchyard] A test email from Switchyard');
    expect(slackBodies().at(-1)!.text).toContain('A test message from Switchyard');
  });

  it("posts a channel limited to checkout checkout's changes only, naming the project and linking into it", async () => {
    const channel = await startReceiver();
    try {
      await stack.gqlOk(
        'mutation { createProject(input: { key: "checkout", name: "Checkout", environments: [{ key: "production" }] }) { key } }',
      );
      await stack.gqlOk(CREATE, {
        input: {
          kind: 'SLACK',
          name: '#checkout',
          target: `${channel.url}/T/B/CHECKOUT`,
          projects: ['checkout'],
        },
      });
      for (const project of ['default', 'checkout']) {
        await stack.gqlOk(
          `mutation { createFlag(input: { key: "cart", name: "Cart", project: "${project}" }) { key } }`,
        );
        await stack.gqlOk(
          `mutation { setFlagEnabled(key: "cart", project: "${project}", environment: "production", enabled: true, expectedVersion: 1) { key } }`,
        );
      }
      const bodies = () => channel.requests.map((r) => JSON.parse(r.body) as SlackBody);
      const enabled = await until("checkout's change posted", async () =>
        bodies().find((b) => b.text.includes('enabled')),
      );
      expect(enabled.blocks[0]!.text!.text).toContain('`cart` enabled in *production* of project *checkout*');
      expect(enabled.blocks.at(-1)!.elements![0]).toMatchObject({
        url: 'https://console.switchyard.test/flags/cart?env=production&project=checkout',
      });
      // In seq order: the default project's changes came first and were passed over.
      expect(bodies().map((b) => b.text)).toEqual([
        expect.stringMatching(/^flag cart created in project checkout by /),
        expect.stringMatching(/^flag cart enabled in production of project checkout by /),
      ]);
    } finally {
      await channel.close();
    }
  });
});
