import { startTestStack, type TestStack } from '@switchyard/testkit';
import { startReceiver, until } from '../integrations/test-receivers';
import { startSmtpServer } from '../integrations/test-smtp';
import { evaluation } from './test-evaluations';

const DAY = 24 * 3600_000;

interface Lifecycle {
  state: string;
  variation: string | null;
  lastEvaluatedAt: string | null;
  computedAt: string | null;
  removable: boolean | null;
}

describe('flag lifecycle and the flag-debt digest', () => {
  let stack: TestStack;
  const slackReady = startReceiver();
  const smtpReady = startSmtpServer();
  let slack: Awaited<typeof slackReady>;
  let smtp: Awaited<typeof smtpReady>;
  const now = Date.now();
  const lifecycle = async (key: string) =>
    (
      await stack.gqlOk<{ flag: { lifecycle: Lifecycle } }>(
        `{ flag(key: "${key}") { lifecycle { state variation lastEvaluatedAt computedAt removable } } }`,
      )
    ).flag.lifecycle;

  beforeAll(async () => {
    [slack, smtp] = await Promise.all([slackReady, smtpReady]);
    stack = await startTestStack({
      subgraphs: ['flags', 'experiments', 'analytics'],
      env: {
        FLAG_STALE_DAYS: '10',
        FLAG_ROLLED_OUT_DAYS: '3',
        FLAG_LIFECYCLE_INTERVAL_MS: '300',
        INTEGRATION_ALLOWED_NETWORKS: '127.0.0.1/32',
        INTEGRATION_POLL_MS: '100',
        SMTP_URL: smtp.url,
        CONSOLE_URL: 'https://console.switchyard.test',
      },
    });
    for (const key of ['lc-new', 'lc-stale', 'lc-never', 'lc-rolled', 'lc-live', 'lc-archived'])
      await stack.gqlOk(`mutation { createFlag(input: { key: "${key}", name: "${key}" }) { key } }`);
    await stack.gqlOk('mutation { archiveFlag(key: "lc-archived", expectedVersion: 1) { key } }');
    // Only lc-new is younger than the windows.
    await stack.db.query(
      `UPDATE flags.flags SET created_at = now() - interval '20 days' WHERE key <> 'lc-new'`,
    );
    const events = [evaluation('stale-1', 'lc-stale', 'on', now - 15 * DAY)];
    for (let d = 0; d < 5; d++) {
      events.push(evaluation(`rolled-${d}`, 'lc-rolled', 'on', now - d * DAY - 60_000));
      events.push(evaluation(`live-on-${d}`, 'lc-live', 'on', now - d * DAY - 60_000));
      events.push(evaluation(`live-off-${d}`, 'lc-live', 'off', now - d * DAY - 60_000));
    }
    await stack.gqlOk('mutation($e: [EventInput!]!) { trackEvents(events: $e) { accepted } }', { e: events });
    // The code still uses lc-stale; nothing references lc-never or lc-rolled.
    await stack.gqlOk(
      `mutation { uploadCodeReferences(repository: "github.com/acme/shop", commit: "abc123",
        references: [{ flagKey: "lc-stale", path: "src/app.ts", line: 3, context: "client.boolVariation('lc-stale')" }]) { count } }`,
    );
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    await slack?.close();
    await smtp?.close();
  });

  it('derives each flag state from its evaluations, and filters and counts by it', async () => {
    await until('the lifecycle job to see the evaluations', async () =>
      (await lifecycle('lc-rolled')).state === 'ROLLED_OUT' ? true : undefined,
    );
    const states = Object.fromEntries(
      await Promise.all(
        ['lc-new', 'lc-stale', 'lc-never', 'lc-rolled', 'lc-live', 'lc-archived'].map(
          async (k) => [k, await lifecycle(k)] as const,
        ),
      ),
    );
    expect(Object.fromEntries(Object.entries(states).map(([k, v]) => [k, v.state]))).toEqual({
      'lc-new': 'NEW',
      'lc-stale': 'STALE',
      'lc-never': 'STALE',
      'lc-rolled': 'ROLLED_OUT',
      'lc-live': 'LIVE',
      'lc-archived': 'ARCHIVED',
    });
    expect(states['lc-rolled']!.variation).toBe('on');
    expect(new Date(states['lc-stale']!.lastEvaluatedAt!).getTime()).toBe(now - 15 * DAY);
    expect(states['lc-never']!.lastEvaluatedAt).toBeNull();
    // Removable: no uploaded repository references it.
    expect(states['lc-never']!.removable).toBe(true);
    expect(states['lc-stale']!.removable).toBe(false);

    const filtered = await stack.gqlOk<{ flags: { nodes: { key: string }[]; totalCount: number } }>(
      '{ flags(filter: { lifecycle: [STALE, ROLLED_OUT] }) { nodes { key } totalCount } }',
    );
    expect(filtered.flags.nodes.map((n) => n.key).sort()).toEqual(['lc-never', 'lc-rolled', 'lc-stale']);
    const { flagLifecycleCounts } = await stack.gqlOk<{
      flagLifecycleCounts: { state: string; count: number }[];
    }>('{ flagLifecycleCounts { state count } }');
    expect(flagLifecycleCounts).toEqual([
      { state: 'ARCHIVED', count: 1 },
      { state: 'LIVE', count: 1 },
      { state: 'NEW', count: 1 },
      { state: 'ROLLED_OUT', count: 1 },
      { state: 'STALE', count: 2 },
    ]);

    // Restoring is seen at once, before the next run.
    await stack.gqlOk('mutation { restoreFlag(key: "lc-archived", expectedVersion: 2) { key } }');
    expect((await lifecycle('lc-archived')).state).not.toBe('ARCHIVED');
  });

  it('sends the weekly digest of stale and rolled-out flags to Slack and email, once per interval', async () => {
    await stack.gqlOk(
      'mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { id } }',
      {
        input: { kind: 'SLACK', name: '#flag-debt', target: `${slack.url}/T/B/DEBT`, changeKinds: ['FLAG'] },
      },
    );
    await stack.gqlOk(
      'mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { id } }',
      {
        input: { kind: 'EMAIL', name: 'owners', target: 'owners@switchyard.test' },
      },
    );
    const before = slack.requests.length;
    // The digest is due now (as a week after the last one would be).
    await stack.db.query('UPDATE flags.lifecycle_schedule SET next_run_at = now()');
    const message = await until('the digest in Slack', async () =>
      slack.requests
        .slice(before)
        .map((r) => JSON.parse(r.body) as { text: string; blocks: { text?: { text: string } }[] })
        .find((b) => b.text.includes('Flag debt')),
    );
    // lc-archived, restored above and never evaluated, is stale now too.
    expect(message.text).toBe(':broom: Flag debt: 3 stale, 1 rolled out');
    const list = message.blocks[1]!.text!.text;
    expect(list).toContain('*Stale (no evaluation for 10 days):*');
    // Each flag links its page (the default project's: no ?project=).
    const flag = (key: string) => `<https://console.switchyard.test/flags/${key}|${key}>`;
    expect(list).toContain(`• ${flag('lc-never')}: last evaluated never (no code references: removable)`);
    expect(list).toContain(`• ${flag('lc-archived')}: last evaluated never (no code references: removable)`);
    expect(list).toMatch(
      /• <https:\/\/console\.switchyard\.test\/flags\/lc-stale\|lc-stale>: last evaluated \d{4}-\d\d-\d\d\n/,
    );
    expect(list).toContain('*Rolled out (one variation for 3 days):*');
    expect(list).toMatch(
      /• <[^|>]+\/flags\/lc-rolled\|lc-rolled>: everyone gets on since \d{4}-\d\d-\d\d \(no code references: removable\)/,
    );

    const mail = await until('the digest email', async () =>
      smtp.mails.find((m) => m.subject.includes('Flag debt')),
    );
    expect(mail.to).toEqual(['owners@switchyard.test']);
    expect(mail.subject).toBe('[Switchyard] Flag debt: 3 stale, 1 rolled out');
    expect(mail.decoded).toContain('- lc-never: last evaluated never (no code references: removable)');
    expect(mail.decoded).toContain(
      'Open it: https://console.switchyard.test/flags?lifecycle=STALE,ROLLED_OUT',
    );

    // Further runs within the interval send nothing more.
    await new Promise((r) => setTimeout(r, 1500));
    const digests = await stack.db.query(
      "SELECT count(*)::int AS n FROM platform.audit_log WHERE action = 'flag.digest'",
    );
    expect(digests[0]!.n).toBe(1);
  });
});
