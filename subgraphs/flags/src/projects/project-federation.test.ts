import { startTestStack, type TestStack } from '@switchyard/testkit';

// Fields other subgraphs add to Flag by its key (usage in analytics, experiments) answer for the default
// project's flags only: a flag of another project with the same key is not the one they counted.
describe("another project's flag through the other subgraphs", () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'], seedDemo: true });
    await stack.gqlOk(
      'mutation { createProject(input: { key: "mobile", name: "Mobile", environments: [{ key: "production" }] }) { key } }',
    );
    await stack.gqlOk(
      'mutation { createFlag(input: { key: "new-checkout", name: "Mobile checkout", project: "mobile" }) { key } }',
    );
  }, 180_000);
  afterAll(() => stack?.stop());

  it("gives the default project's flag its experiments and another project's none", async () => {
    type View = {
      project: string;
      experiments: { key: string }[];
      usage: { evaluations: number; daily: unknown[] };
    };
    const data = await stack.gqlOk<{ d: View; m: View }>(`{
      d: flag(key: "new-checkout") { project experiments { key } usage { evaluations daily { date } } }
      m: flag(key: "new-checkout", project: "mobile") { project experiments { key } usage { evaluations daily { date } } }
    }`);
    expect(data.d.project).toBe('default');
    expect(data.d.experiments.map((e) => e.key)).toContain('checkout-redesign');
    expect(data.m).toEqual({ project: 'mobile', experiments: [], usage: { evaluations: 0, daily: [] } });
  });
});
