import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';
import { Client } from 'pg';
import {
  CREATE,
  createExperiment,
  createFlag,
  createMetric,
  EXPERIMENT_FIELDS,
  experimentInput,
  experimentRules,
  transition,
} from '../test-support';

const UPDATE = `mutation($key: String!, $input: UpdateExperimentInput!, $v: Int!, $restart: Boolean) {
  updateExperiment(key: $key, input: $input, expectedVersion: $v, restart: $restart) { ${EXPERIMENT_FIELDS} }
}`;
const COMPLETE = `mutation($key: String!, $winner: String!, $rollOut: Boolean) {
  completeExperiment(key: $key, winner: $winner, rollOut: $rollOut) { ${EXPERIMENT_FIELDS} }
}`;

describe('experiment lifecycle through the gateway', () => {
  let stack: TestStack;
  let db: Client;

  let updateCase = 0;
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0]!.n);

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    db = new Client({ connectionString: stack.db.url });
    await db.connect();
    await createFlag(stack, 'checkout-flag', ['control', 'treatment', 'other']);
    await createFlag(stack, 'color-flag', ['blue', 'green', 'orange']);
    await createMetric(stack, 'purchase');
    await createMetric(stack, 'revenue');
  }, 180_000);
  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  it('creates a draft and shows it under its flag, both ways through federation', async () => {
    const created = await createExperiment(stack, { secondaryMetrics: ['revenue'], minSampleSize: 200 });
    expect(created).toMatchObject({
      key: 'exp-a',
      status: 'DRAFT',
      archived: false,
      trafficAllocation: 100,
      version: 1,
      primaryMetric: 'purchase',
      secondaryMetrics: ['revenue'],
      guardrailMetrics: [],
      minSampleSize: 200,
      alpha: 0.05,
      layer: null,
      startedAt: null,
      analysisStartedAt: null,
    });
    const flag = await stack.gqlOk<{ flag: { experiments: { key: string; flag: { name: string } }[] } }>(
      '{ flag(key: "checkout-flag") { experiments { key flag { name } } } }',
    );
    expect(flag.flag.experiments).toEqual([{ key: 'exp-a', flag: { name: 'checkout-flag' } }]);
  });

  it.each([
    [
      'weights not summing to 100 %',
      {
        variants: [
          { key: 'control', weight: 60 },
          { key: 'treatment', weight: 30 },
        ],
      },
      'input.variants',
    ],
    ['fewer than two variants', { variants: [{ key: 'control', weight: 100 }] }, 'input.variants'],
    [
      'a variant used twice',
      {
        variants: [
          { key: 'control', weight: 50 },
          { key: 'control', weight: 50 },
        ],
      },
      'input.variants[1].key',
    ],
    [
      'a variant that is not a variation of the flag',
      {
        variants: [
          { key: 'control', weight: 50 },
          { key: 'nope', weight: 50 },
        ],
      },
      'input.variants[1].key',
    ],
    ['an unknown primary metric', { primaryMetric: 'no-such-metric' }, 'input.primaryMetric'],
    [
      'an unknown guardrail metric',
      { guardrailMetrics: ['revenue', 'latency'] },
      'input.guardrailMetrics[1]',
    ],
    ['traffic over 100', { trafficAllocation: 120 }, 'input.trafficAllocation'],
    ['traffic under 0', { trafficAllocation: -1 }, 'input.trafficAllocation'],
    ['a layer slice over 100 %', { layer: { key: 'wide', percent: 120 } }, 'input.layer.percent'],
    ['an unknown flag', { flagKey: 'no-such-flag' }, 'input.flagKey'],
    ['an unknown environment', { environment: 'moon' }, 'input.environment'],
    [
      'an unknown operator',
      { audience: { conditions: [{ attribute: 'plan', operator: 'sortOf', values: ['pro'] }] } },
      'input.audience.conditions[0].operator',
    ],
    [
      'an unsupported regex flag',
      {
        audience: {
          conditions: [{ attribute: 'email', operator: 'matches', values: ['^a'], regexFlags: 'g' }],
        },
      },
      'input.audience.conditions[0].regexFlags',
    ],
    [
      'caseInsensitive on a number operator',
      {
        audience: { conditions: [{ attribute: 'age', operator: 'gt', values: [18], caseInsensitive: true }] },
      },
      'input.audience.conditions[0].caseInsensitive',
    ],
    [
      'an invalid CIDR range',
      { audience: { conditions: [{ attribute: 'ip', operator: 'ipInRange', values: ['10.0.0.0/33'] }] } },
      'input.audience.conditions[0].values[0]',
    ],
    [
      'a list operator given a list of lists, which cannot match',
      { audience: { conditions: [{ attribute: 'roles', operator: 'anyOf', values: [['admin']] }] } },
      'input.audience.conditions[0].values[0]',
    ],
    ['a malformed key', { key: 'Bad Key' }, 'input.key'],
  ])('refuses %s as BAD_USER_INPUT naming the field, writing nothing', async (_what, overrides, field) => {
    const before = await count('platform.audit_log');
    const body = await stack.gql(CREATE, { input: experimentInput({ key: 'exp-bad', ...overrides }) });
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe(field);
    expect(await count('experiments.experiments WHERE key = $1', ['exp-bad'])).toBe(0);
    expect(await count('platform.audit_log')).toBe(before);
  });

  it('refuses a duplicate key with CONFLICT', async () => {
    await createExperiment(stack, { key: 'exp-dup' });
    expect(errorCodes(await stack.gql(CREATE, { input: experimentInput({ key: 'exp-dup' }) }))).toEqual([
      'CONFLICT',
    ]);
  });

  it('refuses completing a draft (CONFLICT naming status) and starting without a primary metric', async () => {
    await createExperiment(stack, { key: 'exp-draft', primaryMetric: null });
    const complete = await stack.gql(COMPLETE, { key: 'exp-draft', winner: 'control' });
    expect(errorCodes(complete)).toEqual(['CONFLICT']);
    expect(complete.errors?.[0]?.extensions?.field).toBe('status');
    const start = await stack.gql('mutation { startExperiment(key: "exp-draft") { status } }');
    expect(errorCodes(start)).toEqual(['BAD_USER_INPUT']);
    expect(start.errors?.[0]?.extensions?.field).toBe('primaryMetric');
    const row = await db.query('SELECT status, version FROM experiments.experiments WHERE key = $1', [
      'exp-draft',
    ]);
    expect(row.rows[0]).toEqual({ status: 'DRAFT', version: 1 });
  });

  it('runs the whole lifecycle, putting the experiment rule on the flag and rolling the winner out', async () => {
    await createExperiment(stack, { key: 'exp-life', trafficAllocation: 80 });
    const started = await transition(stack, 'startExperiment', 'exp-life');
    expect(started).toMatchObject({ status: 'RUNNING', version: 2, analysisPeriod: 1 });
    expect(started.startedAt).toBeTruthy();
    expect(started.analysisStartedAt).toBe(started.startedAt);
    let env = await experimentRules(stack, 'checkout-flag', 'production');
    expect(env.rules[0]).toEqual({
      id: 'experiment:exp-life',
      serve: { rollout: { experiment: { key: 'exp-life', coverage: 0.8 } } },
    });

    // A second experiment on the same flag and environment may not run at the same time.
    await createExperiment(stack, { key: 'exp-rival' });
    const rival = await stack.gql('mutation { startExperiment(key: "exp-rival") { status } }');
    expect(errorCodes(rival)).toEqual(['CONFLICT']);
    expect(rival.errors?.[0]?.extensions?.field).toBe('flagKey');

    // Frozen while running: changing the split needs restart: true.
    const frozen = await stack.gql(UPDATE, {
      key: 'exp-life',
      v: 2,
      input: {
        variants: [
          { key: 'control', weight: 20 },
          { key: 'treatment', weight: 80 },
        ],
      },
    });
    expect(errorCodes(frozen)).toEqual(['CONFLICT']);
    expect(frozen.errors?.[0]?.extensions?.field).toBe('input.variants');
    // Other fields may change; a stale version is refused.
    const renamed = await stack.gqlOk<{ updateExperiment: { name: string; version: number } }>(UPDATE, {
      key: 'exp-life',
      v: 2,
      input: { name: 'Life', guardrailMetrics: ['revenue'] },
    });
    expect(renamed.updateExperiment).toMatchObject({ name: 'Life', version: 3 });
    const stale = await stack.gql(UPDATE, { key: 'exp-life', v: 2, input: { name: 'Stale' } });
    expect(errorCodes(stale)).toEqual(['CONFLICT']);
    expect(stale.errors?.[0]?.extensions?.currentVersion).toBe(3);

    const paused = await transition(stack, 'pauseExperiment', 'exp-life');
    expect(paused.status).toBe('PAUSED');
    env = await experimentRules(stack, 'checkout-flag', 'production');
    expect(env.rules.map((r) => r.id)).not.toContain('experiment:exp-life');

    const resumed = await transition(stack, 'resumeExperiment', 'exp-life');
    expect(resumed.status).toBe('RUNNING');
    expect(resumed.analysisStartedAt).toBe(started.analysisStartedAt);

    // An explicit restart with new weights starts a new analysis period.
    const restarted = await stack.gqlOk<{ updateExperiment: Record<string, unknown> }>(UPDATE, {
      key: 'exp-life',
      v: 5,
      restart: true,
      input: {
        variants: [
          { key: 'control', weight: 20 },
          { key: 'treatment', weight: 80 },
        ],
      },
    });
    expect(restarted.updateExperiment).toMatchObject({ status: 'RUNNING', analysisPeriod: 2 });
    expect(restarted.updateExperiment.analysisStartedAt).not.toBe(started.analysisStartedAt);

    const bad = await stack.gql(COMPLETE, { key: 'exp-life', winner: 'nobody' });
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors?.[0]?.extensions?.field).toBe('winner');

    const done = await stack.gqlOk<{ completeExperiment: Record<string, unknown> }>(COMPLETE, {
      key: 'exp-life',
      winner: 'treatment',
      rollOut: true,
    });
    expect(done.completeExperiment).toMatchObject({
      status: 'COMPLETED',
      winner: 'treatment',
      completionReason: 'WINNER_CHOSEN',
    });
    expect(done.completeExperiment.completedAt).toBeTruthy();
    env = await experimentRules(stack, 'checkout-flag', 'production');
    expect(env.rules).toEqual([]);
    expect(env).toMatchObject({ enabled: true, fallthrough: { variation: 'treatment' } });

    // Audited on both sides, by the same actor.
    const audit = await db.query<{ action: string; actor_id: string }>(
      `SELECT action, actor_id FROM platform.audit_log
        WHERE resource_key IN ('exp-life', 'checkout-flag') AND action LIKE '%experiment%' ORDER BY id`,
    );
    const actions = audit.rows.map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'experiment.created',
        'experiment.started',
        'flag.experiment.attached',
        'experiment.paused',
        'flag.experiment.detached',
        'experiment.resumed',
        'experiment.restarted',
        'experiment.completed.rolled-out',
      ]),
    );
    expect(new Set(audit.rows.map((r) => r.actor_id)).size).toBe(1);
    expect(
      await count("platform.config_changes WHERE resource_type = 'experiment' AND resource_key = 'exp-life'"),
    ).toBe(audit.rows.filter((r) => r.action.startsWith('experiment.')).length);

    // Completed: nothing but archiving.
    expect(errorCodes(await stack.gql('mutation { resumeExperiment(key: "exp-life") { status } }'))).toEqual([
      'CONFLICT',
    ]);
    const archived = await transition(stack, 'archiveExperiment', 'exp-life');
    expect(archived.archived).toBe(true);
    const list = await stack.gqlOk<{ experiments: { nodes: { key: string }[] } }>(
      '{ experiments(filter: { flagKey: "checkout-flag" }) { nodes { key } } }',
    );
    expect(list.experiments.nodes.map((n) => n.key)).not.toContain('exp-life');
  });

  it('leaves the experiment unchanged when the flags subgraph refuses the rule', async () => {
    // The audience's segment is deleted behind the experiment's back: flags refuses the rule on start,
    // so our transaction must roll back.
    await stack.gqlOk(
      'mutation { createSegment(input: { key: "beta-users", name: "Beta", included: ["u1"] }) { key } }',
    );
    await createFlag(stack, 'doomed-flag', ['a', 'b']);
    await createExperiment(stack, {
      key: 'exp-doomed',
      flagKey: 'doomed-flag',
      audience: { segments: ['beta-users'] },
      variants: [
        { key: 'a', weight: 50 },
        { key: 'b', weight: 50 },
      ],
    });
    await stack.gqlOk('mutation { deleteSegment(key: "beta-users", expectedVersion: 1) }');
    const body = await stack.gql('mutation { startExperiment(key: "exp-doomed") { status } }');
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.message).toMatch(/^The flags subgraph refused: /);
    expect(body.errors?.[0]?.extensions?.service).toBe('flags');
    const row = await db.query(
      'SELECT status, version, started_at FROM experiments.experiments WHERE key = $1',
      ['exp-doomed'],
    );
    expect(row.rows[0]).toEqual({ status: 'DRAFT', version: 1, started_at: null });
    expect(await count("platform.audit_log WHERE resource_key = 'exp-doomed'")).toBe(1);
    const unknown = await stack.gql(CREATE, {
      input: experimentInput({ key: 'exp-seg', audience: { segments: ['beta-users'] } }),
    });
    expect(unknown.errors?.[0]?.extensions?.field).toBe('input.audience.segments[0]');
  });

  it('filters and pages the list', async () => {
    await createExperiment(stack, {
      key: 'color-test',
      name: 'Button colours',
      hypothesis: 'Green converts better',
      flagKey: 'color-flag',
      variants: [
        { key: 'blue', weight: 34 },
        { key: 'green', weight: 33 },
        { key: 'orange', weight: 33 },
      ],
    });
    const search = await stack.gqlOk<{ experiments: { nodes: { key: string }[]; totalCount: number } }>(
      '{ experiments(filter: { search: "GREEN" }) { nodes { key } totalCount } }',
    );
    expect(search.experiments).toEqual({ nodes: [{ key: 'color-test' }], totalCount: 1 });
    const drafts = await stack.gqlOk<{
      experiments: { nodes: { key: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    }>(
      '{ experiments(filter: { status: DRAFT }, first: 2) { nodes { key } pageInfo { hasNextPage endCursor } } }',
    );
    expect(drafts.experiments.nodes).toHaveLength(2);
    expect(drafts.experiments.pageInfo.hasNextPage).toBe(true);
    const next = await stack.gqlOk<{ experiments: { nodes: { key: string }[] } }>(
      `{ experiments(filter: { status: DRAFT }, first: 50, after: "${drafts.experiments.pageInfo.endCursor}") { nodes { key } } }`,
    );
    const keys = [...drafts.experiments.nodes, ...next.experiments.nodes].map((n) => n.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual([...keys].sort());
  });
  it.each([
    [
      'weights not summing to 100 %',
      {
        variants: [
          { key: 'control', weight: 70 },
          { key: 'treatment', weight: 20 },
        ],
      },
      'input.variants',
    ],
    ['fewer than two variants', { variants: [{ key: 'control', weight: 100 }] }, 'input.variants'],
    [
      'a variant that is not a variation of the flag',
      {
        variants: [
          { key: 'control', weight: 50 },
          { key: 'purple', weight: 50 },
        ],
      },
      'input.variants[1].key',
    ],
    ['an unknown secondary metric', { secondaryMetrics: ['revenue', 'nope'] }, 'input.secondaryMetrics[1]'],
    ['traffic over 100', { trafficAllocation: 100.5 }, 'input.trafficAllocation'],
    ['a layer slice of 0 %', { layer: { key: 'wide', percent: 0 } }, 'input.layer.percent'],
  ])(
    'refuses an update with %s as BAD_USER_INPUT naming the field, writing nothing',
    async (_what, input, field) => {
      updateCase += 1;
      const key = `exp-upd-${updateCase}`;
      await createExperiment(stack, { key });
      const before = await count('platform.audit_log');
      const body = await stack.gql(UPDATE, { key, v: 1, input });
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(body.errors?.[0]?.extensions?.field).toBe(field);
      expect(await count('experiments.experiments WHERE key = $1 AND version = 1', [key])).toBe(1);
      expect(await count('platform.audit_log')).toBe(before);
    },
  );

  it('undoes the flags change when a traffic change or restart fails after flags accepted it', async () => {
    await createFlag(stack, 'undo-flag', ['control', 'treatment']);
    await createExperiment(stack, { key: 'exp-undo', flagKey: 'undo-flag', trafficAllocation: 80 });
    await transition(stack, 'startExperiment', 'exp-undo');
    const rule = async () => {
      const data = await stack.gqlOk<{
        flag: {
          environment: {
            rules: { serve: { rollout: { variations: unknown[]; experiment: { coverage: number } } } }[];
          };
        };
      }>(`{ flag(key: "undo-flag") { environment(key: "production") { rules { serve { rollout {
            variations { variation weight } experiment { coverage } } } } } } }`);
      return data.flag.environment.rules[0]!.serve.rollout;
    };
    const attached = await rule();
    expect(attached.experiment.coverage).toBe(0.8);
    // Our save fails after the flags subgraph has taken the new rule: a real database refusal, made
    // to happen by a trigger on this one experiment.
    await db.query(`CREATE FUNCTION experiments.refuse_exp_undo() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN RAISE EXCEPTION 'forced failure for exp-undo'; END $$`);
    await db.query(`CREATE TRIGGER refuse_exp_undo BEFORE UPDATE ON experiments.experiments
      FOR EACH ROW WHEN (NEW.key = 'exp-undo') EXECUTE FUNCTION experiments.refuse_exp_undo()`);
    try {
      const auditBefore = await count("platform.audit_log WHERE resource_key = 'exp-undo'");
      const traffic = await stack.gql(UPDATE, { key: 'exp-undo', v: 2, input: { trafficAllocation: 30 } });
      expect(traffic.errors).toBeDefined();
      expect(await rule()).toEqual(attached);
      const restart = await stack.gql(UPDATE, {
        key: 'exp-undo',
        v: 2,
        restart: true,
        input: {
          variants: [
            { key: 'control', weight: 10 },
            { key: 'treatment', weight: 90 },
          ],
        },
      });
      expect(restart.errors).toBeDefined();
      expect(await rule()).toEqual(attached);
      const row = await db.query(
        'SELECT version, traffic_allocation, analysis_period FROM experiments.experiments WHERE key = $1',
        ['exp-undo'],
      );
      expect(row.rows[0]).toEqual({ version: 2, traffic_allocation: 80, analysis_period: 1 });
      expect(await count("platform.audit_log WHERE resource_key = 'exp-undo'")).toBe(auditBefore);
    } finally {
      await db.query('DROP TRIGGER refuse_exp_undo ON experiments.experiments');
      await db.query('DROP FUNCTION experiments.refuse_exp_undo()');
    }
  });

  // Last: it stops the flags subgraph for a moment.
  it('says SERVICE_UNAVAILABLE naming the flags subgraph when it cannot be reached, and writes nothing', async () => {
    await createFlag(stack, 'away-flag', ['control', 'treatment']);
    await createExperiment(stack, { key: 'exp-away', flagKey: 'away-flag' });
    const flags = stack.services.get('flags')!;
    await flags.stop();
    try {
      const auditBefore = await count('platform.audit_log');
      const start = await stack.gql('mutation { startExperiment(key: "exp-away") { status } }');
      expect(errorCodes(start)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(start.errors?.[0]?.message).toMatch(
        /^The flags subgraph is unavailable \(unreachable\); nothing was changed/,
      );
      expect(start.errors?.[0]?.message).not.toMatch(/ECONNREFUSED/);
      expect(start.errors?.[0]?.extensions?.service).toBe('flags');
      const create = await stack.gql(CREATE, {
        input: experimentInput({ key: 'exp-away-2', flagKey: 'away-flag' }),
      });
      expect(errorCodes(create)).toEqual(['SERVICE_UNAVAILABLE']);
      const row = await db.query('SELECT status, version FROM experiments.experiments WHERE key = $1', [
        'exp-away',
      ]);
      expect(row.rows[0]).toEqual({ status: 'DRAFT', version: 1 });
      expect(await count("experiments.experiments WHERE key = 'exp-away-2'")).toBe(0);
      expect(await count('platform.audit_log')).toBe(auditBefore);
    } finally {
      flags.start();
      await flags.waitUntilReady(60_000);
    }
    expect((await transition(stack, 'startExperiment', 'exp-away')).status).toBe('RUNNING');
  });
});
