import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';
import { Client } from 'pg';
import {
  ASSIGN,
  assign,
  createExperiment,
  createFlag,
  createMetric,
  EXPERIMENT_FIELDS,
  eventually,
  transition,
} from '../test-support';

const UPDATE = `mutation($key: String!, $input: UpdateExperimentInput!, $v: Int!, $restart: Boolean) {
  updateExperiment(key: $key, input: $input, expectedVersion: $v, restart: $restart) { ${EXPERIMENT_FIELDS} }
}`;

describe('assignment through the gateway', () => {
  let stack: TestStack;
  let db: Client;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    db = new Client({ connectionString: stack.db.url });
    await db.connect();
    await createMetric(stack, 'purchase');
    await createFlag(stack, 'sticky-flag', ['control', 'treatment']);
    await createFlag(stack, 'agree-flag', ['a', 'b', 'c'], 'production');
    await createFlag(stack, 'layer-flag-1', ['control', 'treatment']);
    await createFlag(stack, 'layer-flag-2', ['control', 'treatment']);
    await createFlag(stack, 'layer-flag-3', ['control', 'treatment']);
  }, 180_000);
  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  it('answers NOT_RUNNING for a draft and NOT_FOUND for an unknown experiment', async () => {
    await createExperiment(stack, { key: 'not-yet', flagKey: 'sticky-flag' });
    expect(await assign(stack, 'not-yet', { key: 'u1' })).toMatchObject({
      variant: null,
      reason: 'NOT_RUNNING',
    });
    expect(errorCodes(await stack.gql(ASSIGN, { key: 'nope', context: { key: 'u1' } }))).toEqual([
      'NOT_FOUND',
    ]);
    const bad = await stack.gql(ASSIGN, { key: 'not-yet', context: { plan: 'pro' } });
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors?.[0]?.extensions?.field).toBe('context.key');
  });

  it('stores the first assignment, returns it STICKY afterwards, even after weights and traffic change', async () => {
    await createExperiment(stack, {
      key: 'sticky',
      flagKey: 'sticky-flag',
      variants: [
        { key: 'control', weight: 0, configuration: { color: 'blue' } },
        { key: 'treatment', weight: 100, configuration: { color: 'green' } },
      ],
    });
    await transition(stack, 'startExperiment', 'sticky');
    const first = await assign(stack, 'sticky', { key: 'alice' });
    expect(first).toMatchObject({
      experimentKey: 'sticky',
      userKey: 'alice',
      variant: 'treatment',
      configuration: { color: 'green' },
      reason: 'ASSIGNED',
    });
    expect(await assign(stack, 'sticky', { key: 'alice' })).toMatchObject({
      variant: 'treatment',
      reason: 'STICKY',
    });

    // New weights (a restart) send everyone new to control; traffic 0 enrols nobody new. Alice keeps hers.
    const restarted = await stack.gqlOk<{ updateExperiment: { version: number } }>(UPDATE, {
      key: 'sticky',
      v: 2,
      restart: true,
      input: {
        variants: [
          { key: 'control', weight: 100, configuration: { color: 'blue' } },
          { key: 'treatment', weight: 0, configuration: { color: 'green' } },
        ],
      },
    });
    expect(await assign(stack, 'sticky', { key: 'bob' })).toMatchObject({
      variant: 'control',
      reason: 'ASSIGNED',
    });
    await stack.gqlOk(UPDATE, {
      key: 'sticky',
      v: restarted.updateExperiment.version,
      input: { trafficAllocation: 0 },
    });
    expect(await assign(stack, 'sticky', { key: 'carol' })).toMatchObject({
      variant: null,
      reason: 'NOT_IN_TRAFFIC',
    });
    expect(await assign(stack, 'sticky', { key: 'alice' })).toMatchObject({
      variant: 'treatment',
      reason: 'STICKY',
    });
    expect(await assign(stack, 'sticky', { key: 'bob' })).toMatchObject({
      variant: 'control',
      reason: 'STICKY',
    });

    const listed = await stack.gqlOk<{
      assignments: { experimentKey: string; variant: string; experiment: { key: string } }[];
    }>('{ assignments(userKey: "alice") { experimentKey variant reason experiment { key status } } }');
    expect(listed.assignments).toEqual([
      {
        experimentKey: 'sticky',
        variant: 'treatment',
        reason: 'STICKY',
        experiment: { key: 'sticky', status: 'RUNNING' },
      },
    ]);

    // Paused: no variant, but the stored assignment is kept for when it resumes.
    await transition(stack, 'pauseExperiment', 'sticky');
    expect(await assign(stack, 'sticky', { key: 'alice' })).toMatchObject({
      variant: null,
      reason: 'NOT_RUNNING',
    });
    await transition(stack, 'resumeExperiment', 'sticky');
    expect(await assign(stack, 'sticky', { key: 'alice' })).toMatchObject({
      variant: 'treatment',
      reason: 'STICKY',
    });
  });

  it('writes exactly one row for 100 concurrent first assignments of one user, all with the same variant', async () => {
    await createFlag(stack, 'race-flag', ['control', 'treatment']);
    await createExperiment(stack, { key: 'race', flagKey: 'race-flag' });
    await transition(stack, 'startExperiment', 'race');
    const results = await Promise.all(
      Array.from({ length: 100 }, () => assign(stack, 'race', { key: 'racer' })),
    );
    const variants = new Set(results.map((r) => r.variant));
    expect(variants.size).toBe(1);
    expect([...variants][0]).toMatch(/^(control|treatment)$/);
    expect(results.filter((r) => r.reason === 'ASSIGNED').length).toBe(1);
    expect(results.every((r) => r.reason === 'ASSIGNED' || r.reason === 'STICKY')).toBe(true);
    const rows = await db.query(
      'SELECT variant FROM experiments.user_assignments WHERE experiment_key = $1',
      ['race'],
    );
    expect(rows.rows).toEqual([{ variant: [...variants][0] }]);

    // One exposure reaches analytics, however many callers raced.
    const exposures = await eventually(
      async () =>
        (
          await stack.gqlOk<{ experiment: { exposures: number } }>(
            '{ experiment(key: "race") { exposures } }',
          )
        ).experiment.exposures,
      (n) => n >= 1,
    );
    expect(exposures).toBe(1);
    const published = await db.query(
      'SELECT exposure_published_at FROM experiments.user_assignments WHERE experiment_key = $1',
      ['race'],
    );
    expect(published.rows[0].exposure_published_at).not.toBeNull();
  });

  it('records the allow-listed context attributes with the exposure, on the edge and the federated path, for breakdowns', async () => {
    await createFlag(stack, 'attr-flag', ['control', 'treatment']);
    await createExperiment(stack, { key: 'attrs', flagKey: 'attr-flag', primaryMetric: 'purchase' });
    await transition(stack, 'startExperiment', 'attrs');
    // One call: answered by the gateway's edge (the experiments subgraph's internal route).
    await assign(stack, 'attrs', { key: 'edge-user', country: 'de', platform: 'ios', email: 'a@b.c' });
    // Two calls in one document: the edge declines, the federated path answers.
    await stack.gqlOk(
      `query { a: assignment(experimentKey: "attrs", context: { key: "fed-user", country: "fr", plan: "pro", age: 40 }) { variant }
               b: assignment(experimentKey: "attrs", context: { key: "bare-user" }) { variant } }`,
    );
    const rows = await eventually(
      async () =>
        (
          await db.query<{ user_key: string; attributes: Record<string, string> }>(
            `SELECT user_key, attributes FROM analytics.exposures WHERE experiment_key = 'attrs' ORDER BY user_key`,
          )
        ).rows,
      (r) => r.length >= 3,
    );
    // Only EXPOSURE_ATTRIBUTES (country, platform, plan), string values: no email, no age.
    expect(rows).toEqual([
      { user_key: 'bare-user', attributes: {} },
      { user_key: 'edge-user', attributes: { country: 'de', platform: 'ios' } },
      { user_key: 'fed-user', attributes: { country: 'fr', plan: 'pro' } },
    ]);
    const stored = await db.query(
      `SELECT user_key, exposure_attributes FROM experiments.user_assignments WHERE experiment_key = 'attrs' ORDER BY user_key`,
    );
    expect(stored.rows.map((r) => r.exposure_attributes)).toEqual([
      null,
      { country: 'de', platform: 'ios' },
      { country: 'fr', plan: 'pro' },
    ]);
    const breakdown = await stack.gqlOk<{
      experiment: { breakdown: { slices: { value: string; users: number }[] } };
    }>(
      '{ experiment(key: "attrs") { breakdown(metricKey: "purchase", dimension: "country") { slices { value users } } } }',
    );
    expect(breakdown.experiment.breakdown.slices.map((s) => `${s.value}:${s.users}`).sort()).toEqual([
      '(not recorded):1',
      'de:1',
      'fr:1',
    ]);
  });

  it('exposes a returning user once more in a new analysis period, once however many callers race', async () => {
    await createFlag(stack, 'period-flag', ['control', 'treatment']);
    await createExperiment(stack, { key: 'period', flagKey: 'period-flag' });
    await transition(stack, 'startExperiment', 'period');
    // The test stack's event bus is PostgreSQL NOTIFY: listening shows every message published.
    const published: string[] = [];
    db.on('notification', (n) => {
      const m = JSON.parse(n.payload ?? '{}') as { experimentKey?: string; eventId?: string };
      if (m.experimentKey === 'period') published.push(m.eventId!);
    });
    await db.query('LISTEN switchyard_exposures');
    const first = await assign(stack, 'period', { key: 'returner' });
    expect(first.reason).toBe('ASSIGNED');
    const exposureEvents = async (user: string) =>
      (
        await db.query<{ event_id: string }>(
          `SELECT event_id FROM analytics.events WHERE type = 'EXPOSURE' AND experiment_key = 'period'
            AND user_key = $1 ORDER BY occurred_at`,
          [user],
        )
      ).rows.map((r) => r.event_id);
    expect(
      await eventually(
        () => exposureEvents('returner'),
        (ids) => ids.length >= 1,
      ),
    ).toEqual(['exposure:period:returner']);

    // Same period: returning calls record nothing new.
    expect((await assign(stack, 'period', { key: 'returner' })).reason).toBe('STICKY');
    const restarted = await transition(stack, 'restartExperiment', 'period');
    expect(restarted.analysisPeriod).toBe(2);
    const again = await Promise.all(
      Array.from({ length: 30 }, () => assign(stack, 'period', { key: 'returner' })),
    );
    expect(new Set(again.map((a) => `${a.reason}:${a.variant}`))).toEqual(
      new Set([`STICKY:${first.variant}`]),
    );
    expect(again.every((a) => a.assignedAt === first.assignedAt)).toBe(true);
    const stored = await db.query(
      `SELECT exposure_period, exposed_at > assigned_at AS later FROM experiments.user_assignments
        WHERE experiment_key = 'period' AND user_key = 'returner'`,
    );
    expect(stored.rows).toEqual([{ exposure_period: 2, later: true }]);
    expect(
      await eventually(
        () => exposureEvents('returner'),
        (ids) => ids.length >= 2,
      ),
    ).toEqual(['exposure:period:returner', 'exposure:period:returner:p2']);
    // A user new in period 2 is exposed once, for period 2.
    expect((await assign(stack, 'period', { key: 'newcomer' })).reason).toBe('ASSIGNED');
    expect(
      await eventually(
        () => exposureEvents('newcomer'),
        (ids) => ids.length >= 1,
      ),
    ).toEqual(['exposure:period:newcomer:p2']);
    // Each exposure went on the bus once, and is marked published (nothing left for the relay).
    expect(published.sort()).toEqual([
      'exposure:period:newcomer:p2',
      'exposure:period:returner',
      'exposure:period:returner:p2',
    ]);
    const pending = await eventually(
      async () =>
        (
          await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM experiments.user_assignments
              WHERE experiment_key = 'period' AND exposure_published_at IS NULL`,
          )
        ).rows[0]!.n,
      (n) => n === 0,
    );
    expect(pending).toBe(0);
  });

  it('agrees with flag evaluation for every context: same variant when enrolled, no experiment when not', async () => {
    await createExperiment(stack, {
      key: 'agree',
      flagKey: 'agree-flag',
      trafficAllocation: 70,
      variants: [
        { key: 'a', weight: 20 },
        { key: 'b', weight: 30.5 },
        { key: 'c', weight: 49.5 },
      ],
      audience: { conditions: [{ attribute: 'plan', operator: 'in', values: ['pro', 'team'] }] },
    });
    await transition(stack, 'startExperiment', 'agree');
    const plans = ['pro', 'team', 'free'];
    const reasons = new Map<string, number>();
    for (let i = 0; i < 240; i++) {
      const context = { key: `user-${i}`, plan: plans[i % 3] };
      const assigned = await assign(stack, 'agree', context);
      const evaluated = await stack.gqlOk<{
        evaluate: { variation: string; inExperiment: boolean; experimentKey: string | null }[];
      }>(
        'query($ctx: JSON!) { evaluate(environment: "production", context: $ctx, keys: ["agree-flag"]) { variation inExperiment experimentKey } }',
        { ctx: context },
      );
      const flag = evaluated.evaluate[0]!;
      reasons.set(assigned.reason, (reasons.get(assigned.reason) ?? 0) + 1);
      if (assigned.reason === 'ASSIGNED') {
        expect({ context, variant: flag.variation, inExperiment: flag.inExperiment }).toEqual({
          context,
          variant: assigned.variant,
          inExperiment: true,
        });
      } else {
        expect({ context, inExperiment: flag.inExperiment }).toEqual({ context, inExperiment: false });
        expect(assigned.reason).toBe(context.plan === 'free' ? 'NOT_IN_AUDIENCE' : 'NOT_IN_TRAFFIC');
      }
    }
    expect(reasons.get('NOT_IN_AUDIENCE')).toBe(80);
    expect(reasons.get('ASSIGNED')).toBeGreaterThan(80);
    expect(reasons.get('NOT_IN_TRAFFIC')).toBeGreaterThan(10);
  });

  it('reads the newer operators and their options in an audience, as flag evaluation does', async () => {
    await createFlag(stack, 'newer-ops-flag', ['control', 'treatment'], 'production');
    const created = await createExperiment(stack, {
      key: 'newer-ops',
      flagKey: 'newer-ops-flag',
      audience: {
        conditions: [
          { attribute: 'roles', operator: 'anyOf', values: ['ADMIN'], caseInsensitive: true },
          { attribute: 'email', operator: 'matches', values: ['@ACME\\.com$'], regexFlags: 'i' },
          { attribute: 'ip', operator: 'ipInRange', values: ['10.0.0.0/8', '2001:db8::/32'] },
        ],
      },
    });
    expect(created.audience).toEqual({
      segments: [],
      conditions: [
        {
          attribute: 'roles',
          operator: 'anyOf',
          values: ['ADMIN'],
          negate: false,
          caseInsensitive: true,
          regexFlags: null,
        },
        {
          attribute: 'email',
          operator: 'matches',
          values: ['@ACME\\.com$'],
          negate: false,
          caseInsensitive: false,
          regexFlags: 'i',
        },
        {
          attribute: 'ip',
          operator: 'ipInRange',
          values: ['10.0.0.0/8', '2001:db8::/32'],
          negate: false,
          caseInsensitive: false,
          regexFlags: null,
        },
      ],
    });
    await transition(stack, 'startExperiment', 'newer-ops');
    const member = { roles: ['beta', 'admin'], email: 'jo@acme.com', ip: '2001:db8::7' };
    const cases: [Record<string, unknown>, boolean][] = [
      [member, true],
      [{ ...member, ip: '10.1.2.3' }, true],
      [{ ...member, roles: ['beta'] }, false],
      [{ ...member, email: 'jo@example.com' }, false],
      [{ ...member, ip: '192.168.1.1' }, false],
    ];
    for (const [i, [attributes, enrolled]] of cases.entries()) {
      const context = { key: `ops-${i}`, ...attributes };
      const assigned = await assign(stack, 'newer-ops', context);
      const evaluated = await stack.gqlOk<{ evaluate: { inExperiment: boolean }[] }>(
        'query($ctx: JSON!) { evaluate(environment: "production", context: $ctx, keys: ["newer-ops-flag"]) { inExperiment } }',
        { ctx: context },
      );
      expect({ context, reason: assigned.reason, flag: evaluated.evaluate[0]!.inExperiment }).toEqual({
        context,
        reason: enrolled ? 'ASSIGNED' : 'NOT_IN_AUDIENCE',
        flag: enrolled,
      });
    }
  });

  it('never enrols a user in two experiments of one layer, and refuses a layer over 100 %', async () => {
    const layerVariants = [
      { key: 'control', weight: 50 },
      { key: 'treatment', weight: 50 },
    ];
    const first = await createExperiment(stack, {
      key: 'layered-1',
      flagKey: 'layer-flag-1',
      variants: layerVariants,
      layer: { key: 'checkout', percent: 40 },
    });
    const second = await createExperiment(stack, {
      key: 'layered-2',
      flagKey: 'layer-flag-2',
      variants: layerVariants,
      layer: { key: 'checkout', percent: 60 },
    });
    expect(first.layer).toEqual({ key: 'checkout', rangeStart: 0, rangeEnd: 40 });
    expect(second.layer).toEqual({ key: 'checkout', rangeStart: 40, rangeEnd: 100 });

    const full = await stack.gql(
      'mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { key } }',
      {
        input: {
          key: 'layered-3',
          name: 'Third',
          environment: 'production',
          flagKey: 'layer-flag-3',
          variants: layerVariants,
          primaryMetric: 'purchase',
          layer: { key: 'checkout', percent: 10 },
        },
      },
    );
    expect(errorCodes(full)).toEqual(['BAD_USER_INPUT']);
    expect(full.errors?.[0]?.extensions?.field).toBe('input.layer.percent');
    const allocation = await stack.gqlOk<{
      layerAllocation: { allocated: number; experiments: { key: string }[] };
    }>('{ layerAllocation(key: "checkout") { allocated experiments { key } } }');
    expect(allocation.layerAllocation).toEqual({
      allocated: 100,
      experiments: [{ key: 'layered-1' }, { key: 'layered-2' }],
    });

    await transition(stack, 'startExperiment', 'layered-1');
    await transition(stack, 'startExperiment', 'layered-2');
    let inFirst = 0;
    for (let i = 0; i < 150; i++) {
      const [a, b] = await Promise.all([
        assign(stack, 'layered-1', { key: `layer-user-${i}` }),
        assign(stack, 'layered-2', { key: `layer-user-${i}` }),
      ]);
      // Traffic is 100 %: every user is in exactly one of the two slices.
      expect([a.reason, b.reason].sort()).toEqual(['ASSIGNED', 'LAYER_EXCLUDED']);
      if (a.reason === 'ASSIGNED') inFirst++;
    }
    expect(inFirst).toBeGreaterThan(35);
    expect(inFirst).toBeLessThan(85);
  });
  it('targets segment members, following segment changes made in the flags subgraph', async () => {
    await stack.gqlOk(
      'mutation { createSegment(input: { key: "vip", name: "VIP", included: ["vip-1", "vip-2"] }) { key } }',
    );
    await createFlag(stack, 'vip-flag', ['a', 'b'], 'production');
    await createExperiment(stack, {
      key: 'vip-only',
      flagKey: 'vip-flag',
      variants: [
        { key: 'a', weight: 50 },
        { key: 'b', weight: 50 },
      ],
      audience: { segments: ['vip'] },
    });
    await transition(stack, 'startExperiment', 'vip-only');
    expect((await assign(stack, 'vip-only', { key: 'vip-1' })).reason).toBe('ASSIGNED');
    expect((await assign(stack, 'vip-only', { key: 'nobody' })).reason).toBe('NOT_IN_AUDIENCE');
    const evaluated = await stack.gqlOk<{ evaluate: { inExperiment: boolean }[] }>(
      'query { evaluate(environment: "production", context: { key: "vip-2" }, keys: ["vip-flag"]) { inExperiment } }',
    );
    expect(evaluated.evaluate[0]!.inExperiment).toBe(true);
    expect((await assign(stack, 'vip-only', { key: 'vip-2' })).reason).toBe('ASSIGNED');

    // A new member is picked up once the segment's change event reaches this subgraph.
    await stack.gqlOk(
      'mutation { updateSegment(key: "vip", expectedVersion: 1, input: { included: ["vip-1", "vip-2", "vip-3"] }) { version } }',
    );
    const late = await eventually(
      () => assign(stack, 'vip-only', { key: 'vip-3' }),
      (a) => a.reason === 'ASSIGNED',
    );
    expect(late.reason).toBe('ASSIGNED');
  });
});
