import { errorCodes, startTestStack, type TestStack, type TestUser } from '@switchyard/testkit';
import { flagReads } from './change-request.test-support';

const REQUEST = `id status version approvals requiredApprovals reason diff writtenAgainstVersion
  reviews { by decision comment }`;

interface Request {
  id: string;
  status: string;
  version: number;
  approvals: number;
  requiredApprovals: number;
  reason: string | null;
  diff: Record<string, { current: unknown; proposed: unknown }>;
  writtenAgainstVersion: number;
  reviews: { by: string; decision: string; comment: string | null }[];
}

describe('change requests and approvals through the gateway', () => {
  let stack: TestStack;
  let author: TestUser;
  let reviewer: TestUser;

  const { flagVersion, fallthrough } = flagReads(() => stack);

  /** A request, as `as`, serving `variation` to everyone in production. */
  const propose = async (key: string, variation: string, as: TestUser, version?: number) =>
    (
      await stack.gqlOk<{ createChangeRequest: Request }>(
        `mutation($v: Int!) { createChangeRequest(input: { flagKey: "${key}", environment: "production", expectedVersion: $v,
          targeting: { fallthrough: { variation: "${variation}" } }, comment: "serve ${variation}" }) { ${REQUEST} } }`,
        { v: version ?? (await flagVersion(key)) },
        { token: as.token },
      )
    ).createChangeRequest;
  const review = (r: Request, decision: string, as: TestUser, comment = 'looks right') =>
    stack.gql<{ reviewChangeRequest: Request }>(
      `mutation($id: ID!, $v: Int!, $c: String) { reviewChangeRequest(id: $id, decision: ${decision}, comment: $c, expectedVersion: $v) { ${REQUEST} } }`,
      { id: r.id, v: r.version, c: comment },
      { token: as.token },
    );
  const apply = (r: Request, as: TestUser, bypass = false) =>
    stack.gql<{ applyChangeRequest: Request }>(
      `mutation($id: ID!, $v: Int!, $b: Boolean!) { applyChangeRequest(id: $id, expectedVersion: $v, bypass: $b) { ${REQUEST} } }`,
      { id: r.id, v: r.version, b: bypass },
      { token: as.token },
    );
  const current = async (id: string) =>
    (await stack.gqlOk<{ changeRequest: Request }>(`{ changeRequest(id: "${id}") { ${REQUEST} } }`))
      .changeRequest;

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags'],
      // A clock the scheduled-apply test moves; the executor looks every 100 ms.
      env: { RELEASE_TEST_CLOCK: 'true', RELEASE_EXECUTOR_INTERVAL_MS: '100' },
    });
    for (const key of ['checkout', 'banner', 'later-a', 'later-b']) {
      await stack.gqlOk(`mutation { createFlag(input: { key: "${key}", name: "${key}" }) { key } }`);
      await stack.gqlOk(
        `mutation { updateTargeting(key: "${key}", environment: "production", expectedVersion: ${await flagVersion(key)},
          input: { enabled: true, fallthrough: { variation: "off" } }) { version } }`,
      );
    }
    author = await stack.createUser('editor', { production: true });
    reviewer = await stack.createUser('editor', { production: true });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('only admins set an approval policy; then direct writes to the environment are FORBIDDEN, for users and tokens', async () => {
    const byEditor = await stack.gql(
      'mutation { setApprovalPolicy(environment: "production", requiredApprovals: 1) { version } }',
      {},
      { token: author.token },
    );
    expect(errorCodes(byEditor)).toEqual(['FORBIDDEN']);
    const bad = await stack.gql(
      'mutation { setApprovalPolicy(environment: "production", requiredApprovals: -1) { version } }',
    );
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    await stack.gqlOk(
      'mutation { setApprovalPolicy(environment: "production", requiredApprovals: 1) { version } }',
    );

    const version = await flagVersion('checkout');
    const token = (await stack.createApiKey('token', { role: 'editor', production: true })).secret;
    for (const opts of [{ token: author.token }, { token }]) {
      const direct = await stack.gql(
        `mutation { updateTargeting(key: "checkout", environment: "production", expectedVersion: ${version},
          input: { fallthrough: { variation: "on" } }) { version } }`,
        {},
        opts,
      );
      expect(errorCodes(direct)).toEqual(['FORBIDDEN']);
      expect(direct.errors?.[0]?.extensions?.reason).toBe('APPROVAL_REQUIRED');
      const toggle = await stack.gql(
        `mutation { setFlagEnabled(key: "checkout", environment: "production", enabled: false, expectedVersion: ${version}) { key } }`,
        {},
        opts,
      );
      expect(errorCodes(toggle)).toEqual(['FORBIDDEN']);
    }
    expect(await flagVersion('checkout')).toBe(version);
    // Other environments are not protected.
    await stack.gqlOk(
      `mutation { setFlagEnabled(key: "checkout", environment: "development", enabled: true, expectedVersion: ${version}) { key } }`,
      {},
      { token: author.token },
    );
  });

  it('a request approved by a second user applies, audited and on configChanged; the author cannot approve', async () => {
    const sub = await stack.subscribe<{
      configChanged: { kind: string; changeRequest: { status: string } | null };
    }>('subscription { configChanged(environment: "production") { kind changeRequest { status } } }');
    await new Promise((r) => setTimeout(r, 300));
    const request = await propose('checkout', 'on', author);
    expect(request).toMatchObject({ status: 'SUBMITTED', approvals: 0, requiredApprovals: 1 });
    expect(request.diff).toEqual({
      fallthrough: { current: { variation: 'off' }, proposed: { variation: 'on' } },
    });

    const self = await review(request, 'APPROVE', author);
    expect(errorCodes(self)).toEqual(['FORBIDDEN']);
    expect(self.errors?.[0]?.extensions?.reason).toBe('SELF_REVIEW');
    const early = await apply(request, author);
    expect(errorCodes(early)).toEqual(['CONFLICT']);
    expect(await fallthrough('checkout')).toBe('off');

    const approved = (await review(request, 'APPROVE', reviewer)).data!.reviewChangeRequest;
    expect(approved).toMatchObject({ status: 'APPROVED', approvals: 1 });
    const applied = (await apply(approved, author)).data!.applyChangeRequest;
    expect(applied.status).toBe('APPLIED');
    expect(await fallthrough('checkout')).toBe('on');

    const audit = await stack.gqlOk<{ auditLog: { nodes: { action: string }[] } }>(
      `{ auditLog(filter: { resourceKey: "${request.id}" }, first: 20) { nodes { action } } }`,
    );
    expect(audit.auditLog.nodes.map((n) => n.action).sort()).toEqual([
      'change_request.applied',
      'change_request.approved',
      'change_request.created',
    ]);
    for (let n = 1; !sub.events.some((e) => e.data?.configChanged.changeRequest?.status === 'APPLIED'); n++) {
      await sub.waitFor(n);
    }
    await sub.close();
  });

  it('a request made against an old version is CONFLICT on apply, showing what changed; nothing is written', async () => {
    const base = await flagVersion('banner');
    const first = await propose('banner', 'on', author, base);
    // Another request, made against the same version, is approved and applied first: the fallthrough moves.
    const otherRequest = await propose('banner', 'on', reviewer, base);
    const otherApproved = (await review(otherRequest, 'APPROVE', author)).data!.reviewChangeRequest;
    expect((await apply(otherApproved, reviewer)).data!.applyChangeRequest.status).toBe('APPLIED');
    const moved = await flagVersion('banner');

    const firstApproved = (await review(first, 'APPROVE', reviewer)).data!.reviewChangeRequest;
    const refused = await apply(firstApproved, author);
    expect(errorCodes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.extensions?.changed).toEqual(['fallthrough']);
    expect(await flagVersion('banner')).toBe(moved);
    const shown = await current(first.id);
    expect(shown.status).toBe('APPROVED');
    expect(shown.reason).toMatch(new RegExp(`fallthrough changed since version ${base}`));
  });

  it('a rejected request cannot be applied; bypass needs an admin and a policy that allows it', async () => {
    const request = await propose('checkout', 'off', author);
    const rejected = (await review(request, 'REJECT', reviewer, 'not during the sale')).data!
      .reviewChangeRequest;
    expect(rejected.status).toBe('REJECTED');
    expect(errorCodes(await apply(rejected, author))).toEqual(['CONFLICT']);

    const pending = await propose('checkout', 'off', author);
    expect(errorCodes(await apply(pending, author, true))).toEqual(['FORBIDDEN']);
    const admin = { token: await stack.adminToken() } as TestUser;
    // The policy does not allow a bypass yet.
    expect(errorCodes(await apply(pending, admin, true))).toEqual(['FORBIDDEN']);
    await stack.gqlOk(
      'mutation { setApprovalPolicy(environment: "production", requiredApprovals: 1, adminBypass: true) { version } }',
    );
    const bypassed = (await apply(pending, admin, true)).data!.applyChangeRequest;
    expect(bypassed.status).toBe('APPLIED');
    const audit = await stack.gqlOk<{ auditLog: { nodes: { action: string }[] } }>(
      `{ auditLog(filter: { resourceKey: "${pending.id}" }, first: 20) { nodes { action } } }`,
    );
    expect(audit.auditLog.nodes.map((n) => n.action)).toContain('change_request.bypassed');
  });

  it('refuses both enabled and targeting, and an unknown flag, writing nothing', async () => {
    const both = await stack.gql(
      `mutation { createChangeRequest(input: { flagKey: "checkout", environment: "production", expectedVersion: 1,
        enabled: true, targeting: { fallthrough: { variation: "on" } } }) { id } }`,
      {},
      { token: author.token },
    );
    expect(errorCodes(both)).toEqual(['BAD_USER_INPUT']);
    expect(both.errors?.[0]?.extensions?.field).toBe('input.targeting');
    const unknown = await stack.gql(
      `mutation { createChangeRequest(input: { flagKey: "nope", environment: "production", expectedVersion: 1, enabled: true }) { id } }`,
      {},
      { token: author.token },
    );
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
  });

  it('an approved request applied at a time is applied then, in the scheduler’s name; one whose field moved meanwhile stays APPROVED with the reason', async () => {
    const applyAt = (r: Request, as: TestUser, at: string) =>
      stack.gql<{ applyChangeRequest: Request & { applyAt: string | null } }>(
        `mutation($id: ID!, $v: Int!, $at: DateTime) { applyChangeRequest(id: $id, expectedVersion: $v, at: $at) { ${REQUEST} applyAt } }`,
        { id: r.id, v: r.version, at },
        { token: as.token },
      );
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const first = (await review(await propose('later-a', 'on', author), 'APPROVE', reviewer)).data!
      .reviewChangeRequest;
    const past = await applyAt(first, author, '2020-01-01T00:00:00Z');
    expect(errorCodes(past)).toEqual(['BAD_USER_INPUT']);
    expect(past.errors?.[0]?.extensions?.field).toBe('at');
    const scheduled = (await applyAt(first, author, inAnHour)).data!.applyChangeRequest;
    expect(scheduled).toMatchObject({ status: 'APPROVED', applyAt: inAnHour });
    expect(await fallthrough('later-a')).toBe('off');

    // The second is overtaken before its time: another request moves the field it sets.
    const second = (await review(await propose('later-b', 'on', author), 'APPROVE', reviewer)).data!
      .reviewChangeRequest;
    expect(errorCodes(await applyAt(second, author, inAnHour))).toEqual([]);
    const overtaking = (await review(await propose('later-b', 'on', reviewer), 'APPROVE', author)).data!
      .reviewChangeRequest;
    expect((await apply(overtaking, reviewer)).data!.applyChangeRequest.status).toBe('APPLIED');

    await stack.db.query('UPDATE flags.executor_clock SET offset_ms = offset_ms + $1', [2 * 3_600_000]);
    let done = await current(first.id);
    while (done.status !== 'APPLIED') {
      await new Promise((r) => setTimeout(r, 100));
      done = await current(first.id);
    }
    expect(await fallthrough('later-a')).toBe('on');
    const { changeRequest } = await stack.gqlOk<{ changeRequest: { appliedBy: string; applyAt: null } }>(
      `{ changeRequest(id: "${first.id}") { appliedBy applyAt } }`,
    );
    const { me } = await stack.gqlOk<{ me: { name: string } }>(
      '{ me { name } }',
      {},
      { token: author.token },
    );
    expect(changeRequest).toEqual({ appliedBy: me.name, applyAt: null });

    let refused = await current(second.id);
    while (!refused.reason) {
      await new Promise((r) => setTimeout(r, 100));
      refused = await current(second.id);
    }
    expect(refused.status).toBe('APPROVED');
    expect(refused.reason).toMatch(/fallthrough changed since version .* scheduled apply .* was not made/);
    const audit = await stack.gqlOk<{ auditLog: { nodes: { action: string }[] } }>(
      `{ auditLog(filter: { resourceKey: "${second.id}" }, first: 20) { nodes { action } } }`,
    );
    expect(audit.auditLog.nodes.map((n) => n.action)).toContain('change_request.conflicted');
  });
});
