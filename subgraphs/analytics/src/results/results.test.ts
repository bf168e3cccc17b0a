import { startTestStack, type TestStack } from '@switchyard/testkit';
import { analyzeMetrics, type VariantSummary } from '../stats';
import { capThreshold } from '../stats/capping';
import { benjaminiHochberg } from '../stats/multiple-testing';
import { seededRandom } from '../seed/demo';

const HOUR = 3600_000;

const RESULTS = `query Results($key: String!, $metric: String!, $sequential: Boolean) {
  experiment(key: $key) {
    results(metricKey: $metric, sequential: $sequential) {
      metricKey role kind test status alpha comparisons controlVariant minSampleSize progress notes
      metric { key name }
      sampleRatio { pValue warning threshold observed expected }
      sequential { method tuningSampleSize tuningSource }
      variants {
        variant isControl users conversions rate mean variance standardError progress
        interval { lower upper }
        absoluteUplift { estimate lower upper } relativeUplift { estimate lower upper }
        statistic degreesOfFreedom pValue adjustedPValue significant chanceToBeatControl expectedLoss
        guardrailViolated status notes
        sequential { pValue adjustedPValue significant absoluteUplift { estimate lower upper } }
      }
      daily { date variants { variant users newUsers estimate interval { lower upper } } }
    }
  }
}`;

const ANALYSIS = `query Analysis($key: String!) {
  experiment(key: $key) {
    analysis {
      alpha comparisons notes
      metrics { metricKey role status variants { variant users pValue adjustedPValue significant } }
    }
  }
}`;

interface VariantRow {
  variant: string;
  rate: number | null;
  isControl: boolean;
  users: number;
  conversions: number | null;
  mean: number | null;
  variance: number | null;
  pValue: number | null;
  adjustedPValue: number | null;
  significant: boolean;
  chanceToBeatControl: number | null;
  relativeUplift: { estimate: number; lower: number; upper: number } | null;
  guardrailViolated: boolean | null;
  status: string;
  notes: string[];
  sequential: { pValue: number } | null;
}
interface Results {
  metricKey: string;
  role: string;
  status: string;
  comparisons: number;
  progress: number | null;
  notes: string[];
  sampleRatio: { pValue: number | null; warning: boolean; observed: number[] };
  sequential: { tuningSource: string } | null;
  variants: VariantRow[];
  daily: { date: string; variants: { variant: string; users: number; estimate: number | null }[] }[];
}

/** Per-user truth of the generated data, to check the rollups against. */
interface User {
  key: string;
  variant: 'control' | 'treatment';
  exposedAt: number;
  purchases: { at: number; value: number }[];
  views: number[];
}

function generate(n: number, now: number): User[] {
  const random = seededRandom(7);
  return Array.from({ length: n }, (_, i) => {
    const variant = i % 2 === 0 ? 'control' : 'treatment';
    const exposedAt = now - (2 + random() * 100) * HOUR;
    const rate = variant === 'control' ? 0.2 : 0.3;
    const purchases =
      random() < rate
        ? [{ at: exposedAt + random() * HOUR, value: Math.round(random() * 10_000) / 100 }]
        : [];
    if (purchases.length && random() < 0.3) purchases.push({ at: exposedAt + 1.5 * HOUR, value: 12.34 });
    const views = Array.from({ length: Math.floor(random() * 5) }, () => exposedAt + random() * 2 * HOUR);
    return { key: `user-${i}`, variant, exposedAt, purchases, views };
  });
}

function events(users: User[]) {
  const out: Record<string, unknown>[] = [];
  for (const u of users) {
    out.push({
      eventId: `x-${u.key}`,
      type: 'EXPOSURE',
      userKey: u.key,
      experimentKey: 'exp-r',
      variant: u.variant,
      timestamp: new Date(u.exposedAt).toISOString(),
    });
    for (const [j, p] of u.purchases.entries()) {
      out.push({
        eventId: `p-${u.key}-${j}`,
        type: 'CONVERSION',
        userKey: u.key,
        eventName: 'buy',
        value: p.value,
        timestamp: new Date(p.at).toISOString(),
      });
    }
    for (const [j, t] of u.views.entries()) {
      out.push({
        eventId: `v-${u.key}-${j}`,
        type: 'CUSTOM',
        userKey: u.key,
        eventName: 'view',
        timestamp: new Date(t).toISOString(),
      });
    }
    // Before exposure: does not count.
    out.push({
      eventId: `early-${u.key}`,
      type: 'CONVERSION',
      userKey: u.key,
      eventName: 'buy',
      value: 1000,
      timestamp: new Date(u.exposedAt - HOUR).toISOString(),
    });
  }
  return out;
}

function summaries(users: User[], kind: 'CONVERSION' | 'MEAN' | 'COUNT'): VariantSummary[] {
  return (['control', 'treatment'] as const).map((variant) => {
    const values = users
      .filter((u) => u.variant === variant)
      .map((u) =>
        kind === 'CONVERSION'
          ? u.purchases.length
            ? 1
            : 0
          : kind === 'MEAN'
            ? u.purchases.reduce((s, p) => s + p.value, 0)
            : u.views.length,
      );
    return {
      variant,
      weight: 50,
      users: values.length,
      conversions: values.filter((v) => v !== 0).length,
      sum: values.reduce((s, v) => s + v, 0),
      sumSquares: values.reduce((s, v) => s + v * v, 0),
    };
  });
}

describe('experiment results through the gateway', () => {
  let stack: TestStack;
  const now = Date.now();
  const users = generate(400, now);
  const results = async (key: string, metric: string, sequential = false) =>
    (await stack.gqlOk<{ experiment: { results: Results } }>(RESULTS, { key, metric, sequential })).experiment
      .results;
  const track = (batch: Record<string, unknown>[]) =>
    stack.gqlOk(`mutation($e: [EventInput!]!) { trackEvents(events: $e) { accepted rejected } }`, {
      e: batch,
    });

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    await stack.gqlOk(
      `mutation { createFlag(input: { key: "f", name: "F", variations: [{ key: "control", value: false }, { key: "treatment", value: true }] }) { key } }`,
    );
    for (const m of [
      '{ key: "buy", name: "Buy", kind: CONVERSION, eventName: "buy", conversionWindowHours: 24 }',
      '{ key: "spend", name: "Spend", kind: MEAN, eventName: "buy", conversionWindowHours: 24 }',
      '{ key: "views", name: "Views", kind: COUNT, eventName: "view", conversionWindowHours: 24, guardrailThreshold: 0.5 }',
    ]) {
      await stack.gqlOk(`mutation { createMetric(input: ${m}) { key } }`);
    }
    for (const key of ['exp-r', 'exp-empty', 'exp-all']) {
      await stack.gqlOk(
        `mutation { createExperiment(input: { key: "${key}", name: "R", environment: "production", flagKey: "f",
          variants: [{ key: "control", weight: 50 }, { key: "treatment", weight: 50 }],
          primaryMetric: "buy", secondaryMetrics: ["spend"], guardrailMetrics: ["views"], minSampleSize: 150, alpha: 0.05 }) { key } }`,
      );
    }
    // Conversions first, exposures after: the rollups must still count them.
    const all = events(users);
    const exposuresLast = [
      ...all.filter((e) => e.type !== 'EXPOSURE'),
      ...all.filter((e) => e.type === 'EXPOSURE'),
    ];
    for (let i = 0; i < exposuresLast.length; i += 300) await track(exposuresLast.slice(i, i + 300));
  }, 180_000);
  afterAll(() => stack?.stop());

  it('gives each metric the statistics of its per-user values, corrected across metrics', async () => {
    const expected = analyzeMetrics({
      alpha: 0.05,
      minSampleSize: 150,
      metrics: [
        { metric: 'buy', kind: 'CONVERSION', higherIsBetter: true, variants: summaries(users, 'CONVERSION') },
        { metric: 'spend', kind: 'MEAN', higherIsBetter: true, variants: summaries(users, 'MEAN') },
        { metric: 'views', kind: 'COUNT', higherIsBetter: true, variants: summaries(users, 'COUNT') },
      ],
    });
    for (const [i, key] of ['buy', 'spend', 'views'].entries()) {
      const got = await results('exp-r', key);
      const want = expected.metrics[i]!;
      expect(got.role).toBe(['PRIMARY', 'SECONDARY', 'GUARDRAIL'][i]);
      expect(got.comparisons).toBe(3);
      expect(got.progress).toBeCloseTo(want.progress!, 12);
      for (const [j, row] of got.variants.entries()) {
        const w = want.variants[j]!;
        expect(row.users).toBe(w.users);
        expect(row.mean).toBeCloseTo(w.mean!, 9);
        expect(row.variance).toBeCloseTo(w.variance!, 6);
        if (!row.isControl) {
          expect(row.pValue).toBeCloseTo(w.pValue!, 9);
          expect(row.adjustedPValue).toBeCloseTo(w.adjustedPValue!, 9);
          expect(row.significant).toBe(w.significant);
          expect(row.chanceToBeatControl).toBeCloseTo(w.chanceToBeatControl!, 9);
        }
      }
      expect(got.sampleRatio.observed).toEqual([200, 200]);
      expect(got.sampleRatio.warning).toBe(false);
      // The daily series ends at the totals.
      const last = got.daily.at(-1)!;
      expect(last.variants.map((v) => v.users)).toEqual([200, 200]);
      expect(last.variants[0]!.estimate).toBeCloseTo(got.variants[0]!.mean!, 9);
    }
    const views = await results('exp-r', 'views');
    expect(views.variants[1]!.guardrailViolated).toBe(false);
    expect(views.variants[0]!.guardrailViolated).toBeNull();
  });

  it('analyses every metric of the experiment in one Holm–Bonferroni family', async () => {
    const data = await stack.gqlOk<{
      experiment: {
        analysis: {
          comparisons: number;
          metrics: { metricKey: string; role: string; variants: { adjustedPValue: number | null }[] }[];
        };
      };
    }>(ANALYSIS, { key: 'exp-r' });
    expect(data.experiment.analysis.comparisons).toBe(3);
    expect(data.experiment.analysis.metrics.map((m) => [m.metricKey, m.role])).toEqual([
      ['buy', 'PRIMARY'],
      ['spend', 'SECONDARY'],
      ['views', 'GUARDRAIL'],
    ]);
  });

  it('adds always-valid sequential results on request', async () => {
    const got = await results('exp-r', 'buy', true);
    expect(got.sequential?.tuningSource).toBe('MIN_SAMPLE_SIZE');
    const treatment = got.variants[1]!;
    expect(treatment.sequential!.pValue).toBeGreaterThanOrEqual(treatment.pValue!);
  });

  it('recomputeRollups rebuilds from raw events to identical results', async () => {
    const before = await Promise.all(['buy', 'spend', 'views'].map((m) => results('exp-r', m, true)));
    const rebuilt = await stack.gqlOk<{ recomputeRollups: { users: number } }>(
      'mutation { recomputeRollups(experimentKey: "exp-r") { experimentKey users userMetricValues } }',
    );
    expect(rebuilt.recomputeRollups.users).toBe(400);
    const after = await Promise.all(['buy', 'spend', 'views'].map((m) => results('exp-r', m, true)));
    expect(after).toEqual(before);
  });

  it('moves a user whose earlier exposure arrives late, exactly as a rebuild would', async () => {
    const u = users.find((x) => x.variant === 'control' && x.purchases.length > 0)!;
    await track([
      {
        eventId: `late-${u.key}`,
        type: 'EXPOSURE',
        userKey: u.key,
        experimentKey: 'exp-r',
        variant: 'treatment',
        timestamp: new Date(u.exposedAt - 60_000).toISOString(),
      },
    ]);
    const incremental = await results('exp-r', 'spend');
    expect(incremental.variants.map((v) => v.users)).toEqual([199, 201]);
    await stack.gqlOk('mutation { recomputeRollups(experimentKey: "exp-r") { users } }');
    expect(await results('exp-r', 'spend')).toEqual(incremental);
  });

  it('returns defined values with explanations when there is no data', async () => {
    const got = await results('exp-empty', 'buy', true);
    expect(got.status).toBe('INSUFFICIENT_DATA');
    expect(got.variants.map((v) => v.users)).toEqual([0, 0]);
    expect(got.variants[1]!.pValue).toBeNull();
    expect(got.variants[1]!.significant).toBe(false);
    expect(got.notes.join(' ')).toMatch(/control/);
    expect(got.sampleRatio.pValue).toBeNull();
    expect(got.daily).toEqual([]);
    expect(JSON.stringify(got)).not.toMatch(/NaN|Infinity/);
  });

  it('explains, rather than fails, when every user converted', async () => {
    const batch = ['control', 'treatment'].flatMap((variant) =>
      [1, 2, 3].flatMap((i) => [
        {
          eventId: `all-x-${variant}-${i}`,
          type: 'EXPOSURE',
          userKey: `all-${variant}-${i}`,
          experimentKey: 'exp-all',
          variant,
        },
        {
          eventId: `all-p-${variant}-${i}`,
          type: 'CONVERSION',
          userKey: `all-${variant}-${i}`,
          eventName: 'buy',
          value: 5,
        },
      ]),
    );
    await track(batch);
    const got = await results('exp-all', 'buy', true);
    const treatment = got.variants[1]!;
    expect(treatment).toMatchObject({
      users: 3,
      conversions: 3,
      rate: 1,
      pValue: null,
      significant: false,
      status: 'ZERO_VARIANCE',
    });
    expect(treatment.notes.join(' ')).toMatch(/0 or 1/);
    expect(treatment.chanceToBeatControl).not.toBeNull();
    // Every user spent the same: zero variance in both means.
    const spend = await results('exp-all', 'spend');
    expect(spend.variants[1]).toMatchObject({ mean: 5, variance: 0, pValue: null, status: 'ZERO_VARIANCE' });
    expect(JSON.stringify([got, spend])).not.toMatch(/NaN|Infinity/);
  });

  it('reports NOT_FOUND for an unknown metric', async () => {
    const body = await stack.gql(RESULTS, { key: 'exp-r', metric: 'nope' });
    expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('rebuilds a metric when its window changes, and audits every metric write', async () => {
    const narrow = await stack.gqlOk<{ updateMetric: { version: number } }>(
      'mutation { updateMetric(key: "views", expectedVersion: 1, input: { conversionWindowHours: 1 }) { version conversionWindowHours } }',
    );
    expect(narrow.updateMetric.version).toBe(2);
    // The rebuild runs in the background: wait until it is done.
    const deadline = Date.now() + 30_000;
    let rebuild = '';
    while (rebuild !== 'DONE' && Date.now() < deadline) {
      const data = await stack.gqlOk<{ metric: { rebuild: { status: string } } }>(
        '{ metric(key: "views") { rebuild { status } } }',
      );
      rebuild = data.metric.rebuild.status;
      if (rebuild !== 'DONE') await new Promise((r) => setTimeout(r, 100));
    }
    const got = await results('exp-r', 'views');
    expect(got.notes.join(' ')).not.toMatch(/being rebuilt/);
    const within = (u: User) => u.views.filter((t) => t <= u.exposedAt + HOUR).length;
    const control = users.filter((u) => u.variant === 'control');
    // The narrower window does leave views out.
    expect(control.reduce((s, u) => s + within(u), 0)).toBeLessThan(
      control.reduce((s, u) => s + u.views.length, 0),
    );
    // The late exposure moved one control user; the truth is recomputed from raw events.
    expect(got.variants[0]!.users).toBe(199);
    expect(got.variants[0]!.mean! * 199).toBeCloseTo(
      control.reduce((s, u) => s + within(u), 0) -
        within(users.find((x) => x.variant === 'control' && x.purchases.length > 0)!),
      9,
    );

    const stale = await stack.gql(
      'mutation { updateMetric(key: "views", expectedVersion: 1, input: { name: "V" }) { version } }',
    );
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const dup = await stack.gql(
      'mutation { createMetric(input: { key: "buy", name: "B", kind: CONVERSION, eventName: "b" }) { key } }',
    );
    expect(dup.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const bad = await stack.gql(
      'mutation { createMetric(input: { key: "Bad Key", name: "", kind: COUNT, eventName: "x", conversionWindowHours: 0 }) { key } }',
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    await stack.gqlOk(
      'mutation { createMetric(input: { key: "tmp", name: "Tmp", kind: COUNT, eventName: "view" }) { key } }',
    );
    expect(await stack.gqlOk('mutation { deleteMetric(key: "tmp", expectedVersion: 1) }')).toEqual({
      deleteMetric: true,
    });
    expect(await stack.gqlOk('{ metric(key: "tmp") { key } }')).toEqual({ metric: null });
    const list = await stack.gqlOk<{ metrics: { key: string }[] }>('{ metrics { key } }');
    expect(list.metrics.map((m) => m.key)).toEqual(['buy', 'spend', 'views']);

    const { Client } = await import('pg');
    const client = new Client({ connectionString: stack.db.url });
    await client.connect();
    try {
      const audit = await client.query(
        `SELECT action, resource_key FROM platform.audit_log WHERE resource_type = 'metric' ORDER BY id`,
      );
      expect(audit.rows.map((r) => `${r.action} ${r.resource_key}`)).toEqual([
        'metric.created buy',
        'metric.created spend',
        'metric.created views',
        'metric.updated views',
        'metric.created tmp',
        'metric.deleted tmp',
      ]);
    } finally {
      await client.end();
    }
  });

  // Issue 18: heavy tails. Runs last: it changes the definition of "spend".
  it('caps a metric at its pooled percentile, reports the cap and the skew, and validates the settings', async () => {
    const before = await results('exp-r', 'spend');
    const capped = await stack.gqlOk<{
      updateMetric: { version: number; capping: unknown; oneSided: boolean };
    }>(
      `mutation { updateMetric(key: "spend", expectedVersion: 1, input: { capping: { type: PERCENTILE, value: 0.9 }, oneSided: true, prior: { mean: 0, standardDeviation: 0.2 } }) { version capping { type value } oneSided prior { mean standardDeviation } } }`,
    );
    expect(capped.updateMetric).toMatchObject({
      capping: { type: 'PERCENTILE', value: 0.9 },
      oneSided: true,
    });

    // The truth, from the stored per-user values (users without a row have 0).
    const { Client } = await import('pg');
    const client = new Client({ connectionString: stack.db.url });
    await client.connect();
    let rows: { variant: string; value: number }[];
    try {
      rows = (
        await client.query(
          `SELECT variant, value::float8 AS value FROM analytics.user_metric_values
           WHERE experiment_key = 'exp-r' AND metric_key = 'spend' AND analysis_period = 1`,
        )
      ).rows;
    } finally {
      await client.end();
    }
    const perVariant = (variant: string, n: number) => {
      const values = rows.filter((r) => r.variant === variant).map((r) => r.value);
      return [...values, ...new Array<number>(n - values.length).fill(0)];
    };
    const control = perVariant('control', before.variants[0]!.users);
    const treatment = perVariant('treatment', before.variants[1]!.users);
    const cap = capThreshold({ type: 'PERCENTILE', value: 0.9 }, [...control, ...treatment])!;
    expect(cap).toBeGreaterThan(0);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + Math.min(b, cap), 0) / xs.length;

    const got = await stack.gqlOk<{
      experiment: {
        results: {
          capping: { type: string; value: number; threshold: number; cappedUsers: number };
          method: { test: string; sides: string; correction: string; intervalLevel: number };
          prior: { mean: number; standardDeviation: number };
          warnings: { code: string; variant: string | null; message: string }[];
          variants: {
            mean: number;
            decision: string;
            significant: boolean;
            absoluteUplift: { lower: number; upper: number } | null;
          }[];
        };
      };
    }>(
      `query { experiment(key: "exp-r") { results(metricKey: "spend") {
        capping { type value threshold cappedUsers } method { test sides correction intervalLevel }
        prior { mean standardDeviation } warnings { code variant message }
        variants { mean decision significant absoluteUplift { lower upper } } } } }`,
    );
    const r = got.experiment.results;
    expect(r.capping).toMatchObject({ type: 'PERCENTILE', value: 0.9 });
    expect(r.capping.threshold).toBeCloseTo(cap, 9);
    expect(r.capping.cappedUsers).toBe([...control, ...treatment].filter((v) => v > cap).length);
    expect(r.variants[0]!.mean).toBeCloseTo(mean(control), 9);
    expect(r.variants[1]!.mean).toBeCloseTo(mean(treatment), 9);
    expect(r.method).toMatchObject({ test: 'WELCH_T_TEST', sides: 'ONE_SIDED', correction: 'HOLM' });
    expect(r.prior).toEqual({ mean: 0, standardDeviation: 0.2 });
    // One verdict: BETTER exactly when the interval shown clears 0 on the good side.
    const row = r.variants[1]!;
    expect(row.decision).toBe(row.absoluteUplift!.lower > 0 ? 'BETTER' : 'INCONCLUSIVE');
    expect(row.significant).toBe(row.decision === 'BETTER');

    const bad = await stack.gql(
      'mutation { updateMetric(key: "spend", expectedVersion: 2, input: { capping: { type: PERCENTILE, value: 1.5 }, prior: { mean: 0, standardDeviation: 0 } }) { version } }',
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(bad.errors?.[0]?.extensions)).toMatch(/input\.capping\.value/);
    expect(JSON.stringify(bad.errors?.[0]?.extensions)).toMatch(/input\.prior\.standardDeviation/);
    const conversion = await stack.gql(
      'mutation { updateMetric(key: "buy", expectedVersion: 1, input: { capping: { type: FIXED, value: 1 } }) { version } }',
    );
    expect(conversion.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.capping',
    });

    // Removing the cap restores the rollup numbers.
    await stack.gqlOk(
      'mutation { updateMetric(key: "spend", expectedVersion: 2, input: { capping: null }) { version } }',
    );
    const uncapped = await results('exp-r', 'spend');
    expect(uncapped.variants[0]!.mean).toBeCloseTo(before.variants[0]!.mean!, 9);
  });

  it("uses the experiment's multipleTestingCorrection (Benjamini–Hochberg) for every verdict", async () => {
    const { experiment } = await stack.gqlOk<{ experiment: { version: number } }>(
      '{ experiment(key: "exp-r") { version } }',
    );
    const updated = await stack.gqlOk<{ updateExperiment: { multipleTestingCorrection: string } }>(
      `mutation($v: Int!) { updateExperiment(key: "exp-r", expectedVersion: $v, input: { multipleTestingCorrection: BENJAMINI_HOCHBERG }) { multipleTestingCorrection } }`,
      { v: experiment.version },
    );
    expect(updated.updateExperiment.multipleTestingCorrection).toBe('BENJAMINI_HOCHBERG');
    const got = await stack.gqlOk<{
      experiment: {
        analysis: {
          comparisons: number;
          metrics: {
            method: { correction: string; intervalLevel: number };
            variants: { isControl: boolean; pValue: number | null; adjustedPValue: number | null }[];
          }[];
        };
      };
    }>(
      '{ experiment(key: "exp-r") { analysis { comparisons metrics { method { correction intervalLevel } variants { isControl pValue adjustedPValue } } } } }',
    );
    const { analysis } = got.experiment;
    expect(analysis.metrics.every((m) => m.method.correction === 'BENJAMINI_HOCHBERG')).toBe(true);
    const rows = analysis.metrics.flatMap((m) => m.variants.filter((v) => v.pValue !== null));
    const expected = benjaminiHochberg(
      rows.map((r) => r.pValue!),
      0.05,
    ).adjusted;
    rows.forEach((r, i) => {
      expect(r.adjustedPValue).toBeCloseTo(expected[i]!, 12);
    });
  });
});
