import { startTestStack, type TestStack } from '@switchyard/testkit';

const RESULTS = `query Demo($metric: String!) {
  experiment(key: "checkout-redesign") {
    exposures
    results(metricKey: $metric) {
      role comparisons status sampleRatio { pValue warning }
      variants { variant users mean pValue adjustedPValue significant chanceToBeatControl }
    }
  }
}`;

interface Demo {
  experiment: {
    exposures: number;
    results: {
      role: string;
      comparisons: number;
      sampleRatio: { warning: boolean };
      variants: {
        variant: string;
        users: number;
        mean: number;
        adjustedPValue: number | null;
        significant: boolean;
      }[];
    };
  };
}

describe('demo data', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ seedDemo: true });
  }, 180_000);
  afterAll(() => stack?.stop());

  it('has the metrics the built-in release templates guard on, so a template starts a release as is', async () => {
    await stack.gqlOk(
      'mutation { createReleasePlan(input: { flagKey: "dark-mode", environment: "development", variation: "off", template: "spec-canary" }) { id } }',
    );
    const { metrics } = await stack.gqlOk<{
      metrics: { key: string; kind: string; higherIsBetter: boolean }[];
    }>('{ metrics { key kind higherIsBetter } }');
    expect(metrics.filter((m) => ['error-rate', 'latency-p95', 'crash-rate'].includes(m.key))).toEqual([
      { key: 'crash-rate', kind: 'MEAN', higherIsBetter: false },
      { key: 'error-rate', kind: 'MEAN', higherIsBetter: false },
      { key: 'latency-p95', kind: 'QUANTILE', higherIsBetter: false },
    ]);
  });

  it('shows a significant purchase uplift and an insignificant revenue difference', async () => {
    const purchase = (await stack.gqlOk<Demo>(RESULTS, { metric: 'purchase' })).experiment;
    const revenue = (await stack.gqlOk<Demo>(RESULTS, { metric: 'revenue' })).experiment.results;
    expect(purchase.exposures).toBe(5000);
    expect(purchase.results.sampleRatio.warning).toBe(false);
    expect(purchase.results.variants[1]!.significant).toBe(true);
    expect(revenue.variants[1]!.significant).toBe(false);
    expect(revenue.variants[1]!.adjustedPValue!).toBeGreaterThan(0.2);
  });

  it('shows flag usage of the demo flag', async () => {
    const data = await stack.gqlOk<{
      flag: { usage: { evaluations: number; variations: { variation: string }[] } };
      staleFlags: { flag: { key: string }; reason: string }[];
    }>('{ flag(key: "new-checkout") { usage(days: 30) { evaluations variations { variation } } }}');
    expect(data.flag.usage.evaluations).toBeGreaterThan(0);
    expect(data.flag.usage.variations).toHaveLength(2);
  });
});
