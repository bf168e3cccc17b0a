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
});
