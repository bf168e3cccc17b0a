import { startTestStack, type TestStack } from '@switchyard/testkit';
import { startReceiver, until } from './test-receivers';

type SlackBody = { text: string; blocks: { type: string; fields?: { text: string }[] }[] };
interface Alert {
  kind: string;
  metricKey: string | null;
  variant: string | null;
  analysisPeriod: number;
  detail: Record<string, unknown>;
}

const ALERTS =
  'query($key: String!) { experiment(key: $key) { alerts { kind metricKey variant analysisPeriod detail } } }';

/**
 * `users` users, `treatmentShare` of them in treatment, interleaved as real traffic is (the watcher
 * looks while the test is still sending). Every n-th user buys, a deterministic rate, so the verdicts
 * do not depend on chance; treatment users hit more errors, violating the guardrail (lower is better).
 */
function events(experiment: string, users: number, treatmentShare: number) {
  const now = Date.now();
  const out: Record<string, unknown>[] = [];
  const seen = { control: 0, treatment: 0 };
  for (let i = 0; i < users; i++) {
    const variant = (i * treatmentShare) % 1 < treatmentShare - 1e-9 ? 'treatment' : 'control';
    const n = seen[variant]++;
    const userKey = `${experiment}-${i}`;
    const at = (ms: number) => new Date(now - 60_000 + ms).toISOString();
    out.push({
      eventId: `x-${userKey}`,
      type: 'EXPOSURE',
      userKey,
      experimentKey: experiment,
      variant,
      timestamp: at(0),
    });
    if (n % (variant === 'treatment' ? 3 : 10) === 0)
      out.push({
        eventId: `b-${userKey}`,
        type: 'CONVERSION',
        userKey,
        eventName: 'buy',
        value: 1,
        timestamp: at(1000),
      });
    const errors = variant === 'treatment' ? 2 + (n % 2) : n % 2;
    for (let e = 0; e < errors; e++)
      out.push({
        eventId: `e-${userKey}-${e}`,
        type: 'CUSTOM',
        userKey,
        eventName: 'error',
        timestamp: at(2000 + e),
      });
  }
  return out;
}

describe('experiment alerts reach the notification channels', () => {
  let stack: TestStack;
  const slackReady = startReceiver();
  let slack: Awaited<typeof slackReady>;
  // The channel also hears of the experiments' creation and start; these are the alerts.
  const slackAlerts = (key: string) =>
    slack.requests
      .map((r) => JSON.parse(r.body) as SlackBody)
      .filter((b) => b.text.includes(key) && /reached significance|violates|sample ratio/.test(b.text));
  const alerts = async (key: string) =>
    (await stack.gqlOk<{ experiment: { alerts: Alert[] } }>(ALERTS, { key })).experiment.alerts;

  beforeAll(async () => {
    slack = await slackReady;
    stack = await startTestStack({
      subgraphs: ['flags', 'experiments', 'analytics'],
      env: {
        INTEGRATION_ALLOWED_NETWORKS: '127.0.0.1/32',
        INTEGRATION_POLL_MS: '100',
        EXPERIMENT_WATCH_INTERVAL_MS: '300',
        CONSOLE_URL: 'https://console.switchyard.test',
      },
    });
    await stack.gqlOk(
      'mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { id } }',
      {
        input: {
          kind: 'SLACK',
          name: '#experiments',
          target: `${slack.url}/T000/B000/EXPERIMENTS`,
          changeKinds: ['EXPERIMENT'],
          environments: ['production'],
        },
      },
    );
    for (const m of [
      '{ key: "buy", name: "Purchases", kind: CONVERSION, eventName: "buy", conversionWindowHours: 24 }',
      '{ key: "errors", name: "Errors", kind: COUNT, eventName: "error", conversionWindowHours: 24, higherIsBetter: false, guardrailThreshold: 0.02 }',
    ])
      await stack.gqlOk(`mutation { createMetric(input: ${m}) { key } }`);
    for (const [key, flag] of [
      ['exp-effect', 'alert-flag-a'],
      ['exp-skewed', 'alert-flag-b'],
    ]) {
      await stack.gqlOk(
        `mutation { createFlag(input: { key: "${flag}", name: "${flag}", variations: [{ key: "control", value: false }, { key: "treatment", value: true }] }) { key } }`,
      );
      await stack.gqlOk(
        `mutation { createExperiment(input: { key: "${key}", name: "${key}", environment: "production", flagKey: "${flag}",
          variants: [{ key: "control", weight: 50 }, { key: "treatment", weight: 50 }],
          primaryMetric: "buy", guardrailMetrics: ["errors"], minSampleSize: 300 }) { key } }`,
      );
      await stack.gqlOk(`mutation { startExperiment(key: "${key}") { status } }`);
    }
    const track = async (batch: Record<string, unknown>[]) => {
      for (let i = 0; i < batch.length; i += 500)
        await stack.gqlOk('mutation($e: [EventInput!]!) { trackEvents(events: $e) { accepted } }', {
          e: batch.slice(i, i + 500),
        });
    };
    await track(events('exp-effect', 800, 0.5));
    await track(events('exp-skewed', 1000, 0.3));
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    await slack?.close();
  });

  it('announces significance of the primary metric and a violated guardrail, once each', async () => {
    const found = await until('both alerts of exp-effect', async () => {
      const list = await alerts('exp-effect');
      return list.length >= 2 ? list : undefined;
    });
    const byKind = Object.fromEntries(found.map((a) => [a.kind, a]));
    expect(Object.keys(byKind).sort()).toEqual(['GUARDRAIL_VIOLATED', 'SIGNIFICANT']);
    expect(byKind.SIGNIFICANT).toMatchObject({
      metricKey: 'buy',
      variant: 'treatment',
      analysisPeriod: 1,
      detail: { direction: 'BETTER', metricName: 'Purchases' },
    });
    expect(['sequential', 'fixed-horizon']).toContain(byKind.SIGNIFICANT!.detail.method);
    expect(byKind.SIGNIFICANT!.detail.adjustedPValue).toBeLessThan(0.05);
    expect(byKind.GUARDRAIL_VIOLATED).toMatchObject({
      metricKey: 'errors',
      variant: 'treatment',
      detail: { threshold: 0.02, metricName: 'Errors' },
    });

    const significance = await until('the significance posted to Slack', async () =>
      slackAlerts('exp-effect').find((b) => b.text.includes('reached significance')),
    );
    expect(significance.text).toBe(
      ':bar_chart: Experiment exp-effect reached significance in production: variant treatment is better than control on Purchases',
    );
    expect(significance.blocks.map((b) => b.type)).toEqual(['section', 'section', 'context', 'actions']);
    expect(significance.blocks[1]!.fields!.map((f) => f.text.split('\n')[0])).toEqual([
      '*Relative uplift*',
      '*Adjusted p-value*',
      '*Method*',
      '*Users in variant*',
    ]);
    await until('the guardrail posted to Slack', async () =>
      slackAlerts('exp-effect').find((b) => b.text.includes('violates the guardrail Errors')),
    );

    // Later looks find the same things: nothing is announced twice.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await alerts('exp-effect')).toHaveLength(2);
    expect(slackAlerts('exp-effect')).toHaveLength(2);
    const audit = await stack.db.query(
      "SELECT action FROM platform.audit_log WHERE resource_key = 'exp-effect' AND action LIKE 'experiment.%' AND action NOT IN ('experiment.created', 'experiment.started') ORDER BY action",
    );
    expect(audit.map((r) => r.action)).toEqual(['experiment.guardrail_violated', 'experiment.significant']);
  });

  it('reports a sample ratio mismatch instead of a verdict it cannot trust', async () => {
    const found = await until('the mismatch of exp-skewed', async () => {
      const list = await alerts('exp-skewed');
      return list.length > 0 ? list : undefined;
    });
    // Give the watcher more looks: a significance alert must still not appear.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await alerts('exp-skewed')).map((a) => a.kind)).toEqual(['SAMPLE_RATIO_MISMATCH']);
    expect(found[0]).toMatchObject({ metricKey: null, variant: null });
    const [control, treatment] = found[0]!.detail.observed as number[];
    expect(treatment! / (control! + treatment!)).toBeCloseTo(0.3, 1);
    const message = await until('the mismatch posted to Slack', async () => slackAlerts('exp-skewed')[0]);
    expect(message.text).toContain('sample ratio mismatch');
    expect(message.blocks[1]!.fields![0]!.text).toMatch(/^\*Observed users\*\n\d+ \/ \d+$/);
  });
});
