import { startTestStack, type TestStack } from '@switchyard/testkit';
import { seededRandom } from '../seed/demo';
import { powerAnalysis } from '../stats/power';

const DAY = 86_400_000;

const POWER = `query($metric: String!, $effect: Float!, $days: Int!, $n: Int, $alpha: Float! = 0.05) {
  metricPower(metricKey: $metric, relativeEffect: $effect, days: $days, sampleSizePerVariant: $n, alpha: $alpha) {
    metricKey kind days baselineUsers baselineMean baselineVariance alpha comparisonAlpha power variants
    relativeEffect sampleSizePerVariant totalSampleSize estimatedDays minimumDetectableEffect status notes
  }
}`;

interface Power {
  baselineUsers: number;
  baselineMean: number | null;
  baselineVariance: number | null;
  sampleSizePerVariant: number | null;
  totalSampleSize: number | null;
  estimatedDays: number | null;
  minimumDetectableEffect: number | null;
  status: string;
  notes: string[];
}

describe('metricPower through the gateway', () => {
  let stack: TestStack;
  const now = Date.now();
  const random = seededRandom(5);
  // 300 active users over the last 5 days; 60 of them bought (1 to 3 purchases of 10 to 50).
  const users = Array.from({ length: 300 }, (_, i) => ({
    key: `p${i}`,
    at: now - random() * 5 * DAY,
    purchases: i % 5 === 0 ? Array.from({ length: 1 + (i % 3) }, () => 10 + Math.round(random() * 40)) : [],
  }));
  const power = async (vars: Record<string, unknown>) =>
    (await stack.gqlOk<{ metricPower: Power }>(POWER, vars)).metricPower;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    for (const m of [
      '{ key: "buy", name: "Buy", kind: CONVERSION, eventName: "buy" }',
      '{ key: "spend", name: "Spend", kind: MEAN, eventName: "buy" }',
      '{ key: "never", name: "Never", kind: CONVERSION, eventName: "never" }',
    ]) {
      await stack.gqlOk(`mutation { createMetric(input: ${m}) { key } }`);
    }
    const events = users.flatMap((u) => [
      {
        eventId: `v-${u.key}`,
        type: 'CUSTOM',
        userKey: u.key,
        eventName: 'visit',
        timestamp: new Date(u.at).toISOString(),
      },
      ...u.purchases.map((value, j) => ({
        eventId: `b-${u.key}-${j}`,
        type: 'CONVERSION',
        userKey: u.key,
        eventName: 'buy',
        value,
        timestamp: new Date(u.at + 1000 * j).toISOString(),
      })),
    ]);
    // Older than the period asked for below (10 days back): left out of a 7-day baseline.
    events.push(
      ...Array.from({ length: 50 }, (_, i) => ({
        eventId: `old-${i}`,
        type: 'CONVERSION',
        userKey: `old${i}`,
        eventName: 'buy',
        value: 1000,
        timestamp: new Date(now - 10 * DAY).toISOString(),
      })),
    );
    await stack.gqlOk(`mutation($e: [EventInput!]!) { trackEvents(events: $e) { accepted } }`, { e: events });
  }, 180_000);
  afterAll(() => stack?.stop());

  it('plans a conversion metric from its recent rate', async () => {
    const got = await power({ metric: 'buy', effect: 0.1, days: 7 });
    expect(got.baselineUsers).toBe(300);
    expect(got.baselineMean).toBeCloseTo(0.2, 12);
    const want = powerAnalysis({
      kind: 'CONVERSION',
      baselineMean: 0.2,
      baselineVariance: 0.16,
      alpha: 0.05,
      power: 0.8,
      variants: 2,
      relativeEffect: 0.1,
    });
    expect(got.sampleSizePerVariant).toBe(want.sampleSizePerVariant);
    expect(got.totalSampleSize).toBe(2 * want.sampleSizePerVariant!);
    // 300 active users in 7 days.
    expect(got.estimatedDays).toBeCloseTo((2 * want.sampleSizePerVariant!) / (300 / 7), 9);
    expect(got.status).toBe('OK');
  });

  it('plans a mean metric from its recent per-user variance, and gives the effect detectable with a sample', async () => {
    const values = users.map((u) => u.purchases.reduce((s, v) => s + v, 0));
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
    const got = await power({ metric: 'spend', effect: 0.2, days: 7, n: 5000 });
    expect(got.baselineMean).toBeCloseTo(mean, 9);
    expect(got.baselineVariance).toBeCloseTo(variance, 6);
    const want = powerAnalysis({
      kind: 'MEAN',
      baselineMean: mean,
      baselineVariance: variance,
      alpha: 0.05,
      power: 0.8,
      variants: 2,
      relativeEffect: 0.2,
      sampleSizePerVariant: 5000,
    });
    expect(got.sampleSizePerVariant).toBe(want.sampleSizePerVariant);
    expect(got.minimumDetectableEffect).toBeCloseTo(want.minimumDetectableEffect!, 9);
  });

  it('counts older events only when the period covers them', async () => {
    const got = await power({ metric: 'buy', effect: 0.1, days: 14 });
    expect(got.baselineUsers).toBe(350);
    expect(got.baselineMean).toBeCloseTo(110 / 350, 12);
  });

  it('explains a metric without history, and refuses bad input', async () => {
    const none = await power({ metric: 'never', effect: 0.1, days: 7 });
    expect(none.status).toBe('INSUFFICIENT_DATA');
    expect(none.sampleSizePerVariant).toBeNull();
    expect(none.notes.join(' ')).toMatch(/baseline/);
    const bad = await stack.gql(POWER, { metric: 'buy', effect: 0.1, days: 7, alpha: 1.5 });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions?.field).toBe('alpha');
    const missing = await stack.gql(POWER, { metric: 'nope', effect: 0.1, days: 7 });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
