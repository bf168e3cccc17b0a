import { createHmac } from 'node:crypto';
import { errorCodes, startTestStack, type TestStack, type TestUser } from '@switchyard/testkit';
import { startReceiver } from './test-receivers';

// The /switchyard slash command through the gateway's POST /slack/commands/<integration id>, as Slack
// sends it: a signed form body. Refused unsigned, mis-signed or old; run as the linked user with that
// user's role; a change request where the environment requires approval.
const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

describe('Slack slash command', () => {
  let stack: TestStack;
  const channel = startReceiver(() => 200);
  let integrationId = '';
  let editor: TestUser;
  let viewer: TestUser;

  beforeAll(async () => {
    const hook = await channel;
    stack = await startTestStack({
      subgraphs: ['flags'],
      env: { INTEGRATION_ALLOWED_NETWORKS: '127.0.0.1/32', CONSOLE_URL: 'https://console.example.com' },
    });
    const { createIntegration } = await stack.gqlOk<{
      createIntegration: { id: string; hasSecret: boolean };
    }>(`mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { id hasSecret } }`, {
      input: { kind: 'SLACK', name: 'ops channel', target: hook.url, secret: SIGNING_SECRET },
    });
    expect(createIntegration.hasSecret).toBe(true);
    integrationId = createIntegration.id;
    editor = await stack.createUser('editor');
    viewer = await stack.createUser('viewer');
    for (const [slackUserId, user] of [
      ['U0EDITOR', editor],
      ['U0VIEWER', viewer],
    ] as const) {
      await stack.gqlOk(
        'mutation($s: String!, $u: ID!) { linkSlackUser(slackUserId: $s, userId: $u) { slackUserId } }',
        {
          s: slackUserId,
          u: user.id,
        },
      );
    }
    await stack.gqlOk('mutation { createFlag(input: { key: "slacked", name: "Slacked" }) { key } }');
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await (await channel).close();
  });

  /** POSTs a slash command as Slack does, signed with `secret` at `at` (unix seconds). */
  async function command(
    text: string,
    slackUserId: string,
    opts: { secret?: string; at?: number; id?: string } = {},
  ): Promise<{ status: number; body: { response_type: string; text: string } }> {
    const body = new URLSearchParams({
      token: 'legacy-unused',
      team_id: 'T0001',
      user_id: slackUserId,
      user_name: 'someone',
      command: '/switchyard',
      text,
      response_url: 'https://hooks.slack.com/commands/1234/5678',
    }).toString();
    const timestamp = String(opts.at ?? Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', opts.secret ?? SIGNING_SECRET)
      .update(`v0:${timestamp}:${body}`)
      .digest('hex')}`;
    const res = await fetch(`${stack.gatewayUrl}/slack/commands/${opts.id ?? integrationId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': signature,
      },
      body,
    });
    return { status: res.status, body: (await res.json()) as { response_type: string; text: string } };
  }

  const enabledIn = async (environment: string) =>
    (
      await stack.gqlOk<{ flag: { version: number; environment: { enabled: boolean } } }>(
        'query($e: String!) { flag(key: "slacked") { version environment(key: $e) { enabled } } }',
        { e: environment },
      )
    ).flag;

  it('refuses a bad signature, an old timestamp and an unknown integration', async () => {
    expect(
      (await command('flag slacked on development', 'U0EDITOR', { secret: 'not-the-secret-000000' })).status,
    ).toBe(401);
    const old = await command('flag slacked on development', 'U0EDITOR', {
      at: Math.floor(Date.now() / 1000) - 600,
    });
    expect(old.status).toBe(401);
    expect(old.body.text).toContain('too old');
    expect(
      (
        await command('flag slacked on development', 'U0EDITOR', {
          id: '00000000-0000-4000-8000-000000000000',
        })
      ).status,
    ).toBe(401);
    expect((await enabledIn('development')).environment.enabled).toBe(false);
  });

  it('turns a flag on as the linked editor, announced in the channel and audited in their name', async () => {
    const before = await enabledIn('development');
    const reply = await command('flag slacked on development', 'U0EDITOR');
    expect(reply.status).toBe(200);
    expect(reply.body.response_type).toBe('in_channel');
    expect(reply.body.text).toContain('turned `slacked` on in *development*');
    const after = await enabledIn('development');
    expect(after).toEqual({ version: before.version + 1, environment: { enabled: true } });
    const audit = await stack.gqlOk<{ auditLog: { nodes: { action: string; actorName: string }[] } }>(
      '{ auditLog(filter: { resourceKey: "slacked" }, first: 1) { nodes { action actorName } } }',
    );
    expect(audit.auditLog.nodes[0]?.action).toBe('flag.enabled');
    expect(audit.auditLog.nodes[0]?.actorName).toBe(editor.email);
  });

  it("turns another project's flag on when named project/key, and leaves default's flag of that key", async () => {
    await stack.gqlOk(`mutation { createProject(input: { key: "mobile", name: "Mobile",
      environments: [{ key: "development" }] }) { key } }`);
    await stack.gqlOk(
      'mutation { createFlag(input: { key: "slacked", name: "Slacked", project: "mobile" }) { key } }',
    );
    const enabled = async (project: string) =>
      (
        await stack.gqlOk<{ flag: { environment: { enabled: boolean } } }>(
          `query($p: String) { flag(key: "slacked", project: $p) { environment(key: "development") { enabled } } }`,
          { p: project },
        )
      ).flag.environment.enabled;
    const before = await enabled('default');
    const reply = await command('flag mobile/slacked on development', 'U0EDITOR');
    expect(reply.body.text).toContain('turned `mobile/slacked` on in *development*');
    expect(await enabled('mobile')).toBe(true);
    expect(await enabled('default')).toBe(before);
    expect((await command('flag mobile/nothing on development', 'U0EDITOR')).body.text).toContain(
      'There is no flag `mobile/nothing`',
    );
    expect((await command('flag mobile/slacked on staging', 'U0EDITOR')).body.text).toContain(
      'does not use environment "staging"',
    );
  });

  it("obeys the linked user's role: a viewer, and an editor without the production grant, are refused", async () => {
    const version = (await enabledIn('development')).version;
    const asViewer = await command('flag slacked off development', 'U0VIEWER');
    expect(asViewer.body).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('Not done'),
    });
    const inProduction = await command('flag slacked on production', 'U0EDITOR');
    expect(inProduction.body.text).toContain('Not done');
    expect((await enabledIn('development')).version).toBe(version);
    expect((await enabledIn('production')).environment.enabled).toBe(false);
    const stranger = await command('flag slacked off development', 'U0NOBODY');
    expect(stranger.body.text).toContain('is not linked');
  });

  it('proposes a change request where the environment requires approval', async () => {
    await stack.gqlOk(
      'mutation { setApprovalPolicy(environment: "staging", requiredApprovals: 1) { version } }',
    );
    const reply = await command('flag slacked on staging', 'U0EDITOR');
    expect(reply.body.response_type).toBe('in_channel');
    expect(reply.body.text).toMatch(
      /proposed turning `slacked` on in \*staging\*.*https:\/\/console\.example\.com\/changes\?request=/,
    );
    const { changeRequests } = await stack.gqlOk<{
      changeRequests: { kind: string; environment: string; status: string; createdBy: string }[];
    }>('{ changeRequests(filter: { flagKey: "slacked" }) { kind environment status createdBy } }');
    expect(changeRequests).toEqual([
      { kind: 'ENABLE', environment: 'staging', status: 'SUBMITTED', createdBy: expect.any(String) },
    ]);
    expect((await enabledIn('staging')).environment.enabled).toBe(false);

    // In another project the link opens the request in that project.
    await stack.gqlOk(
      'mutation { createProject(input: { key: "checkout", name: "Checkout", environments: [{ key: "staging" }] }) { key } }',
    );
    await stack.gqlOk(
      'mutation { createFlag(input: { key: "slacked", name: "Slacked", project: "checkout" }) { key } }',
    );
    const elsewhere = await command('flag checkout/slacked on staging', 'U0EDITOR');
    expect(elsewhere.body.text).toMatch(
      /proposed turning `checkout\/slacked` on in \*staging\*.*<https:\/\/console\.example\.com\/changes\?request=[0-9a-f-]{36}&project=checkout\|change request>/,
    );
  });

  it('answers help and bad grammar with the usage, and only admins link Slack users', async () => {
    expect((await command('', 'U0EDITOR')).body.text).toContain('Usage: `/switchyard flag');
    expect((await command('flag slacked maybe development', 'U0EDITOR')).body.text).toContain(
      '"maybe" is neither on nor off',
    );
    const asEditor = await stack.gql(
      'mutation($u: ID!) { linkSlackUser(slackUserId: "U0OTHER", userId: $u) { slackUserId } }',
      { u: editor.id },
      { token: editor.token },
    );
    expect(errorCodes(asEditor)).toEqual(['FORBIDDEN']);
    const bad = await stack.gql(
      'mutation($u: ID!) { linkSlackUser(slackUserId: "not an id", userId: $u) { slackUserId } }',
      {
        u: editor.id,
      },
    );
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    const { slackUserLinks } = await stack.gqlOk<{
      slackUserLinks: { slackUserId: string; userEmail: string }[];
    }>('{ slackUserLinks { slackUserId userEmail } }');
    expect(slackUserLinks).toEqual([
      { slackUserId: 'U0EDITOR', userEmail: editor.email },
      { slackUserId: 'U0VIEWER', userEmail: viewer.email },
    ]);
    expect(await stack.gqlOk('mutation { unlinkSlackUser(slackUserId: "U0VIEWER") }')).toEqual({
      unlinkSlackUser: true,
    });
    expect((await command('flag slacked off development', 'U0VIEWER')).body.text).toContain('is not linked');
  });
});
