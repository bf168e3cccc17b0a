import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';

interface ProjectView {
  key: string;
  name: string;
  version: number;
  environments: { key: string; colour: string | null }[];
}
const PROJECT = 'key name version environments { key colour }';

describe('projects through the gateway', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
  }, 120_000);
  afterAll(() => stack?.stop());

  async function project(key = 'default'): Promise<ProjectView> {
    const data = await stack.gqlOk<{ project: ProjectView }>(`{ project(key: "${key}") { ${PROJECT} } }`);
    return data.project;
  }

  it('holds everything in default, which uses every environment, and flags and segments say so', async () => {
    const data = await stack.gqlOk<{ projects: ProjectView[] }>(`{ projects { ${PROJECT} } }`);
    expect(data.projects.map((p) => p.key)).toEqual(['default']);
    expect(data.projects[0]!.environments.map((e) => e.key)).toEqual([
      'development',
      'staging',
      'production',
    ]);
    const created = await stack.gqlOk<{ createFlag: { project: string } }>(
      'mutation { createFlag(input: { key: "p-flag", name: "P" }) { project } }',
    );
    expect(created.createFlag.project).toBe('default');
    const segment = await stack.gqlOk<{ createSegment: { project: string } }>(
      'mutation { createSegment(input: { key: "p-seg", name: "P" }) { project } }',
    );
    expect(segment.createSegment.project).toBe('default');
  });

  it('changes the environments a project uses, their order and colours, as one audited version', async () => {
    const before = await project();
    const data = await stack.gqlOk<{ updateProject: ProjectView }>(
      `mutation { updateProject(key: "default", expectedVersion: ${before.version}, input: {
         name: "Checkout and more",
         environments: [{ key: "production", colour: "#B42318" }, { key: "staging" }, { key: "development", colour: "#1f7a4d" }]
       }) { ${PROJECT} } }`,
    );
    expect(data.updateProject).toEqual({
      key: 'default',
      name: 'Checkout and more',
      version: before.version + 1,
      environments: [
        { key: 'production', colour: '#b42318' },
        { key: 'staging', colour: null },
        { key: 'development', colour: '#1f7a4d' },
      ],
    });
    const audit = await stack.gqlOk<{
      auditLog: { nodes: { action: string; resourceKey: string; after: unknown }[] };
    }>('{ auditLog(first: 1) { nodes { action resourceKey after } } }');
    expect(audit.auditLog.nodes[0]).toMatchObject({
      action: 'project.updated',
      resourceKey: 'default',
      after: {
        name: 'Checkout and more',
        environments: [{ key: 'production' }, { key: 'staging' }, { key: 'development' }],
      },
    });

    // An environment created later joins default at the end.
    await stack.gqlOk('mutation { createEnvironment(input: { key: "qa", name: "QA" }) { key } }');
    expect((await project()).environments.map((e) => e.key)).toEqual([
      'production',
      'staging',
      'development',
      'qa',
    ]);
  });

  it.each([
    ['an unknown environment', '[{ key: "nowhere" }]', 'BAD_USER_INPUT', 'input.environments[0].key'],
    [
      'an environment listed twice',
      '[{ key: "staging" }, { key: "staging" }]',
      'BAD_USER_INPUT',
      'input.environments[1].key',
    ],
    ['no environment', '[]', 'BAD_USER_INPUT', 'input.environments'],
    [
      'a malformed colour',
      '[{ key: "staging", colour: "red" }]',
      'BAD_USER_INPUT',
      'input.environments[0].colour',
    ],
  ])('refuses %s naming the field, writing nothing', async (_what, environments, code, field) => {
    const before = await project();
    const body = await stack.gql(
      `mutation { updateProject(key: "default", expectedVersion: ${before.version}, input: { environments: ${environments} }) { key } }`,
    );
    expect(errorCodes(body)).toEqual([code]);
    expect(body.errors?.[0]?.extensions?.field).toBe(field);
    expect(await project()).toEqual(before);
  });

  it('refuses an unknown project and a stale version, and lets only admins change a project', async () => {
    const unknown = await stack.gql(
      'mutation { updateProject(key: "nowhere", expectedVersion: 1, input: { name: "x" }) { key } }',
    );
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
    expect((await stack.gqlOk<{ project: null }>('{ project(key: "nowhere") { key } }')).project).toBeNull();
    const stale = await stack.gql(
      'mutation { updateProject(key: "default", expectedVersion: 1, input: { name: "x" }) { key } }',
    );
    expect(errorCodes(stale)).toEqual(['CONFLICT']);

    const editor = await stack.createUser('editor', { email: 'project-editor@example.test' });
    const before = await project();
    const refused = await stack.gql(
      `mutation { updateProject(key: "default", expectedVersion: ${before.version}, input: { name: "x" }) { key } }`,
      {},
      { token: editor.token },
    );
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    const read = await stack.gqlOk<{ projects: { key: string }[] }>(
      '{ projects { key } }',
      {},
      { token: editor.token },
    );
    expect(read.projects.map((p) => p.key)).toEqual(['default']);
  });

  describe('flags and segments within a project', () => {
    beforeAll(async () => {
      await stack.gqlOk(`mutation { createProject(input: { key: "mobile", name: "Mobile",
        environments: [{ key: "production", colour: "#1f7a4d" }] }) { key } }`);
    });

    it('creates a project, audited, and refuses a taken key or bad input, writing nothing', async () => {
      const data = await stack.gqlOk<{ project: ProjectView }>(`{ project(key: "mobile") { ${PROJECT} } }`);
      expect(data.project).toEqual({
        key: 'mobile',
        name: 'Mobile',
        version: 1,
        environments: [{ key: 'production', colour: '#1f7a4d' }],
      });
      const count = async () => (await stack.db.query('SELECT count(*)::int AS n FROM flags.projects'))[0];
      const before = await count();
      for (const [input, code, field] of [
        ['key: "mobile", name: "Again", environments: [{ key: "production" }]', 'CONFLICT', 'input.key'],
        ['key: "Bad Key", name: "x", environments: [{ key: "production" }]', 'BAD_USER_INPUT', 'input.key'],
        [
          'key: "web", name: "Web", environments: [{ key: "nowhere" }]',
          'BAD_USER_INPUT',
          'input.environments[0].key',
        ],
        ['key: "web", name: "Web", environments: []', 'BAD_USER_INPUT', 'input.environments'],
      ]) {
        const body = await stack.gql(`mutation { createProject(input: { ${input} }) { key } }`);
        expect(errorCodes(body)).toEqual([code]);
        expect(body.errors?.[0]?.extensions?.field).toBe(field);
      }
      expect(await count()).toEqual(before);
    });

    it('keeps flags of the same key apart, each unique within its project', async () => {
      for (const project of ['default', 'mobile']) {
        await stack.gqlOk(
          `mutation { createFlag(input: { key: "same", name: "Same in ${project}", project: "${project}" }) { key } }`,
        );
      }
      const mobile = await stack.gqlOk<{ flag: { name: string; project: string; version: number } }>(
        '{ flag(key: "same", project: "mobile") { name project version } }',
      );
      expect(mobile.flag).toEqual({ name: 'Same in mobile', project: 'mobile', version: 1 });
      const listed = await stack.gqlOk<{ flags: { nodes: { key: string; project: string }[] } }>(
        '{ flags(project: "mobile") { nodes { key project } } }',
      );
      expect(listed.flags.nodes).toEqual([{ key: 'same', project: 'mobile' }]);

      // Targeting the mobile flag leaves the default one as it was.
      await stack.gqlOk(`mutation { setFlagEnabled(key: "same", project: "mobile", environment: "production",
        enabled: true, expectedVersion: 1) { key } }`);
      const both = await stack.gqlOk<{
        d: { version: number; environment: { enabled: boolean } };
        m: { version: number; environment: { enabled: boolean } };
      }>(
        `{ d: flag(key: "same") { version environment(key: "production") { enabled } }
           m: flag(key: "same", project: "mobile") { version environment(key: "production") { enabled } } }`,
      );
      expect(both).toEqual({
        d: { version: 1, environment: { enabled: false } },
        m: { version: 2, environment: { enabled: true } },
      });

      const again = await stack.gql(
        'mutation { createFlag(input: { key: "same", name: "x", project: "mobile" }) { key } }',
      );
      expect(errorCodes(again)).toEqual(['CONFLICT']);
      expect(again.errors?.[0]?.extensions?.field).toBe('input.key');
    });

    it("resolves segments and prerequisites within the flag's project", async () => {
      await stack.gqlOk(
        'mutation { createSegment(input: { key: "only-default", name: "Only default" }) { key } }',
      );
      await stack.gqlOk(
        'mutation { createSegment(input: { key: "testers", name: "Mobile testers", project: "mobile", included: ["u1"] }) { key } }',
      );
      await stack.gqlOk(
        'mutation { createFlag(input: { key: "uses", name: "Uses", project: "mobile" }) { key } }',
      );
      const foreign =
        await stack.gql(`mutation { updateTargeting(key: "uses", project: "mobile", environment: "production", expectedVersion: 1,
        input: { rules: [{ conditions: [{ attribute: "key", operator: "inSegment", values: ["only-default"] }], serve: { variation: "on" } }] }) { key } }`);
      expect(errorCodes(foreign)).toEqual(['BAD_USER_INPUT']);
      await stack.gqlOk(`mutation { updateTargeting(key: "uses", project: "mobile", environment: "production", expectedVersion: 1,
        input: { rules: [{ conditions: [{ attribute: "key", operator: "inSegment", values: ["testers"] }], serve: { variation: "on" } }] }) { key } }`);
      const segment = await stack.gqlOk<{
        segment: { project: string; usedByFlags: { key: string; project: string }[] };
      }>('{ segment(key: "testers", project: "mobile") { project usedByFlags { key project } } }');
      expect(segment.segment).toEqual({
        project: 'mobile',
        usedByFlags: [{ key: 'uses', project: 'mobile' }],
      });
      expect(
        (await stack.gqlOk<{ segments: { key: string }[] }>('{ segments(project: "mobile") { key } }'))
          .segments,
      ).toEqual([{ key: 'testers' }]);
      const inUse = await stack.gql(
        'mutation { deleteSegment(key: "testers", project: "mobile", expectedVersion: 1) }',
      );
      expect(errorCodes(inUse)).toEqual(['CONFLICT']);
      // A prerequisite names a flag of the same project: the default project's "uses" does not exist.
      await stack.gqlOk('mutation { createFlag(input: { key: "needs", name: "Needs" }) { key } }');
      const missing =
        await stack.gql(`mutation { updateTargeting(key: "needs", environment: "production", expectedVersion: 1,
        input: { prerequisites: [{ flagKey: "uses", variation: "on" }] }) { key } }`);
      expect(errorCodes(missing)).toEqual(['BAD_USER_INPUT']);
    });

    it("records each change and audit entry with its project, and filters changes to the project's", async () => {
      type Change = {
        resourceKey: string;
        project: string | null;
        flag: { name: string; project: string } | null;
      };
      const changes = async (project?: string) =>
        (
          await stack.gqlOk<{ configChanges: Change[] }>(
            `{ configChanges(sinceVersion: 0, first: 1000${project ? `, project: "${project}"` : ''}) {
                 resourceKey project flag { name project } } }`,
          )
        ).configChanges.filter((c) => c.resourceKey === 'same');
      const mobileFlag = { name: 'Same in mobile', project: 'mobile' };
      expect(await changes('mobile')).toEqual([
        { resourceKey: 'same', project: 'mobile', flag: mobileFlag },
        { resourceKey: 'same', project: 'mobile', flag: mobileFlag },
      ]);
      expect((await changes()).map((c) => c.project)).toEqual(['default']);
      // The environment, installation-wide, is in every project's changes.
      const all = await stack.gqlOk<{ configChanges: { kind: string; project: string | null }[] }>(
        '{ configChanges(sinceVersion: 0, first: 1000, project: "mobile") { kind project } }',
      );
      expect(all.configChanges).toContainEqual({ kind: 'ENVIRONMENT_CREATED', project: null });
      const audit = await stack.gqlOk<{
        auditLog: { nodes: { action: string; resourceKey: string; project: string }[] };
      }>(
        '{ auditLog(filter: { project: "mobile", resourceType: "flag" }) { nodes { action resourceKey project } } }',
      );
      expect(audit.auditLog.nodes.filter((n) => n.resourceKey === 'same')).toEqual([
        { action: 'flag.enabled', resourceKey: 'same', project: 'mobile' },
        { action: 'flag.created', resourceKey: 'same', project: 'mobile' },
      ]);
    });

    it("evaluates flags of the same key independently, per project, and follows each project's changes", async () => {
      type Value = { key: string; variation: string; reason: string };
      const evaluate = async (project?: string) =>
        (
          await stack.gqlOk<{ evaluate: Value[] }>(
            `{ evaluate(environment: "production", context: { key: "u1" }, keys: ["same"]${project ? `, project: "${project}"` : ''}) {
                 key variation reason } }`,
          )
        ).evaluate;
      // "same" is on in mobile (enabled earlier) and off in default.
      expect(await evaluate('mobile')).toEqual([{ key: 'same', variation: 'on', reason: 'FALLTHROUGH' }]);
      expect(await evaluate()).toEqual([{ key: 'same', variation: 'off', reason: 'OFF' }]);
      expect(await evaluate('default')).toEqual(await evaluate());

      // A change in one project reaches its evaluations at once and leaves the other's alone.
      const { flag } = await stack.gqlOk<{ flag: { version: number } }>(
        '{ flag(key: "same", project: "mobile") { version } }',
      );
      await stack.gqlOk(`mutation { updateTargeting(key: "same", project: "mobile", environment: "production",
        expectedVersion: ${flag.version}, input: { fallthrough: { variation: "off" } }) { key } }`);
      expect((await evaluate('mobile'))[0]!.variation).toBe('off');
      expect((await evaluate('mobile'))[0]!.reason).toBe('FALLTHROUGH');
      expect((await evaluate())[0]!.reason).toBe('OFF');

      const sets = await stack.gqlOk<{
        m: { project: string; flags: { key: string }[] };
        d: { project: string; flags: { key: string }[] };
      }>(
        '{ m: flagSet(environment: "production", project: "mobile") { project flags } d: flagSet(environment: "production") { project flags } }',
      );
      expect(sets.m.project).toBe('mobile');
      expect(sets.m.flags.map((f) => f.key).sort()).toEqual(['same', 'uses']);
      expect(sets.d.project).toBe('default');
      expect(sets.d.flags.map((f) => f.key)).toContain('same');
      expect(sets.d.flags.map((f) => f.key)).not.toContain('uses');

      // Mobile uses production only: a write to its staging is refused, naming the environment.
      const write =
        await stack.gql(`mutation { setFlagEnabled(key: "same", project: "mobile", environment: "staging",
        enabled: true, expectedVersion: ${flag.version + 1}) { key } }`);
      expect(errorCodes(write)).toEqual(['BAD_USER_INPUT']);
      expect(write.errors?.[0]?.extensions?.field).toBe('environment');
      // Mobile uses production only: its staging is unknown, and so is an unknown project.
      const unused = await stack.gql(
        '{ evaluate(environment: "staging", context: { key: "u1" }, project: "mobile") { key } }',
      );
      expect(errorCodes(unused)).toEqual(['NOT_FOUND']);
      const unknown = await stack.gql(
        '{ evaluate(environment: "production", context: { key: "u1" }, project: "nowhere") { key } }',
      );
      expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
      expect(unknown.errors?.[0]?.extensions?.field).toBe('project');
    });

    it('lets a custom role write production in one project only', async () => {
      await stack.gqlOk(`mutation { createRole(input: { key: "mobile-release", name: "Mobile release",
        grants: [{ permission: "flags:write", project: "mobile", environment: "production" }] }) { key } }`);
      const viewer = await stack.createUser('viewer', { email: 'mobile-release@example.test' });
      await stack.gqlOk(
        `mutation { setUserCustomRoles(id: "${viewer.id}", roles: ["mobile-release"]) { id } }`,
      );
      const toggle = async (project: string, environment: string) => {
        const { flag } = await stack.gqlOk<{ flag: { version: number } }>(
          `{ flag(key: "same", project: "${project}") { version } }`,
        );
        return stack.gql(
          `mutation { setFlagEnabled(key: "same", project: "${project}", environment: "${environment}", enabled: false,
             expectedVersion: ${flag.version}) { project } }`,
          {},
          { token: viewer.token },
        );
      };
      expect((await toggle('mobile', 'production')).data).toEqual({ setFlagEnabled: { project: 'mobile' } });
      expect(errorCodes(await toggle('default', 'production'))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await toggle('mobile', 'staging'))).toEqual(['FORBIDDEN']);
    });

    it("serves an SDK key its own project's flags and nothing of another project", async () => {
      const created = await stack.gqlOk<{ createApiKey: { secret: string; apiKey: { project: string } } }>(
        `mutation { createApiKey(input: { name: "mobile server", kind: SERVER, environment: "production", project: "mobile" }) {
           secret apiKey { project } } }`,
      );
      expect(created.createApiKey.apiKey.project).toBe('mobile');
      const key = created.createApiKey.secret;
      // Without naming the project the key evaluates and downloads its own.
      const own = await stack.gqlOk<{ evaluate: { key: string }[]; flagSet: { project: string } }>(
        '{ evaluate(environment: "production", context: { key: "u1" }) { key } flagSet(environment: "production") { project } }',
        {},
        { token: key },
      );
      expect(own.evaluate.map((v) => v.key).sort()).toEqual(['same', 'uses']);
      expect(own.flagSet.project).toBe('mobile');
      for (const query of [
        '{ evaluate(environment: "production", context: { key: "u1" }, project: "default") { key } }',
        '{ flagSet(environment: "production", project: "default") { project } }',
      ]) {
        expect(errorCodes(await stack.gql(query, {}, { token: key }))).toEqual(['FORBIDDEN']);
      }

      // Refused, naming the field, nothing written.
      const count = async () => (await stack.db.query('SELECT count(*)::int AS n FROM flags.api_keys'))[0];
      const before = await count();
      for (const [input, code, field] of [
        ['kind: SERVER, environment: "staging", project: "mobile"', 'BAD_USER_INPUT', 'input.environment'],
        ['kind: SERVER, environment: "production", project: "nowhere"', 'NOT_FOUND', 'input.project'],
        ['kind: TOKEN, role: VIEWER, project: "mobile"', 'BAD_USER_INPUT', 'input.project'],
      ]) {
        const body = await stack.gql(`mutation { createApiKey(input: { name: "x", ${input} }) { secret } }`);
        expect(errorCodes(body)).toEqual([code]);
        expect(body.errors?.[0]?.extensions?.field).toBe(field);
      }
      expect(await count()).toEqual(before);
    });

    it('moves a flag between projects unless an experiment runs on it, audited in both', async () => {
      await stack.gqlOk('mutation { createFlag(input: { key: "mover", name: "Mover" }) { key } }');
      await stack.gqlOk(`mutation { attachExperiment(flagKey: "mover", environment: "production", experiment: {
        key: "exp-mover", coverage: 1, variants: [{ variation: "on", weight: 50 }, { variation: "off", weight: 50 }] }) { key } }`);
      const version = async (project: string) =>
        (
          await stack.gqlOk<{ flag: { version: number } }>(
            `{ flag(key: "mover", project: "${project}") { version } }`,
          )
        ).flag.version;
      const running = await stack.gql(
        `mutation { moveFlag(key: "mover", toProject: "mobile", expectedVersion: ${await version('default')}) { key } }`,
      );
      expect(errorCodes(running)).toEqual(['CONFLICT']);
      expect(running.errors?.[0]?.message).toContain('exp-mover');
      await stack.gqlOk(
        `mutation { detachExperiment(flagKey: "mover", environment: "production", experimentKey: "exp-mover") { key } }`,
      );

      // The key is taken there, or the targeting names a segment the target lacks: refused, nothing moves.
      const taken = await stack.gql(
        `mutation { moveFlag(key: "same", toProject: "mobile", expectedVersion: ${(await stack.gqlOk<{ flag: { version: number } }>('{ flag(key: "same") { version } }')).flag.version}) { key } }`,
      );
      expect(errorCodes(taken)).toEqual(['CONFLICT']);
      expect(taken.errors?.[0]?.extensions?.field).toBe('toProject');
      const lacking = await stack.gql(
        `mutation { moveFlag(key: "uses", project: "mobile", toProject: "default", expectedVersion: ${await (async () => (await stack.gqlOk<{ flag: { version: number } }>('{ flag(key: "uses", project: "mobile") { version } }')).flag.version)()}) { key } }`,
      );
      expect(errorCodes(lacking)).toEqual(['BAD_USER_INPUT']);
      expect(lacking.errors?.[0]?.message).toContain('segment "testers"');

      const before = await version('default');
      const moved = await stack.gqlOk<{ moveFlag: { key: string; project: string; version: number } }>(
        `mutation { moveFlag(key: "mover", toProject: "mobile", expectedVersion: ${before}) { key project version } }`,
      );
      expect(moved.moveFlag).toEqual({ key: 'mover', project: 'mobile', version: before + 1 });
      expect(errorCodes(await stack.gql('{ flag(key: "mover") { key } }'))).toEqual(['NOT_FOUND']);
      const evaluated = await stack.gqlOk<{ evaluate: { key: string }[] }>(
        '{ evaluate(environment: "production", context: { key: "u1" }, project: "mobile") { key } }',
      );
      expect(evaluated.evaluate.map((v) => v.key)).toContain('mover');
      for (const project of ['default', 'mobile']) {
        const audit = await stack.gqlOk<{
          auditLog: { nodes: { action: string; after: { project: string } }[] };
        }>(
          `{ auditLog(first: 1, filter: { project: "${project}", resourceKey: "mover" }) { nodes { action after } } }`,
        );
        expect(audit.auditLog.nodes[0]).toMatchObject({ action: 'flag.moved', after: { project: 'mobile' } });
      }
    });

    it('refuses an unknown project naming the field, writing nothing', async () => {
      const before = await stack.db.query('SELECT count(*)::int AS n FROM flags.flags');
      const create = await stack.gql(
        'mutation { createFlag(input: { key: "lost", name: "Lost", project: "nowhere" }) { key } }',
      );
      expect(errorCodes(create)).toEqual(['NOT_FOUND']);
      expect(create.errors?.[0]?.extensions?.field).toBe('input.project');
      const read = await stack.gql('{ flag(key: "same", project: "nowhere") { key } }');
      expect(errorCodes(read)).toEqual(['NOT_FOUND']);
      expect(read.errors?.[0]?.extensions?.field).toBe('project');
      const segment = await stack.gql(
        'mutation { createSegment(input: { key: "lost", name: "Lost", project: "nowhere" }) { key } }',
      );
      expect(errorCodes(segment)).toEqual(['NOT_FOUND']);
      expect(await stack.db.query('SELECT count(*)::int AS n FROM flags.flags')).toEqual(before);
    });
  });
});
