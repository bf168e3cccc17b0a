import { startTestStack, type TestStack } from '@switchyard/testkit';
import { experimentRules } from '../test-support';

describe('demo data', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'], seedDemo: true });
  }, 180_000);
  afterAll(() => stack?.stop());

  it('has a running, a draft and a completed experiment, the running one on its flag', async () => {
    const data = await stack.gqlOk<{ experiments: { nodes: Record<string, unknown>[] } }>(
      '{ experiments { nodes { key status flagKey environment primaryMetric winner variants { key weight } } } }',
    );
    const byKey = new Map(data.experiments.nodes.map((n) => [n.key, n]));
    expect(byKey.get('checkout-redesign')).toMatchObject({
      status: 'RUNNING',
      flagKey: 'new-checkout',
      environment: 'production',
      primaryMetric: 'purchase',
      variants: [
        { key: 'control', weight: 50 },
        { key: 'treatment', weight: 50 },
      ],
    });
    expect(byKey.get('checkout-button-color')).toMatchObject({ status: 'DRAFT', flagKey: 'checkout-color' });
    expect(byKey.get('pricing-enterprise-first')).toMatchObject({
      status: 'COMPLETED',
      flagKey: 'pricing-config',
      winner: 'enterprise-first',
    });
    // The seed attaches the running experiment in the background, once flags answers.
    const deadline = Date.now() + 30_000;
    let ids: string[] = [];
    while (Date.now() < deadline) {
      ids = (await experimentRules(stack, 'new-checkout', 'production')).rules.map((r) => r.id);
      if (ids.includes('experiment:checkout-redesign')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(ids).toContain('experiment:checkout-redesign');
    const assigned = await stack.gqlOk<{ assignment: { reason: string; variant: string } }>(
      '{ assignment(experimentKey: "checkout-redesign", context: { key: "demo-user" }) { reason variant } }',
    );
    expect(assigned.assignment.reason).toBe('ASSIGNED');
  });

  it('feeds the analytics results, which @require the analysis fields this subgraph owns', async () => {
    const data = await stack.gqlOk<{ experiment: { exposures: number; results: { __typename: string } } }>(
      '{ experiment(key: "checkout-redesign") { exposures results(metricKey: "purchase") { __typename } } }',
    );
    expect(data.experiment.results.__typename).toBe('MetricResults');
    expect(data.experiment.exposures).toBeGreaterThanOrEqual(0);
  });
});
