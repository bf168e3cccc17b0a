import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';
import { eventually } from '../test-support';

// Experiments and metrics per project (issue 19): the same experiment key on flags of the same key in
// two projects, with metrics of the same key, lives twice; assignments, exposures and results stay
// apart; permissions are checked in the project named; an unknown project writes nothing; requests
// naming no project keep working on the default project.

const VARIANTS = (a: string, b: string) => [
  { key: a, weight: 50 },
  { key: b, weight: 50 },
];

describe('experiments and metrics in projects', () => {
  let stack: TestStack;
  const counts = async () =>
    (
      await stack.db.query<{ experiments: number; metrics: number; assignments: number }>(
        `SELECT (SELECT count(*)::int FROM experiments.experiments) AS experiments,
                (SELECT count(*)::int FROM analytics.metrics) AS metrics,
                (SELECT count(*)::int FROM experiments.user_assignments) AS assignments`,
      )
    )[0]!;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    await stack.gqlOk(`mutation { createProject(input: { key: "checkout", name: "Checkout",
      environments: [{ key: "production" }] }) { key } }`);
    for (const [project, variations] of [
      ['default', ['control', 'treatment']],
      ['checkout', ['blue', 'green']],
    ] as const) {
      await stack.gqlOk('mutation($input: CreateFlagInput!) { createFlag(input: $input) { key } }', {
        input: {
          project,
          key: 'same-flag',
          name: 'Same flag',
          type: 'STRING',
          variations: variations.map((v) => ({ key: v, value: v })),
        },
      });
      await stack.gqlOk('mutation($input: CreateMetricInput!) { createMetric(input: $input) { key } }', {
        input: {
          project,
          key: 'purchase',
          name: `Purchase (${project})`,
          kind: 'CONVERSION',
          eventName: 'buy',
        },
      });
    }
  }, 180_000);
  afterAll(() => stack?.stop());

  it('keeps two experiments of one key apart: flags, assignments, exposures, lists and Flag.experiments', async () => {
    await stack.gqlOk(
      'mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { key project } }',
      {
        input: {
          key: 'same-exp',
          name: 'Default',
          environment: 'production',
          flagKey: 'same-flag',
          variants: VARIANTS('control', 'treatment'),
          primaryMetric: 'purchase',
        },
      },
    );
    const created = await stack.gqlOk<{ createExperiment: { key: string; project: string } }>(
      'mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { key project } }',
      {
        input: {
          project: 'checkout',
          key: 'same-exp',
          name: 'Checkout',
          environment: 'production',
          flagKey: 'same-flag',
          variants: VARIANTS('blue', 'green'),
          primaryMetric: 'purchase',
        },
      },
    );
    expect(created.createExperiment).toEqual({ key: 'same-exp', project: 'checkout' });
    // The checkout flag's variations are checked, not the default flag's.
    const wrongVariants = await stack.gql(
      'mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { key } }',
      {
        input: {
          project: 'checkout',
          key: 'other',
          name: 'Other',
          environment: 'production',
          flagKey: 'same-flag',
          variants: VARIANTS('control', 'treatment'),
        },
      },
    );
    expect(errorCodes(wrongVariants)).toEqual(['BAD_USER_INPUT']);
    expect(wrongVariants.errors?.[0]?.extensions?.field).toBe('input.variants[0].key');

    await stack.gqlOk('mutation { startExperiment(key: "same-exp") { status } }');
    await stack.gqlOk('mutation { startExperiment(key: "same-exp", project: "checkout") { status } }');

    // Each flag carries its own project's experiment rule; each flag lists its own experiment.
    const flags = await stack.gqlOk<
      Record<
        string,
        {
          project: string;
          environment: { rules: { id: string }[] };
          experiments: {
            project: string;
            name: string;
            flag: { project: string; variations: { key: string }[] };
          }[];
        }
      >
    >(
      `{ d: flag(key: "same-flag") { project environment(key: "production") { rules { id } } experiments { project name flag { project variations { key } } } }
         c: flag(key: "same-flag", project: "checkout") { project environment(key: "production") { rules { id } } experiments { project name flag { project variations { key } } } } }`,
    );
    expect(flags.d!.environment.rules.map((r) => r.id)).toEqual(['experiment:same-exp']);
    expect(flags.c!.environment.rules.map((r) => r.id)).toEqual(['experiment:same-exp']);
    // Experiment.flag is fetched from the flags subgraph by `project key`: checkout's own flag, not default's.
    expect(flags.d!.experiments).toEqual([
      {
        project: 'default',
        name: 'Default',
        flag: { project: 'default', variations: [{ key: 'control' }, { key: 'treatment' }] },
      },
    ]);
    expect(flags.c!.experiments).toEqual([
      {
        project: 'checkout',
        name: 'Checkout',
        flag: { project: 'checkout', variations: [{ key: 'blue' }, { key: 'green' }] },
      },
    ]);

    // Assignments: each project's variants, stored apart.
    const assign = async (project: string | null) =>
      (
        await stack.gqlOk<{ assignment: { project: string; variant: string; reason: string } }>(
          'query($p: String) { assignment(experimentKey: "same-exp", context: { key: "u1" }, project: $p) { project variant reason } }',
          { p: project },
        )
      ).assignment;
    const inDefault = await assign(null);
    const inCheckout = await assign('checkout');
    expect(inDefault.project).toBe('default');
    expect(['control', 'treatment']).toContain(inDefault.variant);
    expect(inCheckout.project).toBe('checkout');
    expect(['blue', 'green']).toContain(inCheckout.variant);
    expect((await assign('checkout')).reason).toBe('STICKY');
    const stored = await stack.gqlOk<
      Record<string, { experimentKey: string; variant: string; experiment: { project: string } }[]>
    >(
      `{ d: assignments(userKey: "u1") { experimentKey variant experiment { project } }
         c: assignments(userKey: "u1", project: "checkout") { experimentKey variant experiment { project } } }`,
    );
    expect(stored.d).toEqual([
      { experimentKey: 'same-exp', variant: inDefault.variant, experiment: { project: 'default' } },
    ]);
    expect(stored.c).toEqual([
      { experimentKey: 'same-exp', variant: inCheckout.variant, experiment: { project: 'checkout' } },
    ]);

    // Exposures reach analytics per project: two more users in default, none more in checkout.
    await stack.gqlOk(
      '{ a: assignment(experimentKey: "same-exp", context: { key: "u2" }) { variant } b: assignment(experimentKey: "same-exp", context: { key: "u3" }) { variant } }',
    );
    const exposures = async () =>
      stack.gqlOk<Record<string, { exposures: number; project: string }>>(
        `{ d: experiment(key: "same-exp") { project exposures }
           c: experiment(key: "same-exp", project: "checkout") { project exposures } }`,
      );
    const seen = await eventually(exposures, (e) => e.d!.exposures >= 3 && e.c!.exposures >= 1);
    expect(seen).toEqual({
      d: { project: 'default', exposures: 3 },
      c: { project: 'checkout', exposures: 1 },
    });

    // Results read the experiment's own project's metric and users.
    const results = await stack.gqlOk<
      Record<
        string,
        {
          results: {
            metricKey: string;
            metric: { project: string; name: string };
            variants: { variant: string; users: number }[];
          };
        }
      >
    >(
      `{ d: experiment(key: "same-exp") { results(metricKey: "purchase") { metricKey metric { project name } variants { variant users } } }
         c: experiment(key: "same-exp", project: "checkout") { results(metricKey: "purchase") { metricKey metric { project name } variants { variant users } } } }`,
    );
    expect(results.d!.results.metric).toEqual({ project: 'default', name: 'Purchase (default)' });
    expect(results.c!.results.metric).toEqual({ project: 'checkout', name: 'Purchase (checkout)' });
    expect(results.c!.results.metricKey).toBe('purchase');
    expect(results.d!.results.variants.reduce((s, v) => s + v.users, 0)).toBe(3);
    expect(results.c!.results.variants).toEqual([
      { variant: 'blue', users: inCheckout.variant === 'blue' ? 1 : 0 },
      { variant: 'green', users: inCheckout.variant === 'green' ? 1 : 0 },
    ]);

    // Lists are per project; the changes and audit entries name it.
    const lists = await stack.gqlOk<Record<string, { nodes: { name: string }[] }>>(
      '{ d: experiments { nodes { name } } c: experiments(project: "checkout") { nodes { name } } }',
    );
    expect(lists.d!.nodes).toEqual([{ name: 'Default' }]);
    expect(lists.c!.nodes).toEqual([{ name: 'Checkout' }]);
    const audited = await stack.db.query<{ project: string }>(
      `SELECT DISTINCT project FROM platform.config_changes WHERE resource_type = 'experiment' AND resource_key = 'same-exp' ORDER BY project`,
    );
    expect(audited.map((r) => r.project)).toEqual(['checkout', 'default']);
    // A change's experiment is its project's, down to fields only the experiments subgraph has.
    const changed = await stack.gqlOk<
      Record<string, { experiment: { project: string; name: string } | null }[]>
    >(
      `{ d: configChanges(sinceVersion: 0) { experiment { project name } }
         c: configChanges(sinceVersion: 0, project: "checkout") { experiment { project name } } }`,
    );
    const named = (list: { experiment: { project: string; name: string } | null }[]) => [
      ...new Set(list.flatMap((c) => (c.experiment ? [`${c.experiment.project}:${c.experiment.name}`] : []))),
    ];
    expect(named(changed.d!)).toEqual(['default:Default']);
    expect(named(changed.c!)).toEqual(['checkout:Checkout']);
    const metricsLists = await stack.gqlOk<Record<string, { name: string; project: string }[]>>(
      '{ d: metrics { name project } c: metrics(project: "checkout") { name project } }',
    );
    expect(metricsLists.c).toEqual([{ name: 'Purchase (checkout)', project: 'checkout' }]);
    expect(metricsLists.d!.map((m) => m.project)).toEqual(['default']);
  });

  it("streams a project's experiment's results updates, not the same key's in another project", async () => {
    const sub = await stack.subscribe<{ experimentResultsUpdated: { project: string; exposures: number } }>(
      'subscription { experimentResultsUpdated(experimentKey: "same-exp", project: "checkout") { project exposures } }',
    );
    // A default-project exposure first: it must not reach this subscriber.
    await stack.gqlOk('{ assignment(experimentKey: "same-exp", context: { key: "u4" }) { variant } }');
    await stack.gqlOk(
      '{ assignment(experimentKey: "same-exp", context: { key: "u4" }, project: "checkout") { variant } }',
    );
    const events = await sub.waitFor(1, 15_000);
    expect(events[0]!.errors).toBeUndefined();
    expect(events[0]!.data!.experimentResultsUpdated.project).toBe('checkout');
    await sub.close();
  });

  it('refuses an unknown project naming the argument, and writes nothing', async () => {
    const before = await counts();
    for (const [query, field] of [
      [
        `mutation { createExperiment(input: { project: "nowhere", key: "x", name: "X", environment: "production",
           flagKey: "same-flag", variants: [{ key: "control", weight: 50 }, { key: "treatment", weight: 50 }] }) { key } }`,
        'input.project',
      ],
      ['mutation { startExperiment(key: "same-exp", project: "nowhere") { key } }', 'project'],
      ['{ experiment(key: "same-exp", project: "nowhere") { key } }', 'project'],
      ['{ experiments(project: "nowhere") { totalCount } }', 'project'],
      [
        '{ assignment(experimentKey: "same-exp", context: { key: "u9" }, project: "nowhere") { variant } }',
        'project',
      ],
      [
        'mutation { createMetric(input: { project: "nowhere", key: "m", name: "M", kind: CONVERSION, eventName: "m" }) { key } }',
        'input.project',
      ],
      ['{ metrics(project: "nowhere") { key } }', 'project'],
      ['mutation { deleteMetric(key: "purchase", project: "nowhere") }', 'project'],
    ] as const) {
      const body = await stack.gql(query);
      expect(errorCodes(body)).toEqual(['NOT_FOUND']);
      expect(body.errors?.[0]?.extensions?.field).toBe(field);
    }
    expect(await counts()).toEqual(before);
  });

  it('checks permissions in the project named: a role scoped to checkout writes there only', async () => {
    await stack.gqlOk(`mutation { createRole(input: { key: "checkout-experimenter", name: "Checkout experimenter",
      grants: [{ permission: "experiments:write", project: "checkout", environment: "production" },
               { permission: "flags:write", project: "checkout", environment: "production" },
               { permission: "metrics:write", project: "checkout" }] }) { key } }`);
    const viewer = await stack.createUser('viewer', { email: 'checkout-experimenter@example.test' });
    await stack.gqlOk(
      `mutation { setUserCustomRoles(id: "${viewer.id}", roles: ["checkout-experimenter"]) { id } }`,
    );
    const as = (query: string) => stack.gql(query, {}, { token: viewer.token });
    const create = (project: string, key: string) =>
      as(`mutation { createExperiment(input: { project: "${project}", key: "${key}", name: "${key}", environment: "production",
           flagKey: "same-flag", variants: [{ key: "${project === 'checkout' ? 'blue' : 'control'}", weight: 50 },
           { key: "${project === 'checkout' ? 'green' : 'treatment'}", weight: 50 }] }) { project key } }`);

    expect((await create('checkout', 'by-role')).data).toEqual({
      createExperiment: { project: 'checkout', key: 'by-role' },
    });
    const before = await counts();
    expect(errorCodes(await create('default', 'by-role'))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await as('mutation { pauseExperiment(key: "same-exp") { key } }'))).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      errorCodes(
        await as(
          'mutation { createMetric(input: { key: "m2", name: "M", kind: CONVERSION, eventName: "m" }) { key } }',
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(await counts()).toEqual(before);
    // Pausing takes the rule off the checkout flag, as the user: flags:write there is granted too.
    expect(
      (await as('mutation { pauseExperiment(key: "same-exp", project: "checkout") { status } }')).data,
    ).toEqual({
      pauseExperiment: { status: 'PAUSED' },
    });
    expect(
      (
        await as(
          'mutation { createMetric(input: { project: "checkout", key: "m2", name: "M", kind: CONVERSION, eventName: "m" }) { project } }',
        )
      ).data,
    ).toEqual({ createMetric: { project: 'checkout' } });
  });

  it('leaves draft experiments in their project when their flag moves away: no flag there, cannot start', async () => {
    await stack.gqlOk(`mutation { createProject(input: { key: "mobile", name: "Mobile",
      environments: [{ key: "production" }] }) { key } }`);
    await stack.gqlOk(`mutation { createFlag(input: { key: "travels", name: "Travels", type: STRING,
      variations: [{ key: "a", value: "a" }, { key: "b", value: "b" }] }) { key } }`);
    await stack.gqlOk(`mutation { createExperiment(input: { key: "left-behind", name: "Left behind", environment: "production",
      flagKey: "travels", variants: [{ key: "a", weight: 50 }, { key: "b", weight: 50 }], primaryMetric: "purchase" }) { key } }`);
    const { flag } = await stack.gqlOk<{ flag: { version: number } }>('{ flag(key: "travels") { version } }');
    await stack.gqlOk(
      `mutation { moveFlag(key: "travels", toProject: "mobile", expectedVersion: ${flag.version}) { project } }`,
    );

    const after = await stack.gqlOk<{ experiment: { project: string; flagKey: string; flag: null } }>(
      '{ experiment(key: "left-behind") { project flagKey flag { key name } } }',
    );
    expect(after.experiment).toEqual({ project: 'default', flagKey: 'travels', flag: null });
    const start = await stack.gql('mutation { startExperiment(key: "left-behind") { status } }');
    expect(errorCodes(start)).toEqual(['BAD_USER_INPUT']);
    expect(start.errors?.[0]?.extensions?.field).toBe('flagKey');
    const moved = await stack.gqlOk<{ flag: { experiments: unknown[] } }>(
      '{ flag(key: "travels", project: "mobile") { experiments { key } } }',
    );
    expect(moved.flag.experiments).toEqual([]);
  });
});
