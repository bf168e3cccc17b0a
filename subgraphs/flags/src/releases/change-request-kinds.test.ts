import { errorCodes, startTestStack, type TestStack, type TestUser } from '@switchyard/testkit';
import { flagReads } from './change-request.test-support';

// Release plans, segments and reverts in an environment that requires approval (issues 16 and 17):
// each goes through a change request, approved by someone other than its author, applied by the
// same code as the direct write, CONFLICT when what it changes moved since its version.

const REQUEST = `id kind status version approvals reason diff proposed writtenAgainstVersion environment
  flagKey segmentKey releasePlanAction revertedTo releasePlan { id status currentStage currentPercent version }`;

interface Request {
  id: string;
  kind: string;
  status: string;
  version: number;
  approvals: number;
  reason: string | null;
  diff: Record<string, { current: unknown; proposed: unknown }>;
  proposed: Record<string, unknown>;
  writtenAgainstVersion: number;
  environment: string;
  flagKey: string | null;
  segmentKey: string | null;
  releasePlanAction: string | null;
  revertedTo: string | null;
  releasePlan: {
    id: string;
    status: string;
    currentStage: number;
    currentPercent: number;
    version: number;
  } | null;
}

const STAGES =
  '[{ percent: 10, minDurationMinutes: 60 }, { percent: 50, minDurationMinutes: 60 }, { percent: 100, minDurationMinutes: 60 }]';

describe('change requests for release plans, segments and reverts through the gateway', () => {
  let stack: TestStack;
  let author: TestUser;
  let reviewer: TestUser;

  const { flagVersion, fallthrough } = flagReads(() => stack);
  const segment = async (key: string) =>
    (
      await stack.gqlOk<{ segment: { name: string; version: number; included: string[] } }>(
        `{ segment(key: "${key}") { name version included } }`,
      )
    ).segment;
  const plan = async (id: string) =>
    (
      await stack.gqlOk<{
        releasePlan: {
          status: string;
          currentStage: number;
          version: number;
          events: { kind: string; actor: string }[];
        };
      }>(`{ releasePlan(id: "${id}") { status currentStage version events { kind actor } } }`)
    ).releasePlan;
  const entries = async (key: string) =>
    (
      await stack.gqlOk<{
        auditLog: { nodes: { id: string; action: string; environment: string | null }[] };
      }>(
        'query($k: String) { auditLog(filter: { resourceKey: $k }, first: 100) { nodes { id action environment } } }',
        { k: key },
      )
    ).auditLog.nodes;

  /** createChangeRequest with `fields` (GraphQL input text) as `as`. */
  const propose = (fields: string, as: TestUser, variables: Record<string, unknown> = {}) =>
    stack.gql<{ createChangeRequest: Request }>(
      `mutation { createChangeRequest(input: { ${fields} }) { ${REQUEST} } }`,
      variables,
      { token: as.token },
    );
  const proposeOk = async (fields: string, as: TestUser) => {
    const result = await propose(fields, as);
    expect(result.errors).toBeUndefined();
    return result.data!.createChangeRequest;
  };
  const review = (r: Request, decision: string, as: TestUser) =>
    stack.gql<{ reviewChangeRequest: Request }>(
      `mutation($id: ID!, $v: Int!) { reviewChangeRequest(id: $id, decision: ${decision}, expectedVersion: $v) { ${REQUEST} } }`,
      { id: r.id, v: r.version },
      { token: as.token },
    );
  const approve = async (r: Request, as: TestUser) =>
    (await review(r, 'APPROVE', as)).data!.reviewChangeRequest;
  const apply = (r: Request, as: TestUser) =>
    stack.gql<{ applyChangeRequest: Request }>(
      `mutation($id: ID!, $v: Int!) { applyChangeRequest(id: $id, expectedVersion: $v) { ${REQUEST} } }`,
      { id: r.id, v: r.version },
      { token: as.token },
    );
  const current = async (id: string) =>
    (await stack.gqlOk<{ changeRequest: Request }>(`{ changeRequest(id: "${id}") { ${REQUEST} } }`))
      .changeRequest;
  /** The author cannot approve; the second user does; the author applies. */
  const approvedAndApplied = async (r: Request) => {
    const self = await review(r, 'APPROVE', author);
    expect(errorCodes(self)).toEqual(['FORBIDDEN']);
    expect(self.errors?.[0]?.extensions?.reason).toBe('SELF_REVIEW');
    const approved = await approve(r, reviewer);
    expect(approved.status).toBe('APPROVED');
    const applied = await apply(approved, author);
    expect(applied.errors).toBeUndefined();
    expect(applied.data!.applyChangeRequest.status).toBe('APPLIED');
    return applied.data!.applyChangeRequest;
  };

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags'],
      env: { RELEASE_TEST_CLOCK: 'true', RELEASE_EXECUTOR_INTERVAL_MS: '100' },
    });
    // Segments: "beta" used by flag "gated" in production, "inner" through "outer", "dev-only" only in development.
    for (const [key, rules] of [
      ['beta', ''],
      ['inner', ''],
      ['outer', 'rules: [{ conditions: [{ attribute: "key", operator: "inSegment", values: ["inner"] }] }]'],
      ['dev-only', ''],
    ]) {
      await stack.gqlOk(
        `mutation { createSegment(input: { key: "${key}", name: "${key}", included: ["u-1"] ${rules} }) { key } }`,
      );
    }
    for (const key of ['rollout', 'gated', 'restored']) {
      await stack.gqlOk(`mutation { createFlag(input: { key: "${key}", name: "${key}" }) { key } }`);
      await stack.gqlOk(
        `mutation { updateTargeting(key: "${key}", environment: "production", expectedVersion: ${await flagVersion(key)},
          input: { enabled: true, fallthrough: { variation: "off" } }) { version } }`,
      );
    }
    const rule = (segmentKey: string) =>
      `{ conditions: [{ attribute: "key", operator: "inSegment", values: ["${segmentKey}"] }], serve: { variation: "on" } }`;
    await stack.gqlOk(
      `mutation { updateTargeting(key: "gated", environment: "production", expectedVersion: ${await flagVersion('gated')},
        input: { rules: [${rule('beta')}, ${rule('outer')}] }) { version } }`,
    );
    await stack.gqlOk(
      `mutation { updateTargeting(key: "gated", environment: "development", expectedVersion: ${await flagVersion('gated')},
        input: { rules: [${rule('dev-only')}] }) { version } }`,
    );
    // "restored" serves "on" after serving "off": its revert restores "off".
    await stack.gqlOk(
      `mutation { updateTargeting(key: "restored", environment: "production", expectedVersion: ${await flagVersion('restored')},
        input: { fallthrough: { variation: "on" } }) { version } }`,
    );
    await stack.gqlOk(
      'mutation { setApprovalPolicy(environment: "production", requiredApprovals: 1) { version } }',
    );
    author = await stack.createUser('editor', { production: true });
    reviewer = await stack.createUser('editor', { production: true });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('a release plan is started and resumed through approved requests; PAUSE and ROLLBACK stay direct; a moved plan is CONFLICT', async () => {
    const direct = await stack.gql(
      `mutation { createReleasePlan(input: { flagKey: "rollout", environment: "production", variation: "on", stages: ${STAGES} }) { id } }`,
      {},
      { token: author.token },
    );
    expect(errorCodes(direct)).toEqual(['FORBIDDEN']);
    expect(direct.errors?.[0]?.extensions?.reason).toBe('APPROVAL_REQUIRED');

    const sub = await stack.subscribe<{
      configChanged: { kind: string; changeRequest: { kind: string; status: string } | null };
    }>('subscription { configChanged(environment: "production") { kind changeRequest { kind status } } }');
    await new Promise((r) => setTimeout(r, 300));
    const start = await proposeOk(
      `expectedVersion: ${await flagVersion('rollout')}, comment: "release it",
       releasePlan: { flagKey: "rollout", environment: "production", variation: "on", stages: ${STAGES} }`,
      author,
    );
    expect(start).toMatchObject({
      kind: 'RELEASE_PLAN',
      status: 'SUBMITTED',
      flagKey: 'rollout',
      releasePlan: null,
    });
    expect(start.diff.releasePlan).toMatchObject({ current: null, proposed: { variation: 'on' } });
    expect(await fallthrough('rollout')).toBe('off');
    const started = await approvedAndApplied(start);
    expect(started.releasePlan).toMatchObject({ status: 'ACTIVE', currentStage: 0, currentPercent: 10 });
    const planId = started.releasePlan!.id;
    for (
      let n = 1;
      !sub.events.some(
        (e) =>
          e.data?.configChanged.changeRequest?.kind === 'RELEASE_PLAN' &&
          e.data.configChanged.changeRequest.status === 'APPLIED',
      );
      n++
    ) {
      await sub.waitFor(n);
    }
    await sub.close();

    const act = (action: string, version: number, as: TestUser) =>
      stack.gql<{ releasePlanAction: { status: string; version: number } }>(
        `mutation { releasePlanAction(id: "${planId}", action: ${action}, expectedVersion: ${version}) { status version } }`,
        {},
        { token: as.token },
      );
    expect(errorCodes(await act('ADVANCE', started.releasePlan!.version, author))).toEqual(['FORBIDDEN']);
    // A safety stop needs no approval.
    const paused = await act('PAUSE', started.releasePlan!.version, author);
    expect(paused.data?.releasePlanAction.status).toBe('PAUSED');
    const version = paused.data!.releasePlanAction.version;
    expect(errorCodes(await act('RESUME', version, author))).toEqual(['FORBIDDEN']);

    const refusedKind = await propose(
      `expectedVersion: ${version}, releasePlanAction: { planId: "${planId}", action: ROLLBACK }`,
      author,
    );
    expect(errorCodes(refusedKind)).toEqual(['BAD_USER_INPUT']);
    expect(refusedKind.errors?.[0]?.extensions?.field).toBe('input.releasePlanAction.action');

    const resume = await proposeOk(
      `expectedVersion: ${version}, releasePlanAction: { planId: "${planId}", action: RESUME, comment: "metrics fine" }`,
      author,
    );
    const advance = await proposeOk(
      `expectedVersion: ${version}, releasePlanAction: { planId: "${planId}", action: ADVANCE }`,
      author,
    );
    expect(resume).toMatchObject({
      kind: 'RELEASE_PLAN_ACTION',
      releasePlanAction: 'RESUME',
      writtenAgainstVersion: version,
      environment: 'production',
    });
    expect(resume.diff.status).toEqual({ current: 'PAUSED', proposed: 'ACTIVE' });
    expect(advance.diff.currentPercent).toEqual({ current: 10, proposed: 50 });
    expect((await plan(planId)).status).toBe('PAUSED');

    const resumed = await approvedAndApplied(resume);
    expect(resumed.releasePlan?.status).toBe('ACTIVE');
    const { me } = await stack.gqlOk<{ me: { name: string } }>(
      '{ me { name } }',
      {},
      { token: author.token },
    );
    expect((await plan(planId)).events.at(-1)).toEqual({ kind: 'RESUMED', actor: me.name });

    // The ADVANCE was made against the paused plan: the resume moved it.
    const moved = await plan(planId);
    const refused = await apply(await approve(advance, reviewer), author);
    expect(errorCodes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.extensions?.changed).toEqual(['releasePlan']);
    expect(await plan(planId)).toMatchObject({ currentStage: 0, version: moved.version });
    const shown = await current(advance.id);
    expect(shown.status).toBe('APPROVED');
    expect(shown.reason).toMatch(new RegExp(`releasePlan changed since version ${version}`));

    const audit = (await entries(resume.id)).map((e) => e.action).sort();
    expect(audit).toEqual(['change_request.applied', 'change_request.approved', 'change_request.created']);
    expect((await entries(planId)).map((e) => e.action)).toContain('release_plan.resumed');

    const rolledBack = await act('ROLLBACK', moved.version, author);
    expect(rolledBack.data?.releasePlanAction.status).toBe('ROLLED_BACK');
    expect(await fallthrough('rollout')).toBe('off');
  });

  it('a release plan request with a bad variation is BAD_USER_INPUT naming the field; nothing is written', async () => {
    const before = await stack.gqlOk<{ changeRequests: { id: string }[] }>(
      '{ changeRequests(filter: { flagKey: "rollout" }, first: 200) { id } }',
    );
    const bad = await propose(
      `expectedVersion: ${await flagVersion('rollout')},
       releasePlan: { flagKey: "rollout", environment: "production", variation: "nope", stages: ${STAGES} }`,
      author,
    );
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors?.[0]?.extensions?.field).toBe('input.releasePlan.variation');
    const two = await propose(
      `flagKey: "rollout", environment: "production", expectedVersion: 1, enabled: true,
       releasePlanAction: { planId: "00000000-0000-0000-0000-000000000000", action: RESUME }`,
      author,
    );
    expect(errorCodes(two)).toEqual(['BAD_USER_INPUT']);
    const after = await stack.gqlOk<{ changeRequests: { id: string }[] }>(
      '{ changeRequests(filter: { flagKey: "rollout" }, first: 200) { id } }',
    );
    expect(after.changeRequests.length).toBe(before.changeRequests.length);
  });

  it('a segment a flag uses in a protected environment changes only through an approved request; a moved segment is CONFLICT', async () => {
    const update = (key: string, version: number) =>
      stack.gql(
        `mutation { updateSegment(key: "${key}", expectedVersion: ${version}, input: { name: "direct" }) { version } }`,
        {},
        { token: author.token },
      );
    for (const key of ['beta', 'inner']) {
      const direct = await update(key, (await segment(key)).version);
      expect(errorCodes(direct)).toEqual(['FORBIDDEN']);
      expect(direct.errors?.[0]?.extensions?.reason).toBe('APPROVAL_REQUIRED');
    }
    // Used in development only: direct.
    expect(errorCodes(await update('dev-only', (await segment('dev-only')).version))).toEqual([]);
    const notProtected = await propose(
      `expectedVersion: ${(await segment('dev-only')).version}, segment: { key: "dev-only", update: { name: "x" } }`,
      author,
    );
    expect(errorCodes(notProtected)).toEqual(['BAD_USER_INPUT']);
    expect(notProtected.errors?.[0]?.extensions?.field).toBe('input.segment.key');
    const badRule = await propose(
      `expectedVersion: ${(await segment('beta')).version}, segment: { key: "beta", update: {
        rules: [{ conditions: [{ attribute: "key", operator: "inSegment", values: ["missing"] }] }] } }`,
      author,
    );
    expect(errorCodes(badRule)).toEqual(['BAD_USER_INPUT']);
    expect(badRule.errors?.[0]?.extensions?.field).toMatch(/^input\.segment\.update\.rules\[0\]/);

    const base = (await segment('beta')).version;
    const request = await proposeOk(
      `expectedVersion: ${base}, segment: { key: "beta", update: { name: "Beta testers", addIncluded: ["u-9"] } }`,
      author,
    );
    expect(request).toMatchObject({
      kind: 'SEGMENT',
      segmentKey: 'beta',
      flagKey: null,
      environment: 'production',
      writtenAgainstVersion: base,
    });
    expect(request.diff).toEqual({
      name: { current: 'beta', proposed: 'Beta testers' },
      included: { current: { count: 1 }, proposed: { count: 2, added: ['u-9'], removed: [] } },
    });
    expect((await segment('beta')).name).toBe('beta');
    await approvedAndApplied(request);
    expect(await segment('beta')).toEqual({
      name: 'Beta testers',
      version: base + 1,
      included: ['u-1', 'u-9'],
    });
    expect((await entries('beta')).map((e) => e.action)).toContain('segment.updated');

    // Two requests against the same version: the second to apply finds the segment moved.
    const first = await proposeOk(
      `expectedVersion: ${base + 1}, segment: { key: "beta", update: { description: "first" } }`,
      author,
    );
    const second = await proposeOk(
      `expectedVersion: ${base + 1}, segment: { key: "beta", update: { description: "second" } }`,
      author,
    );
    await approvedAndApplied(first);
    const refused = await apply(await approve(second, reviewer), author);
    expect(errorCodes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.extensions?.changed).toEqual(['segment']);
    expect((await segment('beta')).version).toBe(base + 2);
    expect((await current(second.id)).reason).toMatch(
      new RegExp(`segment changed since version ${base + 1}`),
    );
  });

  it('a revert in a protected environment is proposed as a request with the restored state; a moved flag is CONFLICT', async () => {
    const flagEntries = await entries('restored');
    // Newest first: the entry that served "off" in production is the second targeting entry.
    const servedOff = flagEntries.filter((e) => e.environment === 'production')[1]!;
    const version = await flagVersion('restored');
    const direct = await stack.gql(
      `mutation { revertFlag(key: "restored", auditEntryId: "${servedOff.id}", expectedVersion: ${version}) { version } }`,
      {},
      { token: author.token },
    );
    expect(errorCodes(direct)).toEqual(['FORBIDDEN']);
    expect(direct.errors?.[0]?.message).toMatch(/revertTo/);

    const created = flagEntries.find((e) => e.action === 'flag.created')!;
    const noApprovalNeeded = await propose(`expectedVersion: ${version}, revertTo: "${created.id}"`, author);
    expect(errorCodes(noApprovalNeeded)).toEqual(['BAD_USER_INPUT']);
    expect(noApprovalNeeded.errors?.[0]?.extensions?.field).toBe('input.revertTo');

    const revert = await proposeOk(`expectedVersion: ${version}, revertTo: "${servedOff.id}"`, author);
    expect(revert).toMatchObject({
      kind: 'TARGETING_REVERT',
      flagKey: 'restored',
      environment: 'production',
      revertedTo: servedOff.id,
    });
    expect(revert.diff).toEqual({
      fallthrough: { current: { variation: 'on' }, proposed: { variation: 'off' } },
    });
    // A second revert, made against the same version, is overtaken by the first.
    const overtaken = await proposeOk(`expectedVersion: ${version}, revertTo: "${servedOff.id}"`, author);
    await approvedAndApplied(revert);
    expect(await fallthrough('restored')).toBe('off');
    expect((await entries('restored'))[0]!.action).toBe('flag.targeting.reverted');
    const refused = await apply(await approve(overtaken, reviewer), author);
    expect(errorCodes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.extensions?.changed).toEqual(['fallthrough']);

    // A segment a flag uses in production: revertSegment is refused, the request restores it.
    const segmentEntries = await entries('beta');
    const segmentCreated = segmentEntries.find((e) => e.action === 'segment.created')!;
    const now = (await segment('beta')).version;
    const directSegment = await stack.gql(
      `mutation { revertSegment(key: "beta", auditEntryId: "${segmentCreated.id}", expectedVersion: ${now}) { version } }`,
      {},
      { token: author.token },
    );
    expect(errorCodes(directSegment)).toEqual(['FORBIDDEN']);
    const segmentRevert = await proposeOk(
      `expectedVersion: ${now}, revertTo: "${segmentCreated.id}"`,
      author,
    );
    expect(segmentRevert).toMatchObject({
      kind: 'SEGMENT',
      segmentKey: 'beta',
      revertedTo: segmentCreated.id,
    });
    expect(segmentRevert.diff.name).toEqual({ current: 'Beta testers', proposed: 'beta' });
    await approvedAndApplied(segmentRevert);
    expect(await segment('beta')).toEqual({ name: 'beta', version: now + 1, included: ['u-1'] });
    expect((await entries('beta'))[0]!.action).toBe('segment.reverted');
  });

  it('a scheduled apply whose change is no longer valid keeps the refusal as its reason, unscheduled', async () => {
    await stack.gqlOk('mutation { createSegment(input: { key: "helper", name: "helper" }) { key } }');
    const request = await proposeOk(
      `expectedVersion: ${(await segment('beta')).version}, segment: { key: "beta", update: {
        rules: [{ conditions: [{ attribute: "key", operator: "inSegment", values: ["helper"] }] }] } }`,
      author,
    );
    const approved = await approve(request, reviewer);
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await stack.gql(
      `mutation($id: ID!, $v: Int!, $at: DateTime) { applyChangeRequest(id: $id, expectedVersion: $v, at: $at) { id } }`,
      { id: approved.id, v: approved.version, at: inAnHour },
      { token: author.token },
    );
    expect(scheduled.errors).toBeUndefined();
    // Nothing uses "helper" yet (the request is not applied): it can go, and the request's rule with it.
    await stack.gqlOk('mutation { deleteSegment(key: "helper", expectedVersion: 1) }');
    const before = await segment('beta');
    await stack.db.query('UPDATE flags.executor_clock SET offset_ms = offset_ms + $1', [2 * 3_600_000]);
    let refused = await current(request.id);
    while (!refused.reason) {
      await new Promise((r) => setTimeout(r, 100));
      refused = await current(request.id);
    }
    expect(refused.status).toBe('APPROVED');
    expect(refused.reason).toMatch(/helper.*the scheduled apply was not made/);
    const { changeRequest } = await stack.gqlOk<{ changeRequest: { applyAt: string | null } }>(
      `{ changeRequest(id: "${request.id}") { applyAt } }`,
    );
    expect(changeRequest.applyAt).toBeNull();
    expect(await segment('beta')).toEqual(before);
    expect((await entries(request.id)).map((e) => e.action)).toContain('change_request.conflicted');
  });

  it('copyTargeting and importFlag into an environment that requires approval are FORBIDDEN; nothing is written', async () => {
    const version = await flagVersion('gated');
    const copied = await stack.gql(
      `mutation { copyTargeting(key: "gated", fromEnvironment: "development", toEnvironment: "production", expectedVersion: ${version}) { version } }`,
      {},
      { token: author.token },
    );
    expect(errorCodes(copied)).toEqual(['FORBIDDEN']);
    expect(copied.errors?.[0]?.extensions?.reason).toBe('APPROVAL_REQUIRED');
    const imported = await stack.gql(
      `mutation { importFlag(input: { key: "imported", name: "imported",
        environments: [{ environment: "production", targeting: { enabled: true } }] }) { version } }`,
      {},
      { token: author.token },
    );
    expect(errorCodes(imported)).toEqual(['FORBIDDEN']);
    expect(await flagVersion('gated')).toBe(version);
    const got = await stack.gql<{ flag: unknown }>('{ flag(key: "imported") { key } }');
    expect(got.data?.flag ?? null).toBeNull();
    // Into an environment that does not: as before.
    await stack.gqlOk(
      `mutation { copyTargeting(key: "gated", fromEnvironment: "production", toEnvironment: "staging", expectedVersion: ${version}) { version } }`,
      {},
      { token: author.token },
    );
  });
});
