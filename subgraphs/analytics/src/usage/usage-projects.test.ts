import { errorCodes, startTestStack, type TestStack, until } from '@switchyard/testkit';

// Usage and recent contexts per project (issue 19): a flag key names a flag within its project, so
// evaluations of project "mobile" count for mobile's flag only, never for the default project's flag of
// the same key, and the contexts they saw are kept for mobile's impact preview. Through the real
// evaluation path (the gateway's edge), its usage publisher and analytics' ingestion.

const USAGE = `query($key: String!, $project: String) {
  flag(key: $key, project: $project) { project usage { evaluations variations { variation evaluations } } }
}`;
const EVALUATE = `query($c: JSON!, $project: String) {
  evaluate(environment: "production", context: $c, keys: ["checkout"], project: $project) { key variation }
}`;

describe('flag usage and recent contexts per project', () => {
  let stack: TestStack;
  type Usage = { project: string; usage: { evaluations: number; variations: { variation: string }[] } };
  const usage = async (project: string) =>
    (await stack.gqlOk<{ flag: Usage }>(USAGE, { key: 'checkout', project })).flag;

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags', 'experiments', 'analytics'],
      env: { EVALUATION_USAGE_FLUSH_MS: '200', RECENT_CONTEXT_ATTRIBUTES: 'plan' },
    });
    await stack.gqlOk(
      'mutation { createProject(input: { key: "mobile", name: "Mobile", environments: [{ key: "production" }] }) { key } }',
    );
    // The same key in both projects; mobile's serves "on" to everyone, default's is off.
    for (const project of ['default', 'mobile'])
      await stack.gqlOk(
        `mutation { createFlag(input: { key: "checkout", name: "Checkout (${project})", project: "${project}" }) { key } }`,
      );
    await stack.gqlOk(
      `mutation { updateTargeting(key: "checkout", project: "mobile", environment: "production", expectedVersion: 1,
        input: { enabled: true, fallthrough: { variation: "on" } }) { version } }`,
    );
  }, 180_000);
  afterAll(() => stack?.stop());

  it("counts a project's evaluations for its own flag, not for the default project's of the same key", async () => {
    // Mobile's SDK key evaluates its own project without naming it; the admin names it.
    const { createApiKey } = await stack.gqlOk<{ createApiKey: { secret: string } }>(
      `mutation { createApiKey(input: { name: "mobile app", kind: SERVER, environment: "production", project: "mobile" }) { secret } }`,
    );
    for (let i = 0; i < 3; i++)
      await stack.gqlOk(EVALUATE, { c: { key: `m-${i}`, plan: 'pro' } }, { token: createApiKey.secret });
    await stack.gqlOk(EVALUATE, { c: { key: 'm-admin' }, project: 'mobile' });
    await stack.gqlOk(EVALUATE, { c: { key: 'd-1', plan: 'free' } });

    const mobile = await until('mobile usage counted', async () => {
      const u = await usage('mobile');
      return u.usage.evaluations === 4 ? u : undefined;
    });
    expect(mobile).toEqual({
      project: 'mobile',
      usage: { evaluations: 4, variations: [{ variation: 'on', evaluations: 4 }] },
    });
    const fallback = await until('default usage counted', async () => {
      const u = await usage('default');
      return u.usage.evaluations > 0 ? u : undefined;
    });
    expect(fallback).toEqual({
      project: 'default',
      usage: { evaluations: 1, variations: [{ variation: 'off', evaluations: 1 }] },
    });
    expect(
      await stack.db.query(
        'SELECT project, sum(evaluations)::int AS n FROM analytics.flag_usage_daily GROUP BY 1 ORDER BY 1',
      ),
    ).toEqual([
      { project: 'default', n: 1 },
      { project: 'mobile', n: 4 },
    ]);
  });

  it("lists a project's stale flags from its own usage, each resolving to that project's flag", async () => {
    // Runs after the evaluations above: mobile's checkout served "on" 4 times, default's "off" once.
    await stack.gqlOk(
      'mutation { createFlag(input: { key: "idle", name: "Idle (mobile)", project: "mobile" }) { key } }',
    );
    await stack.db.query(`UPDATE flags.flags SET created_at = now() - interval '40 days'`);
    type Stale = {
      reason: string;
      variation: string | null;
      flag: { project: string; key: string; name: string; usage: { evaluations: number } };
    };
    const stale = async (project?: string) =>
      (
        await stack.gqlOk<{ staleFlags: Stale[] }>(
          `query($project: String) { staleFlags(days: 7, project: $project) {
             reason variation flag { project key name usage(days: 7) { evaluations } } } }`,
          { project },
        )
      ).staleFlags.sort((a, b) => a.flag.key.localeCompare(b.flag.key));
    expect(await stale('mobile')).toEqual([
      {
        reason: 'SINGLE_VARIATION',
        variation: 'on',
        flag: { project: 'mobile', key: 'checkout', name: 'Checkout (mobile)', usage: { evaluations: 4 } },
      },
      {
        reason: 'NOT_EVALUATED',
        variation: null,
        flag: { project: 'mobile', key: 'idle', name: 'Idle (mobile)', usage: { evaluations: 0 } },
      },
    ]);
    // Omitted: the default project's, from its own evaluations (mobile's idle is not one of its flags).
    expect(await stale()).toEqual([
      {
        reason: 'SINGLE_VARIATION',
        variation: 'off',
        flag: { project: 'default', key: 'checkout', name: 'Checkout (default)', usage: { evaluations: 1 } },
      },
    ]);
  });

  it('refuses staleFlags and flagActivity of an unknown project, or of a project the caller may not read', async () => {
    for (const query of [
      '{ staleFlags(project: "nowhere") { reason } }',
      '{ flagActivity(project: "nowhere") { flagKey } }',
    ]) {
      const unknown = await stack.gql(query);
      expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
      expect(unknown.errors?.[0]?.extensions?.field).toBe('project');
    }

    await stack.gqlOk(`mutation { createRole(input: { key: "mobile-reader", name: "Mobile reader",
      grants: [{ permission: "flags:read", project: "mobile" }] }) { key } }`);
    // A TOKEN with only a role scoped to mobile reads mobile's stale flags alone.
    const { createApiKey } = await stack.gqlOk<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "mobile reader", kind: TOKEN, customRoles: ["mobile-reader"] }) { secret } }',
    );
    const as = (project: string) =>
      stack.gql(
        'query($p: String) { staleFlags(days: 7, project: $p) { flag { key } } }',
        { p: project },
        {
          token: createApiKey.secret,
        },
      );
    expect((await as('mobile')).errors).toBeUndefined();
    expect(errorCodes(await as('default'))).toEqual(['FORBIDDEN']);
  });

  it('keeps the contexts each project saw for its own impact preview', async () => {
    const rows = await until('contexts recorded', async () => {
      const r: { project: string; context_key: string; attributes: Record<string, string> }[] =
        await stack.db.query(
          `SELECT project, context_key, attributes FROM flags.recent_contexts
            WHERE environment = 'production' ORDER BY project, context_key`,
        );
      return r.length >= 5 ? r : undefined;
    });
    expect(rows).toEqual([
      { project: 'default', context_key: 'd-1', attributes: { plan: 'free' } },
      { project: 'mobile', context_key: 'm-0', attributes: { plan: 'pro' } },
      { project: 'mobile', context_key: 'm-1', attributes: { plan: 'pro' } },
      { project: 'mobile', context_key: 'm-2', attributes: { plan: 'pro' } },
      { project: 'mobile', context_key: 'm-admin', attributes: {} },
    ]);
  });

  it("refuses a key's counts of another project's flags", async () => {
    const { createApiKey } = await stack.gqlOk<{ createApiKey: { secret: string } }>(
      `mutation { createApiKey(input: { name: "mobile client", kind: CLIENT, environment: "production", project: "mobile" }) { secret } }`,
    );
    const { trackEvents } = await stack.gqlOk<{
      trackEvents: { accepted: number; results: { reason: string | null }[] };
    }>(
      `mutation($e: [EventInput!]!) { trackEvents(events: $e) { accepted results { reason } } }`,
      {
        e: [
          {
            eventId: 'sdk-eval-1',
            type: 'EVALUATION',
            userKey: 'u',
            eventName: 'checkout',
            variant: 'on',
            properties: { project: 'default' },
          },
        ],
      },
      { token: createApiKey.secret },
    );
    expect(trackEvents.accepted).toBe(0);
    expect(trackEvents.results[0]!.reason).toBe(
      'this key belongs to project "mobile" and cannot report evaluations in "default"',
    );
  });
});
