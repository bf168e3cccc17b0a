import { compileFlagSet, type FlagSet } from '@switchyard/core';
import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';
import { Client } from 'pg';

const MINUTE = 60_000;
const PLAN = `id status currentStage currentPercent version waitingReason
  events { kind stage percent actor detail }`;

describe('release plans and scheduled changes through the gateway (moved clock)', () => {
  let stack: TestStack;
  let db: Client;

  /** Moves the executor's clock (every replica reads the same offset). */
  const moveClock = (ms: number) =>
    db.query('UPDATE flags.executor_clock SET offset_ms = offset_ms + $1', [ms]);

  /** Waits for the executor, which polls every 100 ms, to bring the plan to `until`. */
  async function planUntil(id: string, until: (p: Plan) => boolean): Promise<Plan> {
    for (;;) {
      const { releasePlan } = await stack.gqlOk<{ releasePlan: Plan }>(
        `query($id: ID!) { releasePlan(id: $id) { ${PLAN} } }`,
        {
          id,
        },
      );
      if (until(releasePlan)) return releasePlan;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function servedShare(flagKey: string, variation: string, contexts: string[]) {
    const { flagSet } = await stack.gqlOk<{ flagSet: FlagSet }>(
      '{ flagSet(environment: "production") { environment version flags segments } }',
    );
    const compiled = compileFlagSet(flagSet);
    return new Set(contexts.filter((key) => compiled.evaluate(flagKey, { key }).variation === variation));
  }

  async function flagVersion(key: string): Promise<number> {
    return (await stack.gqlOk<{ flag: { version: number } }>(`{ flag(key: "${key}") { version } }`)).flag
      .version;
  }

  async function createBooleanFlag(key: string) {
    await stack.gqlOk(`mutation { createFlag(input: { key: "${key}", name: "${key}" }) { key } }`);
    // Served "false" to everyone in production, enabled.
    await stack.gqlOk(
      `mutation { updateTargeting(key: "${key}", environment: "production", expectedVersion: ${await flagVersion(key)},
        input: { enabled: true, fallthrough: { variation: "off" } }) { version } }`,
    );
  }

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags'],
      env: { RELEASE_TEST_CLOCK: 'true', RELEASE_EXECUTOR_INTERVAL_MS: '100' },
    });
    db = new Client({ connectionString: stack.db.url });
    await db.connect();
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  it('walks 1 → 5 → 25 → 100 %: each share within ±1 % over 20,000 contexts, nobody loses the variation', async () => {
    await createBooleanFlag('new-checkout');
    const created = await stack.gqlOk<{ createReleasePlan: Plan }>(
      `mutation { createReleasePlan(input: { flagKey: "new-checkout", environment: "production", variation: "on",
        stages: [{ percent: 1, minDurationMinutes: 60 }, { percent: 5, minDurationMinutes: 60 },
                 { percent: 25, minDurationMinutes: 60 }, { percent: 100, minDurationMinutes: 60 }] }) { ${PLAN} } }`,
    );
    const plan = created.createReleasePlan;
    expect(plan).toMatchObject({ status: 'ACTIVE', currentStage: 0, currentPercent: 1 });
    const contexts = Array.from({ length: 20_000 }, (_, i) => `user-${i}`);
    let had = new Set<string>();
    for (const [stage, percent] of [1, 5, 25, 100].entries()) {
      const current = await planUntil(plan.id, (p) => p.currentStage === stage);
      expect(current.currentPercent).toBe(percent);
      const got = await servedShare('new-checkout', 'on', contexts);
      expect(Math.abs(got.size / contexts.length - percent / 100)).toBeLessThanOrEqual(0.01);
      expect([...had].filter((u) => !got.has(u))).toEqual([]);
      had = got;
      await moveClock(61 * MINUTE);
    }
    const done = await planUntil(plan.id, (p) => p.status === 'COMPLETED');
    expect(done.events.map((e) => e.kind)).toEqual([
      'STARTED',
      'ADVANCED',
      'ADVANCED',
      'ADVANCED',
      'COMPLETED',
    ]);
    const audit = await stack.gqlOk<{ auditLog: { nodes: { action: string; resourceType: string }[] } }>(
      '{ auditLog(filter: { resourceKey: "new-checkout" }, first: 20) { nodes { action resourceType } } }',
    );
    expect(audit.auditLog.nodes.map((n) => n.action)).toEqual(
      expect.arrayContaining(['release_plan.started', 'release_plan.advanced']),
    );
  });

  it('pauses, resumes, advances and rolls back by hand, each on configChanged', async () => {
    await createBooleanFlag('search-v2');
    const sub = await stack.subscribe<{
      configChanged: { kind: string; releasePlan: { status: string } | null };
    }>('subscription { configChanged(environment: "production") { kind releasePlan { status } } }');
    const { createReleasePlan: plan } = await stack.gqlOk<{ createReleasePlan: Plan }>(
      `mutation { createReleasePlan(input: { flagKey: "search-v2", environment: "production", variation: "on",
        template: "runbook-quick", guards: [] }) { ${PLAN} } }`,
    );
    const act = (action: string, version: number) =>
      stack.gql<{ releasePlanAction: Plan }>(
        `mutation { releasePlanAction(id: "${plan.id}", action: ${action}, expectedVersion: ${version}, comment: "by hand") { ${PLAN} } }`,
      );
    const paused = (await act('PAUSE', plan.version)).data!.releasePlanAction;
    expect(paused.status).toBe('PAUSED');
    expect(errorCodes(await act('PAUSE', paused.version))).toEqual(['CONFLICT']);
    expect(errorCodes(await act('RESUME', plan.version))).toEqual(['CONFLICT']);
    const resumed = (await act('RESUME', paused.version)).data!.releasePlanAction;
    const advanced = (await act('ADVANCE', resumed.version)).data!.releasePlanAction;
    expect(advanced).toMatchObject({ status: 'ACTIVE', currentStage: 1, currentPercent: 50 });
    const rolled = (await act('ROLLBACK', advanced.version)).data!.releasePlanAction;
    expect(rolled.status).toBe('ROLLED_BACK');
    expect((await servedShare('search-v2', 'on', ['a', 'b', 'c', 'd'])).size).toBe(0);
    const planEvents = () =>
      sub.events
        .filter((e) => e.data?.configChanged.kind === 'RELEASE_PLAN_UPDATED')
        .map((e) => e.data!.configChanged);
    // Paused, resumed, advanced, rolled back (the start may precede the subscription going live);
    // the advance and the rollback also change the flag.
    for (
      let n = 1;
      planEvents().length < 4 || planEvents().at(-1)?.releasePlan?.status !== 'ROLLED_BACK';
      n++
    ) {
      await sub.waitFor(n);
    }
    await sub.close();
    expect(planEvents().at(-1)?.releasePlan?.status).toBe('ROLLED_BACK');
    const metrics = await (await fetch(new URL('/metrics', stack.subgraphUrls.flags!))).text();
    expect(metrics).toMatch(
      /switchyard_release_rollbacks_total\{[^}]*environment="production"[^}]*trigger="manual"[^}]*\} 1/,
    );
  });

  it.each([
    [
      'stages not increasing',
      'stages: [{ percent: 5, minDurationMinutes: 5 }, { percent: 5, minDurationMinutes: 5 }, { percent: 100, minDurationMinutes: 5 }]',
      'input.stages[1].percent',
    ],
    [
      'stages not ending at 100',
      'stages: [{ percent: 5, minDurationMinutes: 5 }, { percent: 50, minDurationMinutes: 5 }]',
      'input.stages[1].percent',
    ],
    [
      'a duration under a minute',
      'stages: [{ percent: 5, minDurationMinutes: 0 }, { percent: 100, minDurationMinutes: 5 }]',
      'input.stages[0].minDurationMinutes',
    ],
    [
      'a nonsensical threshold',
      'stages: [{ percent: 100, minDurationMinutes: 5 }], guards: [{ metric: "errors", threshold: -1 }]',
      'input.guards[0].threshold',
    ],
    ['an unknown template', 'template: "nope"', 'input.template'],
    ['an unknown variation', 'template: "runbook-quick", guards: [], variation: "maybe"', 'input.variation'],
  ])('refuses %s (%s) as BAD_USER_INPUT naming the field, writing nothing', async (_what, fields, field) => {
    const version = await flagVersion('search-v2');
    const body = await stack.gql(
      `mutation { createReleasePlan(input: { flagKey: "search-v2", environment: "production", ${fields.includes('variation:') ? '' : 'variation: "on",'} ${fields} }) { id } }`,
    );
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe(field);
    expect(await flagVersion('search-v2')).toBe(version);
  });

  it('applies a scheduled change when due, and fails one that conflicts with a later manual change', async () => {
    await createBooleanFlag('banner');
    const now =
      Date.now() + Number((await db.query('SELECT offset_ms FROM flags.executor_clock')).rows[0].offset_ms);
    const past = await stack.gql(
      `mutation { scheduleChange(input: { flagKey: "banner", environment: "production", at: "${new Date(now - MINUTE).toISOString()}",
        expectedVersion: ${await flagVersion('banner')}, enabled: false }) { id } }`,
    );
    expect(errorCodes(past)).toEqual(['BAD_USER_INPUT']);
    expect(past.errors?.[0]?.extensions?.field).toBe('input.at');

    const at = new Date(now + 10 * MINUTE).toISOString();
    const schedule = async (input: string) =>
      (
        await stack.gqlOk<{ scheduleChange: { id: string; status: string; version: number } }>(
          `mutation { scheduleChange(input: { flagKey: "banner", environment: "production", at: "${at}",
            expectedVersion: ${await flagVersion('banner')}, ${input} }) { id status version } }`,
        )
      ).scheduleChange;
    const off = await schedule('enabled: false');
    const split = await schedule('targeting: { fallthrough: { variation: "on" } }');
    // A manual change of the fallthrough after the split was written: it conflicts; the kill switch does not.
    await stack.gqlOk(
      `mutation { updateTargeting(key: "banner", environment: "production", expectedVersion: ${await flagVersion('banner')},
        input: { fallthrough: { rollout: { variations: [{ variation: "on", weight: 50 }, { variation: "off", weight: 50 }] } } }) { version } }`,
    );
    await moveClock(11 * MINUTE);
    const changes = async () =>
      (
        await stack.gqlOk<{ scheduledChanges: { id: string; status: string; reason: string | null }[] }>(
          '{ scheduledChanges(filter: { flagKey: "banner" }) { id status reason } }',
        )
      ).scheduledChanges;
    let list = await changes();
    while (list.some((c) => c.status === 'PENDING')) {
      await new Promise((r) => setTimeout(r, 100));
      list = await changes();
    }
    expect(list.find((c) => c.id === off.id)).toMatchObject({ status: 'APPLIED', reason: null });
    expect(list.find((c) => c.id === split.id)).toMatchObject({ status: 'FAILED' });
    expect(list.find((c) => c.id === split.id)?.reason).toMatch(/fallthrough changed since version/);
    const env = await stack.gqlOk<{
      flag: { environment: { enabled: boolean; fallthrough: { rollout: unknown } } };
    }>(
      '{ flag(key: "banner") { environment(key: "production") { enabled fallthrough { rollout { variations { weight } } } } } }',
    );
    expect(env.flag.environment.enabled).toBe(false);
    expect(env.flag.environment.fallthrough.rollout).not.toBeNull();
  });

  it('saves a team template, starts a plan from it, refuses bad or stale saves, and deletes it; all audited', async () => {
    const SAVE = `mutation($input: ReleaseTemplateInput!, $v: Int) {
      saveReleaseTemplate(input: $input, expectedVersion: $v) { key name builtIn version stages { percent minDurationMinutes } } }`;
    const input = {
      key: 'team-halves',
      name: 'Halves',
      stages: [
        { percent: 50, minDurationMinutes: 30 },
        { percent: 100, minDurationMinutes: 30 },
      ],
    };
    const saved = await stack.gqlOk<{ saveReleaseTemplate: { version: number; builtIn: boolean } }>(SAVE, {
      input,
    });
    expect(saved.saveReleaseTemplate).toMatchObject({ version: 1, builtIn: false });

    expect(errorCodes(await stack.gql(SAVE, { input }))).toEqual(['CONFLICT']);
    expect(errorCodes(await stack.gql(SAVE, { input, v: 7 }))).toEqual(['CONFLICT']);
    const builtIn = await stack.gql(SAVE, { input: { ...input, key: 'spec-canary' } });
    expect(errorCodes(builtIn)).toEqual(['BAD_USER_INPUT']);
    expect(builtIn.errors?.[0]?.extensions?.field).toBe('input.key');
    const falling = await stack.gql(SAVE, {
      input: {
        ...input,
        key: 'falling',
        stages: [
          { percent: 50, minDurationMinutes: 30 },
          { percent: 20, minDurationMinutes: 30 },
        ],
      },
    });
    expect(errorCodes(falling)).toEqual(['BAD_USER_INPUT']);
    expect(falling.errors?.[0]?.message).toMatch(/input\.stages\[1\]\.percent/);
    const viewer = await stack.createUser('viewer');
    expect(
      errorCodes(await stack.gql(SAVE, { input: { ...input, key: 'mine' } }, { token: viewer.token })),
    ).toEqual(['FORBIDDEN']);
    const renamed = await stack.gqlOk<{ saveReleaseTemplate: { version: number; name: string } }>(SAVE, {
      input: { ...input, name: 'Two halves' },
      v: 1,
    });
    expect(renamed.saveReleaseTemplate).toMatchObject({ version: 2, name: 'Two halves' });
    const { releaseTemplates } = await stack.gqlOk<{ releaseTemplates: { key: string; builtIn: boolean }[] }>(
      '{ releaseTemplates { key builtIn } }',
    );
    expect(releaseTemplates).toEqual(
      expect.arrayContaining([
        { key: 'spec-canary', builtIn: true },
        { key: 'team-halves', builtIn: false },
      ]),
    );

    await createBooleanFlag('from-template');
    const { createReleasePlan } = await stack.gqlOk<{ createReleasePlan: { currentPercent: number } }>(
      `mutation { createReleasePlan(input: { flagKey: "from-template", environment: "production", variation: "on",
        template: "team-halves" }) { currentPercent } }`,
    );
    expect(createReleasePlan.currentPercent).toBe(50);

    const remove = (key: string, v: number) =>
      stack.gql<{ deleteReleaseTemplate: boolean }>(
        `mutation { deleteReleaseTemplate(key: "${key}", expectedVersion: ${v}) }`,
      );
    expect(errorCodes(await remove('team-halves', 1))).toEqual(['CONFLICT']);
    expect((await remove('team-halves', 2)).data?.deleteReleaseTemplate).toBe(true);
    expect(errorCodes(await remove('spec-canary', 1))).toEqual(['BAD_USER_INPUT']);
    const audit = await stack.gqlOk<{ auditLog: { nodes: { action: string }[] } }>(
      '{ auditLog(filter: { resourceKey: "team-halves" }, first: 20) { nodes { action } } }',
    );
    expect(audit.auditLog.nodes.map((n) => n.action).sort()).toEqual([
      'release_template.created',
      'release_template.deleted',
      'release_template.updated',
    ]);
  });
});

interface Plan {
  id: string;
  status: string;
  currentStage: number;
  currentPercent: number;
  version: number;
  waitingReason: string | null;
  events: {
    kind: string;
    stage: number;
    percent: number;
    actor: string;
    detail: Record<string, unknown> | null;
  }[];
}
