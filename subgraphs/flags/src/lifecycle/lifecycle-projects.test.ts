import { startTestStack, type TestStack } from '@switchyard/testkit';
import { startReceiver, until } from '../integrations/test-receivers';
import { evaluation } from './test-evaluations';

// Lifecycle per project (issue 19): the job derives every project's flags from that project's own
// evaluations (a key names a flag within its project), the counts and filters take the project, and the
// weekly digest is one change per project with debt.

const DAY = 24 * 3600_000;

describe('flag lifecycle per project', () => {
  let stack: TestStack;
  const slackReady = startReceiver();
  let slack: Awaited<typeof slackReady>;
  const now = Date.now();
  const state = async (key: string, project: string) =>
    (
      await stack.gqlOk<{ flag: { lifecycle: { state: string; variation: string | null } } }>(
        `{ flag(key: "${key}", project: "${project}") { lifecycle { state variation } } }`,
      )
    ).flag.lifecycle;

  beforeAll(async () => {
    slack = await slackReady;
    stack = await startTestStack({
      subgraphs: ['flags', 'experiments', 'analytics'],
      env: {
        FLAG_STALE_DAYS: '10',
        FLAG_ROLLED_OUT_DAYS: '3',
        FLAG_LIFECYCLE_INTERVAL_MS: '300',
        INTEGRATION_ALLOWED_NETWORKS: '127.0.0.1/32',
        INTEGRATION_POLL_MS: '100',
        CONSOLE_URL: 'https://console.switchyard.test',
      },
    });
    await stack.gqlOk(
      'mutation { createProject(input: { key: "mobile", name: "Mobile", environments: [{ key: "production" }] }) { key } }',
    );
    for (const [key, project] of [
      ['pay', 'default'],
      ['pay', 'mobile'],
      ['menu', 'mobile'],
    ] as const)
      await stack.gqlOk(
        `mutation { createFlag(input: { key: "${key}", name: "${key}", project: "${project}" }) { key } }`,
      );
    await stack.db.query(`UPDATE flags.flags SET created_at = now() - interval '20 days'`);
    // Mobile's key reports mobile's evaluations: its pay served "on" to everyone these five days.
    const { createApiKey } = await stack.gqlOk<{ createApiKey: { secret: string } }>(
      `mutation { createApiKey(input: { name: "mobile", kind: SERVER, environment: "production", project: "mobile" }) { secret } }`,
    );
    const events = Array.from({ length: 5 }, (_, d) =>
      evaluation(`pay-${d}`, 'pay', 'on', now - d * DAY - 60_000),
    );
    await stack.gqlOk(
      'mutation($e: [EventInput!]!) { trackEvents(events: $e) { accepted } }',
      { e: events },
      {
        token: createApiKey.secret,
      },
    );
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    await slack?.close();
  });

  it("derives each project's flags from its own evaluations", async () => {
    await until('the lifecycle job to see mobile', async () =>
      (await state('pay', 'mobile')).state === 'ROLLED_OUT' ? true : undefined,
    );
    expect(await state('pay', 'mobile')).toEqual({ state: 'ROLLED_OUT', variation: 'on' });
    // The default project's pay was never evaluated: mobile's evaluations are not its.
    expect(await state('pay', 'default')).toEqual({ state: 'STALE', variation: null });
    expect(await state('menu', 'mobile')).toEqual({ state: 'STALE', variation: null });
    expect(
      await stack.db.query(
        'SELECT project, flag_key, state FROM flags.flag_lifecycle ORDER BY project, flag_key',
      ),
    ).toEqual([
      { project: 'default', flag_key: 'pay', state: 'STALE' },
      { project: 'mobile', flag_key: 'menu', state: 'STALE' },
      { project: 'mobile', flag_key: 'pay', state: 'ROLLED_OUT' },
    ]);

    const data = await stack.gqlOk<{
      counts: { state: string; count: number }[];
      defaults: { state: string; count: number }[];
      flags: { nodes: { key: string }[] };
    }>(`{
      counts: flagLifecycleCounts(project: "mobile") { state count }
      defaults: flagLifecycleCounts { state count }
      flags(project: "mobile", filter: { lifecycle: [ROLLED_OUT] }) { nodes { key } }
    }`);
    expect(data.counts).toEqual([
      { state: 'ROLLED_OUT', count: 1 },
      { state: 'STALE', count: 1 },
    ]);
    expect(data.defaults).toEqual([{ state: 'STALE', count: 1 }]);
    expect(data.flags.nodes).toEqual([{ key: 'pay' }]);

    const unknown = await stack.gql('{ flagLifecycleCounts(project: "nope") { state } }');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(unknown.errors?.[0]?.message).toContain('nope');
  });

  it('records one digest per project with debt, each linking its own flags', async () => {
    await stack.gqlOk(
      'mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { id } }',
      {
        input: { kind: 'SLACK', name: '#flag-debt', target: `${slack.url}/T/B/DEBT`, changeKinds: ['FLAG'] },
      },
    );
    await stack.db.query('UPDATE flags.lifecycle_schedule SET next_run_at = now()');
    const digests = await until('both digests', async () => {
      const rows: { project: string; resource_key: string; after: Record<string, unknown> }[] =
        await stack.db.query(
          `SELECT project, resource_key, after FROM platform.audit_log WHERE action = 'flag.digest' ORDER BY project`,
        );
      return rows.length === 2 ? rows : undefined;
    });
    expect(digests.map((d) => [d.project, d.after.staleCount, d.after.rolledOutCount])).toEqual([
      ['default', 1, 0],
      ['mobile', 1, 1],
    ]);
    const week = digests[0]!.resource_key;
    expect(digests[1]!.resource_key).toBe(`mobile/${week}`);
    expect((digests[1]!.after.rolledOut as { key: string }[]).map((f) => f.key)).toEqual(['pay']);

    type Slack = { text: string; blocks: { text?: { text: string }; elements?: { url?: string }[] }[] };
    const messages = await until('both digests in Slack', async () => {
      const bodies = slack.requests
        .map((r) => JSON.parse(r.body) as Slack)
        .filter((b) => b.text.includes('Flag debt'));
      return bodies.length === 2 ? bodies : undefined;
    });
    const mobile = messages.find((m) => m.text.includes('in project mobile'))!;
    const defaults = messages.find((m) => m !== mobile)!;
    const CONSOLE = 'https://console.switchyard.test';
    // Mobile's flags open in mobile; the default project's as before projects.
    expect(mobile.blocks[1]!.text!.text).toContain(
      `• <${CONSOLE}/flags/pay?project=mobile|pay>: everyone gets on`,
    );
    expect(mobile.blocks[1]!.text!.text).toContain(
      `• <${CONSOLE}/flags/menu?project=mobile|menu>: last evaluated never`,
    );
    expect(mobile.blocks.at(-1)!.elements![0]!.url).toBe(
      `${CONSOLE}/flags?lifecycle=STALE,ROLLED_OUT&project=mobile`,
    );
    expect(defaults.blocks[1]!.text!.text).toContain(`• <${CONSOLE}/flags/pay|pay>: last evaluated never`);
    expect(defaults.blocks.at(-1)!.elements![0]!.url).toBe(`${CONSOLE}/flags?lifecycle=STALE,ROLLED_OUT`);
  });
});
