import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';

// Release plans, scheduled changes, change requests, reverts, the impact preview and imports work in the
// project a request names (issue 19): two projects each with a flag `checkout`, changed independently.

const HOUR = 3_600_000;

describe('releases, approvals, reverts and previews per project', () => {
  let stack: TestStack;

  const moveClock = (ms: number) =>
    stack.db.query('UPDATE flags.executor_clock SET offset_ms = offset_ms + $1', [ms]);

  async function flag(project: string, key = 'checkout') {
    return (
      await stack.gqlOk<{
        flag: {
          version: number;
          environment: { enabled: boolean; fallthrough: { variation: string | null } };
        };
      }>(
        `query($p: String, $k: String!) { flag(key: $k, project: $p) { version
           environment(key: "production") { enabled fallthrough { variation } } } }`,
        { p: project, k: key },
      )
    ).flag;
  }

  async function until<T>(read: () => Promise<T>, done: (t: T) => boolean): Promise<T> {
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const rows = async (table: string) =>
    (await stack.db.query(`SELECT count(*)::int AS n FROM flags.${table}`))[0] as { n: number };

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags'],
      env: { RELEASE_TEST_CLOCK: 'true', RELEASE_EXECUTOR_INTERVAL_MS: '100' },
    });
    await stack.gqlOk(`mutation { createProject(input: { key: "mobile", name: "Mobile",
      environments: [{ key: "staging" }, { key: "production" }] }) { key } }`);
    for (const project of ['default', 'mobile']) {
      await stack.gqlOk(
        `mutation($p: String) { createFlag(input: { key: "checkout", name: "Checkout", project: $p }) { key } }`,
        { p: project },
      );
      await stack.gqlOk(
        `mutation($p: String, $v: Int!) { updateTargeting(key: "checkout", project: $p, environment: "production",
           expectedVersion: $v, input: { enabled: true, fallthrough: { variation: "off" } }) { version } }`,
        { p: project, v: (await flag(project)).version },
      );
    }
    // Sampled evaluations of mobile's SDKs, before any preview reads (and caches) the project's contexts.
    await stack.db.query(
      `INSERT INTO flags.recent_contexts (project, environment, context_key, attributes, last_seen_at)
       SELECT 'mobile', 'production', 'm-' || i, '{}', now() FROM generate_series(1, 30) i`,
    );
  }, 120_000);
  afterAll(() => stack?.stop());

  it("runs a release plan on the named project's flag only, listed on that flag", async () => {
    const created = await stack.gqlOk<{
      createReleasePlan: { id: string; project: string; version: number };
    }>(
      `mutation { createReleasePlan(input: { project: "mobile", flagKey: "checkout", environment: "production",
         variation: "on", stages: [{ percent: 100, minDurationMinutes: 60 }] }) { id project version } }`,
    );
    expect(created.createReleasePlan.project).toBe('mobile');
    expect((await flag('mobile')).environment.fallthrough.variation).toBe('on');
    expect((await flag('default')).environment.fallthrough.variation).toBe('off');
    const plans = async (project: string) =>
      (
        await stack.gqlOk<{ flag: { releasePlans: { id: string }[] } }>(
          `query($p: String) { flag(key: "checkout", project: $p) { releasePlans { id } } }`,
          { p: project },
        )
      ).flag.releasePlans;
    expect(await plans('mobile')).toEqual([{ id: created.createReleasePlan.id }]);
    expect(await plans('default')).toEqual([]);
    const audit = await stack.gqlOk<{ auditLog: { nodes: { action: string; project: string }[] } }>(
      `{ auditLog(first: 5, filter: { project: "mobile", resourceType: "release_plan" }) { nodes { action project } } }`,
    );
    expect(audit.auditLog.nodes).toContainEqual({
      action: 'release_plan.started',
      project: 'mobile',
    });

    // A live plan keeps the flag where it is; aborted, the flag moves and takes its plans along.
    const version = (await flag('mobile')).version;
    const running = await stack.gql(
      `mutation { moveFlag(key: "checkout", project: "mobile", toProject: "default", expectedVersion: ${version}) { key } }`,
    );
    expect(errorCodes(running)).toEqual(['CONFLICT']);
    expect((running.errors?.[0]?.message ?? '') as string).toMatch(/live release plan/);
    await stack.gqlOk(
      `mutation { releasePlanAction(id: "${created.createReleasePlan.id}", action: ABORT, expectedVersion: ${created.createReleasePlan.version}) { status } }`,
    );
    await stack.gqlOk(`mutation { createProject(input: { key: "tablet", name: "Tablet",
      environments: [{ key: "production" }] }) { key } }`);
    await stack.gqlOk(
      `mutation { moveFlag(key: "checkout", project: "mobile", toProject: "tablet", expectedVersion: ${(await flag('mobile')).version}) { key } }`,
    );
    expect(await plans('tablet')).toEqual([{ id: created.createReleasePlan.id }]);
    const { releasePlan } = await stack.gqlOk<{ releasePlan: { project: string } }>(
      `{ releasePlan(id: "${created.createReleasePlan.id}") { project } }`,
    );
    expect(releasePlan.project).toBe('tablet');
    await stack.gqlOk(
      `mutation { moveFlag(key: "checkout", project: "tablet", toProject: "mobile", expectedVersion: ${(await flag('tablet')).version}) { key } }`,
    );
  });

  it("applies a scheduled change to the named project's flag, listed in that project only", async () => {
    const { version } = await flag('mobile');
    const at = new Date(Date.now() + 2 * HOUR).toISOString();
    const scheduled = await stack.gqlOk<{ scheduleChange: { id: string; project: string } }>(
      `mutation { scheduleChange(input: { project: "mobile", flagKey: "checkout", environment: "production",
         at: "${at}", expectedVersion: ${version}, enabled: false }) { id project } }`,
    );
    expect(scheduled.scheduleChange.project).toBe('mobile');
    const listed = async (project: string) =>
      (
        await stack.gqlOk<{ scheduledChanges: { id: string }[] }>(
          `query($p: String) { scheduledChanges(filter: { project: $p, status: PENDING }) { id } }`,
          { p: project },
        )
      ).scheduledChanges;
    expect(await listed('mobile')).toEqual([{ id: scheduled.scheduleChange.id }]);
    expect(await listed('default')).toEqual([]);
    const pending = await stack.gql(
      `mutation { moveFlag(key: "checkout", project: "mobile", toProject: "tablet", expectedVersion: ${version}) { key } }`,
    );
    expect(errorCodes(pending)).toEqual(['CONFLICT']);

    await moveClock(3 * HOUR);
    await until(
      () => flag('mobile'),
      (f) => f.environment.enabled === false,
    );
    expect((await flag('default')).environment.enabled).toBe(true);
  });

  it("proposes, approves and applies a change request in the named project's flag", async () => {
    await stack.gqlOk(
      'mutation { setApprovalPolicy(environment: "production", requiredApprovals: 1) { version } }',
    );
    try {
      const author = await stack.createUser('editor', { production: true });
      const reviewer = await stack.createUser('editor', { production: true });
      const { version } = await flag('mobile');
      const created = await stack.gqlOk<{
        createChangeRequest: {
          id: string;
          project: string;
          version: number;
          preview: { project: string } | null;
        };
      }>(
        `mutation { createChangeRequest(input: { project: "mobile", flagKey: "checkout", environment: "production",
           expectedVersion: ${version}, enabled: true }) { id project version preview { project } } }`,
        {},
        { token: author.token },
      );
      expect(created.createChangeRequest).toMatchObject({
        project: 'mobile',
        preview: { project: 'mobile' },
      });
      const inbox = async (project: string) =>
        (
          await stack.gqlOk<{ changeRequests: { id: string }[] }>(
            `query($p: String) { changeRequests(filter: { project: $p, status: SUBMITTED }) { id } }`,
            { p: project },
          )
        ).changeRequests;
      expect(await inbox('mobile')).toEqual([{ id: created.createChangeRequest.id }]);
      expect(await inbox('default')).toEqual([]);
      const reviewed = await stack.gqlOk<{ reviewChangeRequest: { version: number } }>(
        `mutation { reviewChangeRequest(id: "${created.createChangeRequest.id}", decision: APPROVE,
           expectedVersion: ${created.createChangeRequest.version}) { version } }`,
        {},
        { token: reviewer.token },
      );
      await stack.gqlOk(
        `mutation { applyChangeRequest(id: "${created.createChangeRequest.id}", expectedVersion: ${reviewed.reviewChangeRequest.version}) { status } }`,
        {},
        { token: author.token },
      );
      expect((await flag('mobile')).environment.enabled).toBe(true);

      // A release plan proposed for one project cannot name another.
      const mismatch = await stack.gql(
        `mutation { createChangeRequest(input: { project: "mobile", expectedVersion: 1, releasePlan: {
           project: "default", flagKey: "checkout", environment: "production", variation: "on", template: "canary" } }) { id } }`,
        {},
        { token: author.token },
      );
      expect(errorCodes(mismatch)).toEqual(['BAD_USER_INPUT']);
      expect(mismatch.errors?.[0]?.extensions?.field).toBe('input.releasePlan.project');
    } finally {
      await stack.gqlOk(
        'mutation { setApprovalPolicy(environment: "production", requiredApprovals: 0) { version } }',
      );
    }
  });

  it("reverts a project's flag to its own entries only", async () => {
    const entries = async (project: string) =>
      (
        await stack.gqlOk<{ auditLog: { nodes: { id: string; environment: string | null }[] } }>(
          `query($p: String) { auditLog(first: 20, filter: { project: $p, resourceType: "flag", resourceKey: "checkout" }) {
             nodes { id environment } } }`,
          { p: project },
        )
      ).auditLog.nodes;
    const defaultEntry = (await entries('default')).find((e) => e.environment === 'production')!;
    const mobileEntry = (await entries('mobile')).find((e) => e.environment === 'production')!;
    const before = await flag('default');
    const foreign = await stack.gql(
      `mutation { revertFlag(key: "checkout", project: "mobile", auditEntryId: "${defaultEntry.id}",
         expectedVersion: ${(await flag('mobile')).version}) { version } }`,
    );
    expect(errorCodes(foreign)).toEqual(['BAD_USER_INPUT']);
    expect(foreign.errors?.[0]?.extensions?.field).toBe('auditEntryId');
    const reverted = await stack.gqlOk<{ revertFlag: { project: string } }>(
      `mutation { revertFlag(key: "checkout", project: "mobile", auditEntryId: "${mobileEntry.id}",
         expectedVersion: ${(await flag('mobile')).version}) { project } }`,
    );
    expect(reverted.revertFlag.project).toBe('mobile');
    expect(await flag('default')).toEqual(before);
  });

  it("previews a change over the named project's recent contexts", async () => {
    await stack.gqlOk(
      `mutation($v: Int!) { updateTargeting(key: "checkout", project: "mobile", environment: "production",
         expectedVersion: $v, input: { enabled: true, fallthrough: { variation: "off" } }) { version } }`,
      { v: (await flag('mobile')).version },
    );
    const preview = async (project: string) =>
      (
        await stack.gqlOk<{
          previewTargeting: { project: string; contextsConsidered: number; changed: number };
        }>(
          `query($p: String) { previewTargeting(project: $p, flagKey: "checkout", environment: "production",
             targeting: { fallthrough: { variation: "on" } }) { project contextsConsidered changed } }`,
          { p: project },
        )
      ).previewTargeting;
    expect(await preview('mobile')).toEqual({ project: 'mobile', contextsConsidered: 30, changed: 30 });
    expect(await preview('default')).toMatchObject({ project: 'default', contextsConsidered: 0 });
  });

  it('imports a flag into the named project', async () => {
    const imported = await stack.gqlOk<{ importFlag: { project: string; key: string } }>(
      `mutation { importFlag(input: { project: "mobile", key: "imported", name: "Imported",
         environments: [{ environment: "production", targeting: { enabled: true } }] }) { project key } }`,
    );
    expect(imported.importFlag).toEqual({ project: 'mobile', key: 'imported' });
    expect(errorCodes(await stack.gql('{ flag(key: "imported") { key } }'))).toEqual(['NOT_FOUND']);
    const unused = await stack.gql(
      `mutation { importFlag(input: { project: "mobile", key: "imported-2", name: "I",
         environments: [{ environment: "development", targeting: { enabled: true } }] }) { key } }`,
    );
    expect(errorCodes(unused)).toEqual(['BAD_USER_INPUT']);
    expect(unused.errors?.[0]?.extensions?.field).toBe('input.environments[0].environment');
  });

  it('refuses an unknown project, naming the field, and writes nothing', async () => {
    const before = await Promise.all(
      ['release_plans', 'scheduled_changes', 'change_requests', 'flags'].map(rows),
    );
    const at = new Date(Date.now() + 10 * HOUR).toISOString();
    const cases: [string, string][] = [
      [
        `mutation { createReleasePlan(input: { project: "nope", flagKey: "checkout", environment: "production",
           variation: "on", template: "canary" }) { id } }`,
        'input.project',
      ],
      [
        `mutation { scheduleChange(input: { project: "nope", flagKey: "checkout", environment: "production",
           at: "${at}", expectedVersion: 1, enabled: true }) { id } }`,
        'input.project',
      ],
      [
        `mutation { createChangeRequest(input: { project: "nope", flagKey: "checkout", environment: "production",
           expectedVersion: 1, enabled: true }) { id } }`,
        'input.project',
      ],
      ['{ changeRequests(filter: { project: "nope" }) { id } }', 'filter.project'],
      ['{ scheduledChanges(filter: { project: "nope" }) { id } }', 'filter.project'],
      ['mutation { importFlag(input: { project: "nope", key: "x", name: "X" }) { key } }', 'input.project'],
      [
        `{ previewTargeting(project: "nope", flagKey: "checkout", environment: "production",
           targeting: { enabled: true }) { changed } }`,
        'project',
      ],
    ];
    for (const [query, field] of cases) {
      const body = await stack.gql(query);
      expect({ query, codes: errorCodes(body), field: body.errors?.[0]?.extensions?.field }).toEqual({
        query,
        codes: ['NOT_FOUND'],
        field,
      });
    }
    expect(
      await Promise.all(['release_plans', 'scheduled_changes', 'change_requests', 'flags'].map(rows)),
    ).toEqual(before);
  });

  it('lets a custom role release in one project only', async () => {
    await stack.gqlOk(`mutation { createRole(input: { key: "mobile-releaser", name: "Mobile releaser",
      grants: [{ permission: "flags:write", project: "mobile", environment: "staging" }] }) { key } }`);
    const viewer = await stack.createUser('viewer', { email: 'mobile-releaser@example.test' });
    await stack.gqlOk(
      `mutation { setUserCustomRoles(id: "${viewer.id}", roles: ["mobile-releaser"]) { id } }`,
    );
    const at = new Date(Date.now() + 20 * HOUR).toISOString();
    const schedule = async (project: string) =>
      stack.gql(
        `mutation($p: String, $v: Int!) { scheduleChange(input: { project: $p, flagKey: "checkout",
           environment: "staging", at: "${at}", expectedVersion: $v, enabled: true }) { project } }`,
        { p: project, v: (await flag(project)).version },
        { token: viewer.token },
      );
    expect((await schedule('mobile')).data).toEqual({ scheduleChange: { project: 'mobile' } });
    expect(errorCodes(await schedule('default'))).toEqual(['FORBIDDEN']);
  });
});
