import path from 'node:path';
import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';
import { main } from '../src/cli/main';

// `switchyard refs` end to end: the CLI scans the fixture repository, uploads what it found through the
// gateway, and the graph shows each flag's references; a flag no code uses has none.
const FIXTURE = path.join(__dirname, 'fixtures/refs-repo');

describe('switchyard refs uploads code references to the graph', () => {
  let stack: TestStack;
  let token = '';

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
    for (const key of ['new-checkout', 'dark-mode', 'banner-text', 'pricing-v2', 'not-in-code'])
      await stack.gqlOk(`mutation { createFlag(input: { key: "${key}", name: "${key}" }) { key } }`);
    token = (await stack.createApiKey('token', { role: 'editor' })).secret;
  }, 120_000);
  afterAll(() => stack?.stop());

  const refsOf = async (key: string) =>
    (
      await stack.gqlOk<{
        flag: { codeReferences: { repository: string; path: string; line: number; context: string }[] };
      }>(`{ flag(key: "${key}") { codeReferences { repository path line context } } }`)
    ).flag.codeReferences;

  it('uploads what the scan found; each flag lists its references, an unused one none', async () => {
    const lines: string[] = [];
    const code = await main(
      ['refs', FIXTURE, '--url', stack.graphqlUrl, '--token', token, '--repository', 'github.com/acme/shop'],
      (line) => lines.push(line),
    );
    expect(code).toBe(0);
    expect(lines).toContain('10 references to 4 of 5 flags');
    expect(lines).toContain('no references (removable?): not-in-code');
    const refs = await refsOf('new-checkout');
    expect(refs.map((r) => `${r.repository} ${r.path}:${r.line}`)).toEqual([
      'github.com/acme/shop generated/flags.ts:3',
      'github.com/acme/shop src/checkout.ts:4',
      'github.com/acme/shop src/constants.ts:4',
      'github.com/acme/shop src/openfeature.ts:6',
    ]);
    expect(refs[1]!.context).toContain("client.getVariation('new-checkout', user, 'off')");
    expect(await refsOf('not-in-code')).toEqual([]);
    const { codeReferenceRepositories } = await stack.gqlOk<{
      codeReferenceRepositories: { repository: string; count: number; commit: string }[];
    }>('{ codeReferenceRepositories { repository count commit } }');
    expect(codeReferenceRepositories).toEqual([
      { repository: 'github.com/acme/shop', count: 10, commit: expect.stringMatching(/^[0-9a-f]{40}$/) },
    ]);
  });

  it('replaces a repository wholesale, and refuses unknown flags and callers who may not write', async () => {
    const upload = (references: unknown[], opts: { token?: string } = {}) =>
      stack.gql(
        `mutation($refs: [CodeReferenceInput!]!) { uploadCodeReferences(repository: "github.com/acme/shop", commit: "abc", references: $refs) { count } }`,
        { refs: references },
        opts,
      );
    const unknown = await upload([{ flagKey: 'nope', path: 'a.ts', line: 1, context: '' }]);
    expect(errorCodes(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(unknown.errors![0]!.extensions).toMatchObject({ field: 'references[0].flagKey' });
    expect((await refsOf('new-checkout')).length).toBe(4);
    const viewer = (await stack.createApiKey('token', { role: 'viewer' })).secret;
    expect(errorCodes(await upload([], { token: viewer }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await upload([{ flagKey: 'dark-mode', path: 'b.ts', line: 2, context: 'x' }]))).toEqual(
      [],
    );
    expect(await refsOf('new-checkout')).toEqual([]);
    expect((await refsOf('dark-mode')).map((r) => `${r.path}:${r.line}`)).toEqual(['b.ts:2']);
  });

  it("uploads with --project to that project's flags, leaving another project's references alone", async () => {
    await stack.gqlOk(
      'mutation { createProject(input: { key: "mobile", name: "Mobile", environments: [{ key: "production" }] }) { key } }',
    );
    for (const key of ['new-checkout', 'dark-mode', 'banner-text', 'pricing-v2'])
      await stack.gqlOk(
        `mutation { createFlag(input: { key: "${key}", name: "${key}", project: "mobile" }) { key } }`,
      );
    const lines: string[] = [];
    const code = await main(
      [
        'refs',
        FIXTURE,
        '--url',
        stack.graphqlUrl,
        '--token',
        token,
        '--repository',
        'github.com/acme/shop',
        '--project',
        'mobile',
      ],
      (line) => lines.push(line),
    );
    expect(code).toBe(0);
    // Scanned for mobile's flags: default's `not-in-code` is not mobile's to remove.
    expect(lines).toContain('10 references to 4 of 4 flags');
    expect(lines.join('\n')).not.toContain('not-in-code');
    const mobile = await stack.gqlOk<{ flag: { codeReferences: { path: string }[] } }>(
      '{ flag(key: "new-checkout", project: "mobile") { codeReferences { path } } }',
    );
    expect(mobile.flag.codeReferences).toHaveLength(4);
    // The default project's upload of the same repository is its own.
    expect(await refsOf('new-checkout')).toEqual([]);
    expect((await refsOf('dark-mode')).map((r) => `${r.path}:${r.line}`)).toEqual(['b.ts:2']);
    const repositories = await stack.gqlOk<{ m: { count: number }[]; d: { count: number }[] }>(
      '{ m: codeReferenceRepositories(project: "mobile") { count } d: codeReferenceRepositories { count } }',
    );
    expect(repositories).toEqual({ m: [{ count: 10 }], d: [{ count: 1 }] });
  });
});
