import { startTestStack, type TestStack } from '@switchyard/testkit';
import { DataSource } from 'typeorm';
import { UserValueRepository } from '../results/user-values.repository';
import { seededRandom } from '../seed/demo';
import { RollupRepository, type SliceSummary } from './rollup.repository';

// The rollups results read instead of per-user rows (slices, Σv³, capped sums through the tail
// above a cap, a percentile cap from the top of the values) against the same numbers summed over
// every user's row, after generated traffic through the API: exposures with attributes, exposures
// that arrive late and move users (and their slices), metric events after and before exposure
// (CUPED's pre-period), values negative, fractional and large. Exact equality: both sides add
// exact numerics and convert to float once.

const HOUR = 3600_000;
const METRICS = ['spend', 'visits', 'buy'];
const ATTRIBUTES = ['country', 'plan', 'platform'];

interface User {
  key: string;
  variant: 'control' | 'treatment';
  exposedAt: number;
  attributes: Record<string, string>;
}

function generate(n: number, now: number): User[] {
  const random = seededRandom(11);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const attributes: Record<string, string> = { platform: pick(['web', 'ios', 'android']) };
    if (random() < 0.85) attributes.country = pick(['us', 'de', 'fr', 'br', 'jp', 'in']);
    if (random() < 0.5) attributes.plan = pick(['free', 'pro']);
    return {
      key: `s${i}`,
      variant: i % 2 === 0 ? 'control' : 'treatment',
      // Over three UTC days, so a start day leaves some out.
      exposedAt: now - (4 + random() * 60) * HOUR,
      attributes,
    };
  });
}

describe('slice rollups and capped sums equal the per-user computation', () => {
  let stack: TestStack;
  let ds: DataSource;
  let rollups: RollupRepository;
  let userValues: UserValueRepository;
  const now = Date.now();
  const users = generate(700, now);
  const random = seededRandom(12);
  let n = 0;
  const id = () => `e${n++}`;
  // Batches of 500 (the API takes at most 1,000 per call).
  const track = async (events: object[]) => {
    for (let i = 0; i < events.length; i += 500) {
      await stack.gqlOk('mutation($e: [EventInput!]!) { trackEvents(events: $e) { accepted } }', {
        e: events.slice(i, i + 500),
      });
    }
  };
  const exposure = (u: User, at: number, attributes: Record<string, string>) => ({
    eventId: id(),
    type: 'EXPOSURE',
    userKey: u.key,
    experimentKey: 'exp-s',
    variant: u.variant,
    timestamp: new Date(at).toISOString(),
    properties: attributes,
  });
  const metricEvent = (u: User, at: number) => {
    const name = METRICS[Math.floor(random() * 3)]!;
    // Mostly modest spend, some refunds (negative) and a few large orders: a tail to cap.
    const value =
      name === 'spend'
        ? Math.round(
            (random() < 0.1 ? -random() * 20 : random() < 0.05 ? 100 + random() * 900 : random() * 30) * 100,
          ) / 100
        : undefined;
    return {
      eventId: id(),
      type: 'CONVERSION',
      userKey: u.key,
      eventName: name,
      ...(value === undefined ? {} : { value }),
      timestamp: new Date(at).toISOString(),
    };
  };

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    ds = new DataSource({ type: 'postgres', url: stack.db.url });
    await ds.initialize();
    rollups = new RollupRepository(ds);
    userValues = new UserValueRepository(ds);
    await stack.gqlOk(
      `mutation { createFlag(input: { key: "f", name: "F", variations: [{ key: "control", value: false }, { key: "treatment", value: true }] }) { key } }`,
    );
    for (const m of [
      '{ key: "spend", name: "Spend", kind: MEAN, eventName: "spend", conversionWindowHours: 24 }',
      '{ key: "visits", name: "Visits", kind: COUNT, eventName: "visits", conversionWindowHours: 24 }',
      '{ key: "buy", name: "Buy", kind: CONVERSION, eventName: "buy", conversionWindowHours: 24 }',
    ]) {
      await stack.gqlOk(`mutation { createMetric(input: ${m}) { key } }`);
    }
    await stack.gqlOk(
      `mutation { createExperiment(input: { key: "exp-s", name: "S", environment: "production", flagKey: "f",
        variants: [{ key: "control", weight: 50 }, { key: "treatment", weight: 50 }], primaryMetric: "spend" }) { key } }`,
    );
    // Pre-period events, stored before the exposures.
    await track(
      users.flatMap((u) => (random() < 0.6 ? [metricEvent(u, u.exposedAt - random() * 20 * HOUR)] : [])),
    );
    // Every 5th user is first seen through a later exposure elsewhere (other attributes), moved
    // by their true exposure in a later batch, together with events in between.
    const movers = users.filter((_, i) => i % 5 === 0);
    await track(movers.map((u) => exposure(u, u.exposedAt + 2 * HOUR, { country: 'zz', plan: 'trial' })));
    await track(users.filter((_, i) => i % 5 !== 0).map((u) => exposure(u, u.exposedAt, u.attributes)));
    const after = (u: User) => u.exposedAt + random() * 30 * HOUR;
    await track(users.flatMap((u) => [metricEvent(u, after(u)), metricEvent(u, after(u))]));
    await track(movers.map((u) => exposure(u, u.exposedAt, u.attributes)));
    // Late events, after and before each user's exposure: increments of stored users.
    await track(
      users.flatMap((u) => [metricEvent(u, after(u)), metricEvent(u, u.exposedAt - random() * 20 * HOUR)]),
    );
  }, 240_000);
  afterAll(async () => {
    await ds?.destroy();
    await stack?.stop();
  });

  const sorted = (rows: SliceSummary[]) =>
    [...rows].sort((a, b) => `${a.slice}/${a.variant}`.localeCompare(`${b.slice}/${b.variant}`));
  const fromDay = () => new Date(now - 30 * HOUR).toISOString().slice(0, 10);

  it('breakdown sums from the slice rollups equal the sums over users, capped or not', async () => {
    let compared = 0;
    for (const metric of METRICS) {
      for (const attribute of ATTRIBUTES) {
        for (const day of [null, fromDay()]) {
          for (const cap of metric === 'buy' ? [null] : [null, 0.5, 12.25, 200]) {
            const want = await rollups.perUserSliceSummaries('exp-s', metric, 1, day, attribute, cap);
            const got = await rollups.sliceSummaries('exp-s', metric, 1, day, attribute, cap);
            expect(sorted(got)).toEqual(sorted(want));
            compared += want.length;
          }
        }
      }
    }
    // The data reach every branch: slices with and without the attribute, moved users' new ones.
    const country = await rollups.sliceSummaries('exp-s', 'spend', 1, null, 'country');
    expect(country.some((s) => s.slice === null)).toBe(true);
    expect(country.some((s) => s.slice === 'zz')).toBe(false);
    expect(compared).toBeGreaterThan(300);
  });

  it('capped day sums, Σv³ and CUPED sums equal the sums of least(value, cap) over users', async () => {
    for (const metric of ['spend', 'visits']) {
      for (const day of [null, fromDay()]) {
        for (const cap of [null, 0.5, 12.25, 200]) {
          const rows = await rollups.cumulativeMetrics('exp-s', [{ key: metric, cap }], 1, day);
          const last = new Map(rows.map((r) => [r.variant, r]));
          const want: Record<string, number | string>[] = await ds.query(
            `WITH y AS (SELECT user_key, variant, CASE WHEN $3::numeric IS NULL THEN value ELSE least(value, $3::numeric) END AS v,
                              $3::numeric IS NOT NULL AND value > $3::numeric AS above
                        FROM analytics.user_metric_values
                        WHERE experiment_key = 'exp-s' AND metric_key = $1 AND ($2::date IS NULL OR day >= $2::date)),
             x AS (SELECT user_key, variant, CASE WHEN $3::numeric IS NULL THEN value ELSE least(value, $3::numeric) END AS v
                   FROM analytics.user_metric_pre_values
                   WHERE experiment_key = 'exp-s' AND metric_key = $1 AND ($2::date IS NULL OR day >= $2::date))
             SELECT variant, count(y.v)::int AS conversions, coalesce(sum(y.v), 0)::float8 AS sum,
                    coalesce(sum(y.v * y.v), 0)::float8 AS sum_squares, coalesce(sum(y.v * y.v * y.v), 0)::float8 AS sum_cubes,
                    count(*) FILTER (WHERE y.above)::int AS capped,
                    coalesce(sum(x.v), 0)::float8 AS pre_sum, coalesce(sum(x.v * x.v), 0)::float8 AS pre_sum_squares,
                    coalesce(sum(x.v * y.v), 0)::float8 AS cross_sum
             FROM y FULL JOIN x USING (user_key, variant) GROUP BY variant ORDER BY variant`,
            [metric, day, cap],
          );
          expect(want.map((w) => w.variant)).toEqual(['control', 'treatment']);
          for (const w of want) {
            const got = last.get(w.variant as string)!;
            expect({
              variant: undefined,
              conversions: got.conversions,
              sum: got.sum,
              sum_squares: got.sumSquares,
              sum_cubes: got.sumCubes,
              capped: got.capped,
              pre_sum: got.preSum,
              pre_sum_squares: got.preSumSquares,
              cross_sum: got.crossSum,
            }).toEqual({ ...w, variant: undefined });
          }
        }
      }
    }
  });

  it('a percentile cap counted from the top equals the quantile of all exposed users (no value: 0)', async () => {
    for (const metric of ['spend', 'visits']) {
      const values: { value: number }[] = await ds.query(
        `SELECT value::float8 AS value FROM analytics.user_metric_values WHERE experiment_key = 'exp-s' AND metric_key = $1`,
        [metric],
      );
      const all = [...values.map((v) => v.value), ...Array(users.length - values.length).fill(0)].sort(
        (a, b) => a - b,
      );
      for (const q of [0.3, 0.5, 0.9, 0.95, 0.99]) {
        const got = await userValues.pooledPercentile(
          'exp-s',
          metric,
          ['control', 'treatment'],
          1,
          null,
          users.length,
          q,
        );
        expect(got).toBe(all[Math.ceil(q * users.length) - 1]);
      }
    }
  });

  it('recomputeRollups rebuilds the same slice rollups and Σv³ as the incremental paths kept', async () => {
    const snapshot = async () => ({
      exposures: await ds.query(
        `SELECT analysis_period, attribute, slice, variant, day::text, users::int FROM analytics.exposure_slice_rollups
         WHERE experiment_key = 'exp-s' AND users <> 0 ORDER BY 1, 2, 3, 4, 5`,
      ),
      metrics: await ds.query(
        `SELECT metric_key, analysis_period, attribute, slice, variant, day::text, conversions::int, sum::float8, sum_squares::float8
         FROM analytics.metric_slice_rollups
         WHERE experiment_key = 'exp-s' AND (conversions <> 0 OR sum <> 0 OR sum_squares <> 0) ORDER BY 1, 2, 3, 4, 5, 6`,
      ),
      cubes: await ds.query(
        `SELECT metric_key, variant, day::text, sum_cubes::float8 FROM analytics.metric_rollups
         WHERE experiment_key = 'exp-s' AND sum_cubes <> 0 ORDER BY 1, 2, 3`,
      ),
    });
    const before = await snapshot();
    expect(before.exposures.length).toBeGreaterThan(20);
    await stack.gqlOk('mutation { recomputeRollups(experimentKey: "exp-s") { users } }');
    expect(await snapshot()).toEqual(before);
  });
});
