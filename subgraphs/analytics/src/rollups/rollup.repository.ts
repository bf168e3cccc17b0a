import { DEFAULT_PROJECT, exposureAttributes, MAX_EXPOSURE_ATTRIBUTE_LENGTH } from '@switchyard/server-kit';
import type { DataSource, EntityManager } from 'typeorm';
import type { StoredEvent } from '../events/event.repository';

// One lock serialises every rollup change. Each change then sees all events committed
// before it, which is what makes incremental rollups equal a rebuild from raw events.
// Raw inserts run before the lock, in parallel.
const ROLLUP_LOCK = 7_311_992_101;

const SEP = '\u0000';
const HOUR = 3600_000;
const pairKey = (experimentKey: string, userKey: string) => `${experimentKey}${SEP}${userKey}`;
/** One exposure row: a user in one analysis period of one experiment. */
const exposureKey = (experimentKey: string, userKey: string, period: number) =>
  `${experimentKey}${SEP}${userKey}${SEP}${period}`;
const utcDay = (t: Date) => t.toISOString().slice(0, 10);

/**
 * One series of per-user values (`analytics.metric_series`): a metric's own, or the second series
 * of a RATIO (`<key>/denominator`) or QUANTILE (`<key>/count`) metric. TOTAL sums `value`, an
 * event without one counting 1.
 */
interface MetricWindow {
  key: string;
  kind: 'CONVERSION' | 'MEAN' | 'COUNT' | 'TOTAL';
  event_name: string;
  conversion_window_hours: number;
}

interface StoredExposure {
  experiment_key: string;
  user_key: string;
  variant: string;
  analysis_period: number;
  first_exposed_at: string;
  attributes: Record<string, string>;
}

interface Exposure {
  experimentKey: string;
  userKey: string;
  variant: string;
  period: number;
  firstExposedAt: Date;
  /** Allow-listed context attributes of the exposure event: the slices it is counted in. */
  attributes: Record<string, string>;
}

/** The same as `exposureAttributes`, in SQL over an events row `e`, for rebuilds. */
const ATTRIBUTES_SQL = `(SELECT coalesce(jsonb_object_agg(k, v #>> '{}'), '{}') FROM jsonb_each(
    CASE WHEN jsonb_typeof(properties) = 'object' THEN properties ELSE '{}' END) AS j(k, v)
  WHERE k = ANY($2) AND jsonb_typeof(v) = 'string' AND length(v #>> '{}') <= ${MAX_EXPOSURE_ATTRIBUTE_LENGTH})`;

/**
 * Each exposed user's value of each metric in each analysis period, from their raw events in the
 * metric's window after their first exposure in that period, so a conversion counts in the period
 * whose exposure it follows. `pairs` is a SQL relation (experiment_key, user_key, analysis_period,
 * variant, t0).
 * CONVERSION: 1 if any event; COUNT: the number of events; MEAN: the sum of `value`.
 * Users without events in the window get no row: their value is 0.
 */
function freshValuesSql(pairs: string, metricFilter: string, period: 'post' | 'pre' = 'post'): string {
  // CUPED's pre-period: the same window length just before the first exposure, so the covariate
  // measures the same behaviour as the metric, over a span that cannot include the treatment.
  const window =
    period === 'post'
      ? 'e.occurred_at >= p.t0 AND e.occurred_at <= p.t0 + make_interval(hours => m.conversion_window_hours)'
      : 'e.occurred_at < p.t0 AND e.occurred_at >= p.t0 - make_interval(hours => m.conversion_window_hours)';
  return `${period === 'post' ? 'fresh' : 'fresh_pre'} AS (
    SELECT p.experiment_key, p.user_key, m.key AS metric_key, p.analysis_period, p.variant,
      (p.t0 AT TIME ZONE 'UTC')::date AS day,
      CASE m.kind
        WHEN 'CONVERSION' THEN 1::numeric
        WHEN 'COUNT' THEN count(*)::numeric
        WHEN 'TOTAL' THEN sum(coalesce(e.value::numeric, 1))
        ELSE coalesce(sum(e.value::numeric), 0)
      END AS value
    FROM ${pairs} p
    CROSS JOIN (SELECT key, kind, event_name, conversion_window_hours FROM analytics.metric_series ${metricFilter}) m
    -- OFFSET 0 keeps this a per-user index probe: the planner would otherwise hash-join the
    -- whole table whenever its statistics lag behind a table that grows from empty. The name is
    -- compared as an expression so that the probe goes by user (events_user_metric): by name
    -- and time (events_name_time, the guards' index) it read every user's events of the day.
    JOIN LATERAL (
      SELECT e.value FROM analytics.events e
      WHERE e.user_key = p.user_key AND e.event_name || '' = m.event_name AND e.type IN ('CONVERSION', 'CUSTOM')
        AND ${window}
      OFFSET 0
    ) e ON true
    GROUP BY p.experiment_key, p.user_key, m.key, m.kind, p.analysis_period, p.variant, p.t0
  )`;
}

/** Metric events grouped per user and metric (from a relation `c` of increments). */
const AGGREGATED_INCREMENTS = `agg AS (
  SELECT experiment_key, user_key, metric_key, analysis_period, variant, day, min(kind) AS kind,
         count(*) AS n,
         coalesce(sum(CASE WHEN kind = 'TOTAL' THEN coalesce(value::numeric, 1) ELSE value::numeric END), 0) AS total
  FROM c GROUP BY 1, 2, 3, 4, 5, 6)`;

/**
 * The stored value of an `agg a` row's user in `table`, as `alias.value`: one primary-key probe
 * per user (OFFSET 0 stops the planner from turning it into a scan). Metric and period are
 * compared as expressions so that only the primary key (experiment, user, ...) can serve the
 * probe: with the statistics of a table that grows from empty, the planner took the value index
 * (experiment, metric, period, value), which reads every value of the metric per user (1 ms per
 * user at 10,000 users, most of the ingest time).
 */
function userValueJoin(table: string, alias: string): string {
  return `LEFT JOIN LATERAL (
    SELECT value FROM analytics.${table} ${alias}
    WHERE ${alias}.experiment_key = a.experiment_key AND ${alias}.user_key = a.user_key
      AND ${alias}.metric_key || '' = a.metric_key AND ${alias}.analysis_period + 0 = a.analysis_period
    OFFSET 0
  ) ${alias} ON true`;
}

/** A user's value after adding an `agg a` row to the stored `alias.value`. */
function nextValueSql(alias: string): string {
  return `CASE a.kind
    WHEN 'CONVERSION' THEN 1::numeric
    WHEN 'COUNT' THEN coalesce(${alias}.value, 0) + a.n
    ELSE coalesce(${alias}.value, 0) + a.total
  END`;
}

/**
 * Per-user rows as rollup changes: `post` and `pre` are relations of (experiment_key, user_key,
 * metric_key, analysis_period, variant, day, value), the post- and pre-exposure values; a user
 * may have either or both (a missing one is 0). Sign 1 adds them, -1 takes them out.
 */
function userDeltasSql(post: string, pre: string, sign: 1 | -1): string {
  const s = sign === 1 ? '' : '-';
  return `SELECT experiment_key, user_key, metric_key, analysis_period, variant, day,
      ${s}(y.value IS NOT NULL)::int AS users, ${s}coalesce(y.value, 0) AS dsum, ${s}coalesce(y.value * y.value, 0) AS dsq,
      ${s}coalesce(y.value * y.value * y.value, 0) AS dcube,
      ${s}coalesce(x.value, 0) AS dpre, ${s}coalesce(x.value * x.value, 0) AS dpresq,
      ${s}coalesce(x.value * y.value, 0) AS dcross
    FROM ${post} y FULL JOIN ${pre} x USING (experiment_key, user_key, metric_key, analysis_period, variant, day)`;
}

/**
 * Where a change's user finds the exposure attributes its slices are counted under: `stored`, the
 * exposures table as the statement sees it, one index probe per user (a batch's users); `rebuild`,
 * the same joined as the planner likes (a rebuild's many users); `p`, the exposures the statement
 * writes (relation `p` with `attributes`), else the stored ones; `none`, the changes touch no
 * slice sums (CUPED's pre-period only).
 */
type SliceAttributes = 'stored' | 'rebuild' | 'p' | 'none';

/**
 * Adds grouped changes to metric_rollups, and their post-exposure part to metric_slice_rollups
 * under each recorded attribute of the user's exposure. `changes` has the columns of
 * `userDeltasSql`: users with a post-exposure row (`conversions`), Σy, Σy², Σy³, and CUPED's Σx,
 * Σx², Σxy. Follows a CTE list.
 */
function rollupUpsertSql(changes: string, attributes: SliceAttributes = 'stored'): string {
  const stored = `LEFT JOIN LATERAL (
      SELECT attributes FROM analytics.exposures x
      WHERE x.experiment_key = c.experiment_key AND x.user_key = c.user_key AND x.analysis_period = c.analysis_period
      OFFSET 0) x ON true`;
  const from =
    attributes === 'rebuild'
      ? `JOIN analytics.exposures x USING (experiment_key, user_key, analysis_period)
         CROSS JOIN jsonb_each_text(x.attributes) a`
      : attributes === 'p'
        ? `${stored} LEFT JOIN p ON p.experiment_key = c.experiment_key AND p.user_key = c.user_key
           AND p.analysis_period = c.analysis_period
         CROSS JOIN jsonb_each_text(coalesce(p.attributes, x.attributes)) a`
        : `${stored} CROSS JOIN jsonb_each_text(x.attributes) a`;
  const slices =
    attributes === 'none'
      ? ''
      : `, sliced AS (
    INSERT INTO analytics.metric_slice_rollups AS r (experiment_key, metric_key, analysis_period, attribute, slice,
        variant, day, conversions, sum, sum_squares)
    SELECT c.experiment_key, c.metric_key, c.analysis_period, a.key, a.value, c.variant, c.day,
      sum(c.users), sum(c.dsum), sum(c.dsq)
    FROM ${changes} c ${from}
    WHERE c.users <> 0 OR c.dsum <> 0 OR c.dsq <> 0
    GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (experiment_key, metric_key, analysis_period, attribute, slice, variant, day) DO UPDATE SET
      conversions = r.conversions + excluded.conversions,
      sum = r.sum + excluded.sum,
      sum_squares = r.sum_squares + excluded.sum_squares)`;
  return `${slices}
    INSERT INTO analytics.metric_rollups AS r (experiment_key, metric_key, analysis_period, variant, day,
      conversions, sum, sum_squares, sum_cubes, pre_sum, pre_sum_squares, cross_sum)
    SELECT experiment_key, metric_key, analysis_period, variant, day,
      sum(users), sum(dsum), sum(dsq), sum(dcube), sum(dpre), sum(dpresq), sum(dcross)
    FROM ${changes} GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (experiment_key, metric_key, analysis_period, variant, day) DO UPDATE SET
      conversions = r.conversions + excluded.conversions,
      sum = r.sum + excluded.sum,
      sum_squares = r.sum_squares + excluded.sum_squares,
      sum_cubes = r.sum_cubes + excluded.sum_cubes,
      pre_sum = r.pre_sum + excluded.pre_sum,
      pre_sum_squares = r.pre_sum_squares + excluded.pre_sum_squares,
      cross_sum = r.cross_sum + excluded.cross_sum`;
}

export interface CumulativeUsers {
  variant: string;
  day: string;
  users: number;
}

export interface CumulativeMetric {
  metricKey: string;
  variant: string;
  day: string;
  conversions: number;
  sum: number;
  sumSquares: number;
  /** Σv³, for the skewness check. */
  sumCubes: number;
  /** Users whose value is above the metric's cap (0 when uncapped). */
  capped: number;
  /** CUPED: Σ pre-exposure value x, Σx², Σ x·y over the variant's users. */
  preSum: number;
  preSumSquares: number;
  crossSum: number;
}

interface SliceRow {
  slice: string | null;
  variant: string;
  users: string;
  conversions: string;
  sum: number;
  sum_squares: number;
}

function sliceRows(rows: SliceRow[]): SliceSummary[] {
  return rows.map((r) => ({
    slice: r.slice,
    variant: r.variant,
    users: Number(r.users),
    conversions: Number(r.conversions),
    sum: r.sum,
    sumSquares: r.sum_squares,
  }));
}

/** One variant's users in one slice (value of an exposure attribute; null: not recorded). */
export interface SliceSummary {
  slice: string | null;
  variant: string;
  users: number;
  conversions: number;
  sum: number;
  sumSquares: number;
}

/** One metric event counted for one exposed user: experiment, user, metric, kind, variant, day, value, period. */
type Increment = [string, string, string, string, string, string, number | null, number];

/**
 * New metric events of users whose exposure did not change: each one adds to its user's value
 * (COUNT +1, MEAN +value, CONVERSION = 1) when it falls in the metric's window, so no raw events
 * are read for them, which keeps ingest cheap.
 */
function metricIncrements(
  events: StoredEvent[],
  metricsByEvent: Map<string, MetricWindow[]>,
  current: Map<string, Exposure>,
  changed: Set<string>,
): { post: Increment[]; pre: Increment[] } {
  const exposuresByUser = new Map<string, Exposure[]>();
  for (const [key, x] of current) {
    // Moved users are recomputed from raw events, which already include this batch.
    if (changed.has(key)) continue;
    exposuresByUser.set(x.userKey, [...(exposuresByUser.get(x.userKey) ?? []), x]);
  }
  const post: Increment[] = [];
  // Late events from before the exposure: they add to the user's CUPED pre-period value.
  const pre: Increment[] = [];
  for (const e of events) {
    const t = e.occurredAt.getTime();
    for (const x of exposuresByUser.get(e.userKey) ?? []) {
      const t0 = x.firstExposedAt.getTime();
      for (const metric of metricsByEvent.get(e.eventName!) ?? []) {
        const window = metric.conversion_window_hours * HOUR;
        const into = t >= t0 && t <= t0 + window ? post : t < t0 && t >= t0 - window ? pre : null;
        if (!into) continue;
        into.push([
          x.experimentKey,
          x.userKey,
          metric.key,
          metric.kind,
          x.variant,
          utcDay(x.firstExposedAt),
          e.value,
          x.period,
        ]);
      }
    }
  }
  return { post, pre };
}

/** No rows for `aboveCapSql` and `cupedAboveCapSql` (no metric capped). */
const NONE_ABOVE_CAP =
  'SELECT NULL::text, NULL::text, NULL::date, 0::bigint, 0::numeric, 0::numeric, 0::numeric WHERE false';
const NONE_ABOVE_CAP_CUPED =
  'SELECT NULL::text, 0::numeric, NULL::text, NULL::text, NULL::date, 0::numeric, 0::numeric WHERE false';

/**
 * The users above the cap of metric `key` (both SQL parameters; $1 experiment, $3 period, $4 start
 * day) and their excess per variant and day: least(y, c) = c for them.
 */
function aboveCapSql(key: string, cap: string): string {
  return `SELECT ${key}::text, u.variant, u.day, count(*), sum(u.value - ${cap}::numeric),
      sum(u.value * u.value - ${cap}::numeric * ${cap}::numeric),
      sum(u.value * u.value * u.value - ${cap}::numeric * ${cap}::numeric * ${cap}::numeric)
    FROM analytics.user_metric_values u
    WHERE u.experiment_key = $1 AND u.metric_key = ${key}::text AND u.analysis_period = $3 AND u.value > ${cap}::numeric
      AND ($4::date IS NULL OR u.day >= $4::date)
    GROUP BY u.variant, u.day`;
}

/**
 * CUPED: the users whose pre-period value x or post value y is above the cap (a missing value is
 * 0, below any cap), with both values, once each.
 */
function cupedAboveCapSql(key: string, cap: string): string {
  return `SELECT ${key}::text, ${cap}::numeric, x.user_key, x.variant, x.day, x.value, coalesce(y.value, 0)
    FROM analytics.user_metric_pre_values x
    LEFT JOIN analytics.user_metric_values y
      ON y.experiment_key = $1 AND y.user_key = x.user_key AND y.metric_key = ${key}::text AND y.analysis_period = $3
    WHERE x.experiment_key = $1 AND x.metric_key = ${key}::text AND x.analysis_period = $3 AND x.value > ${cap}::numeric
      AND ($4::date IS NULL OR x.day >= $4::date)
    UNION ALL
    SELECT ${key}::text, ${cap}::numeric, y.user_key, y.variant, y.day, x.value, y.value
    FROM analytics.user_metric_values y
    JOIN analytics.user_metric_pre_values x
      ON x.experiment_key = $1 AND x.user_key = y.user_key AND x.metric_key = ${key}::text AND x.analysis_period = $3
     AND x.value <= ${cap}::numeric
    WHERE y.experiment_key = $1 AND y.metric_key = ${key}::text AND y.analysis_period = $3 AND y.value > ${cap}::numeric
      AND ($4::date IS NULL OR y.day >= $4::date)`;
}

/** All SQL about exposures, per-user metric values and the rollups built from them. */
export class RollupRepository {
  /** `attributes`: the context attributes kept with exposures (EXPOSURE_ATTRIBUTES). */
  constructor(
    private readonly ds: DataSource,
    readonly attributes: readonly string[] = [],
  ) {}

  /**
   * Brings exposures, user values and rollups up to date with newly stored events, inside
   * the ingest transaction: new or moved exposures are recomputed from the user's raw events,
   * other metric events are added to their user's value.
   */
  async applyBatch(m: EntityManager, events: StoredEvent[]): Promise<Set<string>> {
    const touched = new Set<string>();
    if (events.length === 0) return touched;
    // Every statement below touches a batch's worth of users through an index. Statistics lag
    // behind tables that grow quickly, and a plan that scans them once per user turns
    // milliseconds into seconds, so prefer the indexes; and the (over)estimated costs would
    // trigger JIT compilation, which alone costs more than the statements. Transaction only.
    // Set with the lock: round trips are most of the cost of the serial section.
    await m.query(
      `SELECT pg_advisory_xact_lock($1), set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`,
      [ROLLUP_LOCK],
    );
    await this.addUsage(m, events);

    const exposureEvents = events.filter((e) => e.type === 'EXPOSURE');
    const candidates = events.filter((e) => e.type === 'CONVERSION' || e.type === 'CUSTOM');
    if (exposureEvents.length === 0 && candidates.length === 0) return touched;

    // Metric definitions and the stored exposures of the batch's users, in one round trip. A
    // statement of its own, after the lock: it must see everything committed before the lock.
    const users = [...new Set([...exposureEvents, ...candidates].map((e) => e.userKey))];
    const [read]: { metrics: MetricWindow[]; exposures: StoredExposure[] }[] = await m.query(
      `SELECT
         (SELECT coalesce(json_agg(json_build_object('key', key, 'kind', kind, 'event_name', event_name,
                   'conversion_window_hours', conversion_window_hours)), '[]') FROM analytics.metric_series) AS metrics,
         (SELECT coalesce(json_agg(json_build_object('experiment_key', experiment_key, 'user_key', user_key,
                   'variant', variant, 'analysis_period', analysis_period, 'first_exposed_at', first_exposed_at,
                   'attributes', attributes)), '[]')
          FROM analytics.exposures WHERE user_key = ANY($1)) AS exposures`,
      [users],
    );
    const metricsByEvent = new Map<string, MetricWindow[]>();
    for (const metric of read!.metrics) {
      metricsByEvent.set(metric.event_name, [...(metricsByEvent.get(metric.event_name) ?? []), metric]);
    }
    const metricEvents = candidates.filter((e) => metricsByEvent.has(e.eventName ?? ''));
    const current = new Map<string, Exposure>();
    for (const r of read!.exposures) {
      current.set(exposureKey(r.experiment_key, r.user_key, r.analysis_period), {
        experimentKey: r.experiment_key,
        userKey: r.user_key,
        variant: r.variant,
        period: r.analysis_period,
        firstExposedAt: new Date(r.first_exposed_at),
        attributes: r.attributes,
      });
    }
    const before = new Map(current);

    // Per period, the earliest exposure wins (ties: the one stored first), so a late event
    // that happened earlier moves the user, exactly as a rebuild would place them.
    const ordered = exposureEvents
      .map((e, i) => ({ e, i }))
      .sort((a, b) => a.e.occurredAt.getTime() - b.e.occurredAt.getTime() || a.i - b.i);
    const changed = new Set<string>();
    for (const { e } of ordered) {
      const key = exposureKey(e.experimentKey!, e.userKey, e.analysisPeriod);
      const existing = current.get(key);
      if (existing && existing.firstExposedAt.getTime() <= e.occurredAt.getTime()) continue;
      current.set(key, {
        experimentKey: e.experimentKey!,
        userKey: e.userKey,
        variant: e.variant!,
        period: e.analysisPeriod,
        firstExposedAt: e.occurredAt,
        attributes: exposureAttributes(e.properties, this.attributes),
      });
      changed.add(key);
    }

    const increments = metricIncrements(metricEvents, metricsByEvent, current, changed);
    for (const k of changed) touched.add(current.get(k)!.experimentKey);
    for (const row of [...increments.post, ...increments.pre]) touched.add(row[0]);
    if (changed.size > 0 || increments.post.length > 0 || increments.pre.length > 0) {
      await this.writeChanges(m, changed, before, current, increments.post, increments.pre);
      // After the post values are written: Σxy needs each user's current post value.
      if (increments.pre.length > 0) await this.addPreIncrements(m, increments.pre);
    }
    return touched;
  }

  /**
   * Writes a batch's changes. Users whose first exposure is new or moved: their exposure counts
   * move, and their metric values are taken out and recomputed from their raw events (which may
   * predate the exposure). Other users' new metric events (`increments`) add to their values.
   * Apart from taking out moved users' old values, it is one statement: round trips are most of
   * the time the rollup lock is held.
   */
  private async writeChanges(
    m: EntityManager,
    changed: Set<string>,
    before: Map<string, Exposure>,
    current: Map<string, Exposure>,
    increments: Increment[],
    preIncrements: Increment[],
  ): Promise<void> {
    const deltas = new Map<string, number>();
    // The same per slice: experiment, period, attribute, value, variant, day.
    const sliceDeltas = new Map<string, number>();
    const add = (x: Exposure, n: number) => {
      const day = utcDay(x.firstExposedAt);
      const k = [x.experimentKey, x.period, x.variant, day].join(SEP);
      deltas.set(k, (deltas.get(k) ?? 0) + n);
      for (const [attribute, value] of Object.entries(x.attributes)) {
        const s = [x.experimentKey, x.period, attribute, value, x.variant, day].join(SEP);
        sliceDeltas.set(s, (sliceDeltas.get(s) ?? 0) + n);
      }
    };
    // Users seen in no period of the experiment before: they add to its unique exposed users.
    const known = new Set([...before.values()].map((x) => pairKey(x.experimentKey, x.userKey)));
    const newUsers = new Map<string, number>();
    for (const k of changed) {
      const old = before.get(k);
      if (old) add(old, -1);
      const x = current.get(k)!;
      add(x, 1);
      const pair = pairKey(x.experimentKey, x.userKey);
      if (!known.has(pair)) {
        known.add(pair);
        newUsers.set(x.experimentKey, (newUsers.get(x.experimentKey) ?? 0) + 1);
      }
    }
    const rows = [...deltas].filter(([, n]) => n !== 0).map(([k, n]) => [...k.split(SEP), n] as const);
    const sliceRows = [...sliceDeltas]
      .filter(([, n]) => n !== 0)
      .map(([k, n]) => [...k.split(SEP), n] as const);
    const pairs = [...changed].map((k) => current.get(k)!);
    // Every experiment whose rollups this batch changes gets a new version (cached results key).
    const experiments = [
      ...new Set([
        ...pairs.map((x) => x.experimentKey),
        ...increments.map((r) => r[0]),
        ...preIncrements.map((r) => r[0]),
      ]),
    ].sort();
    // Only moved users can have stored values to take out; new users skip the delete.
    const moved = pairs.filter((x) => before.has(exposureKey(x.experimentKey, x.userKey, x.period)));
    if (moved.length > 0) {
      await m.query(
        `WITH p AS (SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) AS p(experiment_key, user_key, analysis_period)),
         removed AS (
           DELETE FROM analytics.user_metric_values v USING p
           WHERE v.experiment_key = p.experiment_key AND v.user_key = p.user_key AND v.analysis_period = p.analysis_period
           RETURNING v.experiment_key, v.user_key, v.metric_key, v.analysis_period, v.variant, v.day, v.value),
         removed_pre AS (
           DELETE FROM analytics.user_metric_pre_values v USING p
           WHERE v.experiment_key = p.experiment_key AND v.user_key = p.user_key AND v.analysis_period = p.analysis_period
           RETURNING v.experiment_key, v.user_key, v.metric_key, v.analysis_period, v.variant, v.day, v.value),
         changes AS (${userDeltasSql('removed', 'removed_pre', -1)})
         ${rollupUpsertSql('changes')}`,
        [moved.map((x) => x.experimentKey), moved.map((x) => x.userKey), moved.map((x) => x.period)],
      );
    }
    // The CTEs write disjoint rows (recomputed users are left out of `increments`), so none
    // needs another's writes; the rollup changes of both kinds are summed into one upsert.
    await m.query(
      `WITH p AS MATERIALIZED (SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::timestamptz[], $22::jsonb[])
                  AS p(experiment_key, user_key, analysis_period, variant, t0, attributes)),
       exposed AS (
         INSERT INTO analytics.exposures (experiment_key, user_key, analysis_period, variant, first_exposed_at, attributes)
         SELECT experiment_key, user_key, analysis_period, variant, t0, attributes FROM p
         ON CONFLICT (experiment_key, user_key, analysis_period) DO UPDATE
           SET variant = excluded.variant, first_exposed_at = excluded.first_exposed_at, attributes = excluded.attributes),
       counted AS (
         INSERT INTO analytics.exposure_rollups AS r (experiment_key, analysis_period, variant, day, users)
         SELECT * FROM unnest($6::text[], $7::int[], $8::text[], $9::date[], $10::bigint[]) ORDER BY 1, 2, 3, 4
         ON CONFLICT (experiment_key, analysis_period, variant, day) DO UPDATE SET users = r.users + excluded.users),
       counted_slices AS (
         INSERT INTO analytics.exposure_slice_rollups AS r (experiment_key, analysis_period, attribute, slice, variant, day, users)
         SELECT * FROM unnest($23::text[], $24::int[], $25::text[], $26::text[], $27::text[], $28::date[], $29::bigint[])
         ORDER BY 1, 2, 3, 4, 5, 6
         ON CONFLICT (experiment_key, analysis_period, attribute, slice, variant, day) DO UPDATE SET users = r.users + excluded.users),
       state AS (
         INSERT INTO analytics.experiment_rollup_state AS s (experiment_key, users, version)
         SELECT e, coalesce(n, 0), 1 FROM unnest($18::text[]) e
         LEFT JOIN unnest($19::text[], $20::bigint[]) AS u(k, n) ON u.k = e ORDER BY 1
         ON CONFLICT (experiment_key) DO UPDATE SET users = s.users + excluded.users, version = s.version + 1),
       ${freshValuesSql('p', '')},
       ${freshValuesSql('p', '', 'pre')},
       added AS (
         INSERT INTO analytics.user_metric_values (experiment_key, user_key, metric_key, analysis_period, variant, day, value)
         SELECT experiment_key, user_key, metric_key, analysis_period, variant, day, value FROM fresh
         RETURNING experiment_key, user_key, metric_key, analysis_period, variant, day, value),
       added_pre AS (
         INSERT INTO analytics.user_metric_pre_values (experiment_key, user_key, metric_key, analysis_period, variant, day, value)
         SELECT experiment_key, user_key, metric_key, analysis_period, variant, day, value FROM fresh_pre
         RETURNING experiment_key, user_key, metric_key, analysis_period, variant, day, value),
       c AS (SELECT * FROM unnest($11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::date[], $17::float8[], $21::int[])
             AS c(experiment_key, user_key, metric_key, kind, variant, day, value, analysis_period)),
       ${AGGREGATED_INCREMENTS},
       nxt AS (
         SELECT a.experiment_key, a.user_key, a.metric_key, a.analysis_period, a.variant, a.day, v.value AS old,
           ${nextValueSql('v')} AS value,
           coalesce(x.value, 0) AS pre
         FROM agg a ${userValueJoin('user_metric_values', 'v')} ${userValueJoin('user_metric_pre_values', 'x')}),
       written AS (
         INSERT INTO analytics.user_metric_values (experiment_key, user_key, metric_key, analysis_period, variant, day, value)
         SELECT experiment_key, user_key, metric_key, analysis_period, variant, day, value FROM nxt
         ON CONFLICT (experiment_key, user_key, metric_key, analysis_period) DO UPDATE SET value = excluded.value),
       changes AS (
         ${userDeltasSql('added', 'added_pre', 1)}
         UNION ALL
         SELECT experiment_key, user_key, metric_key, analysis_period, variant, day, CASE WHEN old IS NULL THEN 1 ELSE 0 END,
                value - coalesce(old, 0), value * value - coalesce(old, 0) * coalesce(old, 0),
                value * value * value - coalesce(old, 0) * coalesce(old, 0) * coalesce(old, 0),
                0, 0, pre * (value - coalesce(old, 0))
         FROM nxt)
       ${rollupUpsertSql('changes', 'p')}`,
      [
        pairs.map((x) => x.experimentKey),
        pairs.map((x) => x.userKey),
        pairs.map((x) => x.period),
        pairs.map((x) => x.variant),
        pairs.map((x) => x.firstExposedAt),
        rows.map((r) => r[0]),
        rows.map((r) => Number(r[1])),
        rows.map((r) => r[2]),
        rows.map((r) => r[3]),
        rows.map((r) => r[4]),
        ...[0, 1, 2, 3, 4, 5, 6].map((i) => increments.map((row) => row[i])),
        experiments,
        [...newUsers.keys()],
        [...newUsers.values()],
        increments.map((row) => row[7]),
        pairs.map((x) => JSON.stringify(x.attributes)),
        ...[0, 1, 2, 3, 4, 5].map((i) => sliceRows.map((r) => (i === 1 ? Number(r[i]) : r[i]))),
        sliceRows.map((r) => r[6]),
      ],
    );
  }

  /**
   * Late events from a user's CUPED pre-period (before their exposure, already stored): they add to
   * the user's pre-exposure value like post-exposure events add to theirs, and Σx, Σx², Σxy move
   * with it (Σxy with the user's post value as just written).
   */
  private async addPreIncrements(m: EntityManager, increments: Increment[]): Promise<void> {
    await m.query(
      `WITH c AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::float8[], $8::int[])
             AS c(experiment_key, user_key, metric_key, kind, variant, day, value, analysis_period)),
       ${AGGREGATED_INCREMENTS},
       nxt AS (
         SELECT a.experiment_key, a.user_key, a.metric_key, a.analysis_period, a.variant, a.day,
           coalesce(x.value, 0) AS old, coalesce(y.value, 0) AS post,
           ${nextValueSql('x')} AS value
         FROM agg a ${userValueJoin('user_metric_pre_values', 'x')} ${userValueJoin('user_metric_values', 'y')}),
       written AS (
         INSERT INTO analytics.user_metric_pre_values (experiment_key, user_key, metric_key, analysis_period, variant, day, value)
         SELECT experiment_key, user_key, metric_key, analysis_period, variant, day, value FROM nxt
         ON CONFLICT (experiment_key, user_key, metric_key, analysis_period) DO UPDATE SET value = excluded.value),
       changes AS (
         SELECT experiment_key, user_key, metric_key, analysis_period, variant, day, 0 AS users, 0 AS dsum, 0 AS dsq,
                0 AS dcube, value - old AS dpre, value * value - old * old AS dpresq, (value - old) * post AS dcross
         FROM nxt)
       ${rollupUpsertSql('changes', 'none')}`,
      [0, 1, 2, 3, 4, 5, 6, 7].map((i) => increments.map((row) => row[i])),
    );
  }

  /** Evaluation counts per project × flag × environment × day × variation. */
  private async addUsage(m: EntityManager, events: StoredEvent[]): Promise<void> {
    const evaluations = events.filter((e) => e.type === 'EVALUATION');
    if (evaluations.length === 0) return;
    const property = (e: StoredEvent, name: 'environment' | 'project', otherwise: string) => {
      const value = (e.properties as Record<string, unknown> | null)?.[name];
      return typeof value === 'string' && value ? value : otherwise;
    };
    await m.query(
      `INSERT INTO analytics.flag_usage_daily AS u (project, flag_key, environment, day, variation, evaluations, last_evaluated_at)
       SELECT p, f, env, (t AT TIME ZONE 'UTC')::date, v, sum(n), max(t)
       FROM unnest($6::text[], $1::text[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[]) AS x(p, f, env, v, n, t)
       GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
       ON CONFLICT (project, flag_key, environment, day, variation) DO UPDATE SET
         evaluations = u.evaluations + excluded.evaluations,
         last_evaluated_at = GREATEST(u.last_evaluated_at, excluded.last_evaluated_at)`,
      [
        evaluations.map((e) => e.eventName),
        evaluations.map((e) => property(e, 'environment', 'unknown')),
        evaluations.map((e) => e.variant),
        evaluations.map((e) => e.value ?? 1),
        evaluations.map((e) => e.occurredAt),
        // Evaluations recorded before projects name none: the default project's.
        evaluations.map((e) => property(e, 'project', DEFAULT_PROJECT)),
      ],
    );
  }

  /** Rebuilds one experiment's exposures, user values and rollups from raw events. */
  async recomputeExperiment(experimentKey: string): Promise<{ users: number; userMetricValues: number }> {
    return this.ds.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [ROLLUP_LOCK]);
      for (const table of [
        'exposures',
        'user_metric_values',
        'user_metric_pre_values',
        'exposure_rollups',
        'metric_rollups',
        'exposure_slice_rollups',
        'metric_slice_rollups',
      ]) {
        await m.query(`DELETE FROM analytics.${table} WHERE experiment_key = $1`, [experimentKey]);
      }
      await m.query(
        `INSERT INTO analytics.exposures (experiment_key, user_key, analysis_period, variant, first_exposed_at, attributes)
         SELECT DISTINCT ON (user_key, analysis_period) experiment_key, user_key, analysis_period, variant, occurred_at,
           ${ATTRIBUTES_SQL}
         FROM analytics.events WHERE type = 'EXPOSURE' AND experiment_key = $1
         ORDER BY user_key, analysis_period, occurred_at, id`,
        [experimentKey, this.attributes],
      );
      for (const [period, table] of [
        ['post', 'user_metric_values'],
        ['pre', 'user_metric_pre_values'],
      ] as const) {
        await m.query(
          `WITH p AS (SELECT experiment_key, user_key, analysis_period, variant, first_exposed_at AS t0
                      FROM analytics.exposures WHERE experiment_key = $1),
           ${freshValuesSql('p', '', period)}
           INSERT INTO analytics.${table} (experiment_key, user_key, metric_key, analysis_period, variant, day, value)
           SELECT experiment_key, user_key, metric_key, analysis_period, variant, day, value
           FROM ${period === 'post' ? 'fresh' : 'fresh_pre'}`,
          [experimentKey],
        );
      }
      await m.query(
        `INSERT INTO analytics.exposure_rollups (experiment_key, analysis_period, variant, day, users)
         SELECT experiment_key, analysis_period, variant, (first_exposed_at AT TIME ZONE 'UTC')::date, count(*)
         FROM analytics.exposures WHERE experiment_key = $1 GROUP BY 1, 2, 3, 4`,
        [experimentKey],
      );
      await m.query(
        `INSERT INTO analytics.exposure_slice_rollups (experiment_key, analysis_period, attribute, slice, variant, day, users)
         SELECT experiment_key, analysis_period, a.key, a.value, variant, (first_exposed_at AT TIME ZONE 'UTC')::date, count(*)
         FROM analytics.exposures CROSS JOIN jsonb_each_text(attributes) a WHERE experiment_key = $1 GROUP BY 1, 2, 3, 4, 5, 6`,
        [experimentKey],
      );
      await m.query(
        `INSERT INTO analytics.experiment_rollup_state AS s (experiment_key, users, version)
         SELECT $1, count(DISTINCT user_key), 1 FROM analytics.exposures WHERE experiment_key = $1
         ON CONFLICT (experiment_key) DO UPDATE SET users = excluded.users, version = s.version + 1`,
        [experimentKey],
      );
      await m.query(
        `WITH y AS (SELECT * FROM analytics.user_metric_values WHERE experiment_key = $1),
         x AS (SELECT * FROM analytics.user_metric_pre_values WHERE experiment_key = $1),
         changes AS (${userDeltasSql('y', 'x', 1)})
         ${rollupUpsertSql('changes', 'rebuild')}`,
        [experimentKey],
      );
      const [counts] = await m.query(
        `SELECT (SELECT users FROM analytics.experiment_rollup_state WHERE experiment_key = $1)::int AS users,
                (SELECT count(DISTINCT user_key) FROM analytics.user_metric_values WHERE experiment_key = $1)::int AS values`,
        [experimentKey],
      );
      return { users: counts.users as number, userMetricValues: counts.values as number };
    });
  }

  /**
   * Rebuilds one metric's user values and rollups for every experiment (after its definition
   * changed); `alsoInTransaction` commits with it (the job's status). Returns the experiments
   * whose numbers it wrote.
   */
  async rebuildMetric(
    metricKey: string,
    alsoInTransaction: (m: EntityManager) => Promise<void> = async () => {},
  ): Promise<string[]> {
    return this.ds.transaction(async (m) => {
      await this.removeMetricRows(m, metricKey);
      const rows: { experiment_key: string }[] = await m.query(
        `WITH p AS (SELECT experiment_key, user_key, analysis_period, variant, first_exposed_at AS t0 FROM analytics.exposures),
         ${freshValuesSql('p', 'WHERE metric_key = $1')},
         ${freshValuesSql('p', 'WHERE metric_key = $1', 'pre')},
         added AS (
           INSERT INTO analytics.user_metric_values (experiment_key, user_key, metric_key, analysis_period, variant, day, value)
           SELECT experiment_key, user_key, metric_key, analysis_period, variant, day, value FROM fresh
           RETURNING experiment_key, user_key, metric_key, analysis_period, variant, day, value),
         added_pre AS (
           INSERT INTO analytics.user_metric_pre_values (experiment_key, user_key, metric_key, analysis_period, variant, day, value)
           SELECT experiment_key, user_key, metric_key, analysis_period, variant, day, value FROM fresh_pre
           RETURNING experiment_key, user_key, metric_key, analysis_period, variant, day, value),
         changes AS (${userDeltasSql('added', 'added_pre', 1)})
         ${rollupUpsertSql('changes', 'rebuild')}
         RETURNING experiment_key`,
        [metricKey],
      );
      await alsoInTransaction(m);
      return [...new Set(rows.map((r) => r.experiment_key))];
    });
  }

  /** Takes the rollup lock: a rebuild running at the same time finishes first, so nothing of it is left behind. */
  async removeMetricRows(m: EntityManager, metricKey: string): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock($1)', [ROLLUP_LOCK]);
    // The metric's own series and its second one (RATIO, QUANTILE), whatever its kind is now.
    const series = [metricKey, `${metricKey}/denominator`, `${metricKey}/count`];
    await m.query('DELETE FROM analytics.user_metric_values WHERE metric_key = ANY($1)', [series]);
    await m.query('DELETE FROM analytics.user_metric_pre_values WHERE metric_key = ANY($1)', [series]);
    await m.query('DELETE FROM analytics.metric_rollups WHERE metric_key = ANY($1)', [series]);
    await m.query('DELETE FROM analytics.metric_slice_rollups WHERE metric_key = ANY($1)', [series]);
    // Rare (a metric's definition changed): every experiment's cached results are dropped.
    await m.query('UPDATE analytics.experiment_rollup_state SET version = version + 1');
  }

  async exposureTotals(experimentKeys: readonly string[]): Promise<Map<string, number>> {
    const rows: { experiment_key: string; users: string }[] = await this.ds.query(
      `SELECT experiment_key, users FROM analytics.experiment_rollup_state WHERE experiment_key = ANY($1)`,
      [experimentKeys],
    );
    return new Map(rows.map((r) => [r.experiment_key, Number(r.users)]));
  }

  /** Users per variant in one analysis period, cumulative by first-exposure day, from `fromDay` on. */
  async cumulativeUsers(
    experimentKey: string,
    period: number,
    fromDay: string | null,
  ): Promise<CumulativeUsers[]> {
    const rows: { variant: string; day: string; users: string }[] = await this.ds.query(
      `SELECT variant, to_char(day, 'YYYY-MM-DD') AS day,
              sum(users) OVER (PARTITION BY variant ORDER BY day) AS users
       FROM analytics.exposure_rollups
       WHERE experiment_key = $1 AND analysis_period = $2 AND ($3::date IS NULL OR day >= $3::date)
       ORDER BY day, variant`,
      [experimentKey, period, fromDay],
    );
    return rows.map((r) => ({ variant: r.variant, day: r.day, users: Number(r.users) }));
  }

  /**
   * Sufficient statistics of one metric per value of one exposure attribute × variant, for
   * breakdowns, from the slice rollups: users without the attribute (slice null) are the day
   * rollups minus every recorded slice. A capped metric subtracts the excess of the users above the
   * cap (an index range of per-user values, not all of them). Sums stay exact numerics until the
   * end, so they equal a sum over the per-user rows (`perUserSliceSummaries`) to the last bit.
   */
  async sliceSummaries(
    experimentKey: string,
    metricKey: string,
    period: number,
    fromDay: string | null,
    attribute: string,
    /** The metric's cap in metric units (null: uncapped): each user's value is least(value, cap). */
    cap: number | null = null,
  ): Promise<SliceSummary[]> {
    const rows: SliceRow[] = await this.ds.query(
      `WITH parts (slice, variant, users, conversions, s1, s2) AS (
         SELECT slice, variant, users, 0, 0::numeric, 0::numeric FROM analytics.exposure_slice_rollups
         WHERE experiment_key = $1 AND analysis_period = $3 AND attribute = $5 AND ($4::date IS NULL OR day >= $4::date)
         UNION ALL
         SELECT NULL, variant, users, 0, 0, 0 FROM analytics.exposure_rollups
         WHERE experiment_key = $1 AND analysis_period = $3 AND ($4::date IS NULL OR day >= $4::date)
         UNION ALL
         SELECT NULL, variant, -users, 0, 0, 0 FROM analytics.exposure_slice_rollups
         WHERE experiment_key = $1 AND analysis_period = $3 AND attribute = $5 AND ($4::date IS NULL OR day >= $4::date)
         UNION ALL
         SELECT slice, variant, 0, conversions, sum, sum_squares FROM analytics.metric_slice_rollups
         WHERE experiment_key = $1 AND metric_key = $2 AND analysis_period = $3 AND attribute = $5
           AND ($4::date IS NULL OR day >= $4::date)
         UNION ALL
         SELECT NULL, variant, 0, conversions, sum, sum_squares FROM analytics.metric_rollups
         WHERE experiment_key = $1 AND metric_key = $2 AND analysis_period = $3 AND ($4::date IS NULL OR day >= $4::date)
         UNION ALL
         SELECT NULL, variant, 0, -conversions, -sum, -sum_squares FROM analytics.metric_slice_rollups
         WHERE experiment_key = $1 AND metric_key = $2 AND analysis_period = $3 AND attribute = $5
           AND ($4::date IS NULL OR day >= $4::date)
         UNION ALL
         SELECT x.attributes ->> $5, v.variant, 0, 0, -(v.value - $6::numeric), -(v.value * v.value - $6::numeric * $6::numeric)
         FROM analytics.user_metric_values v
         JOIN analytics.exposures x USING (experiment_key, user_key, analysis_period)
         WHERE $6::numeric IS NOT NULL AND v.experiment_key = $1 AND v.metric_key = $2 AND v.analysis_period = $3
           AND v.value > $6::numeric AND ($4::date IS NULL OR v.day >= $4::date)
       )
       SELECT slice, variant, sum(users) AS users, sum(conversions) AS conversions,
              sum(s1)::float8 AS sum, sum(s2)::float8 AS sum_squares
       FROM parts GROUP BY 1, 2 HAVING sum(users) <> 0`,
      [experimentKey, metricKey, period, fromDay, attribute, cap],
    );
    return sliceRows(rows);
  }

  /**
   * What `sliceSummaries` gives, summed over every exposed user's row: the definition the slice
   * rollups keep, for tests and checks (its cost grows with the experiment's users).
   */
  async perUserSliceSummaries(
    ...slice: Parameters<RollupRepository['sliceSummaries']>
  ): Promise<SliceSummary[]> {
    const [experimentKey, metricKey, period, fromDay, attribute, cap = null] = slice;
    const rows: SliceRow[] = await this.ds.query(
      `SELECT x.attributes ->> $5 AS slice, x.variant, count(*) AS users, count(v.value) AS conversions,
                coalesce(sum(c.v), 0)::float8 AS sum, coalesce(sum(c.v * c.v), 0)::float8 AS sum_squares
         FROM analytics.exposures x
         LEFT JOIN analytics.user_metric_values v
           ON v.experiment_key = x.experiment_key AND v.user_key = x.user_key
          AND v.analysis_period = x.analysis_period AND v.metric_key = $2
         -- A user without a value has none to cap (least() would turn its NULL into the cap).
         CROSS JOIN LATERAL (SELECT CASE WHEN $6::numeric IS NULL OR v.value IS NULL THEN v.value
                                         ELSE least(v.value, $6::numeric) END AS v) c
         WHERE x.experiment_key = $1 AND x.analysis_period = $3
           AND ($4::date IS NULL OR (x.first_exposed_at AT TIME ZONE 'UTC')::date >= $4::date)
         GROUP BY 1, 2`,
      [experimentKey, metricKey, period, fromDay, attribute, cap],
    );
    return sliceRows(rows);
  }

  /**
   * Sufficient statistics per metric × variant, cumulative by first-exposure day, from the day
   * rollups. A capped metric (`cap` not null) gets the sums of least(value, cap) — its post values
   * and, for CUPED, its pre-period covariate — as the rollups' sums minus the excess of the users
   * above the cap, read by an index range of their values (a percentile cap leaves few). Sums are
   * added as exact numerics and converted to float once, so every path gives the same bits.
   */
  async cumulativeMetrics(
    experimentKey: string,
    metrics: readonly { key: string; cap: number | null }[],
    period: number,
    fromDay: string | null,
  ): Promise<CumulativeMetric[]> {
    if (metrics.length === 0) return [];
    // Each cap a parameter of its own, not a joined value: planned with the value, the planner
    // reads the few users above a high cap through the index instead of scanning every user.
    const capped = metrics.filter((m) => m.cap !== null);
    const rows: {
      metric_key: string;
      variant: string;
      day: string;
      conversions: string;
      sum: number;
      sum_squares: number;
      sum_cubes: number;
      capped: string;
      pre_sum: number;
      pre_sum_squares: number;
      cross_sum: number;
    }[] = await this.ds.query(
      `WITH y (metric_key, variant, day, capped, d1, d2, d3) AS (
         ${capped.length ? capped.map((_, i) => aboveCapSql(`$${5 + 2 * i}`, `$${6 + 2 * i}`)).join(' UNION ALL ') : NONE_ABOVE_CAP}),
       xy (metric_key, cap, user_key, variant, day, x, y) AS (
         ${capped.length ? capped.map((_, i) => cupedAboveCapSql(`$${5 + 2 * i}`, `$${6 + 2 * i}`)).join(' UNION ALL ') : NONE_ABOVE_CAP_CUPED}),
       x AS (
         SELECT metric_key, variant, day, sum(CASE WHEN x > cap THEN x - cap ELSE 0 END) AS d1,
                sum(CASE WHEN x > cap THEN x * x - cap * cap ELSE 0 END) AS d2,
                sum(x * y - least(x, cap) * least(y, cap)) AS dxy
         FROM xy GROUP BY 1, 2, 3)
       SELECT r.metric_key, r.variant, to_char(r.day, 'YYYY-MM-DD') AS day,
              sum(r.conversions) OVER w AS conversions,
              (sum(r.sum - coalesce(y.d1, 0)) OVER w)::float8 AS sum,
              (sum(r.sum_squares - coalesce(y.d2, 0)) OVER w)::float8 AS sum_squares,
              (sum(r.sum_cubes - coalesce(y.d3, 0)) OVER w)::float8 AS sum_cubes,
              sum(coalesce(y.capped, 0)) OVER w AS capped,
              (sum(r.pre_sum - coalesce(x.d1, 0)) OVER w)::float8 AS pre_sum,
              (sum(r.pre_sum_squares - coalesce(x.d2, 0)) OVER w)::float8 AS pre_sum_squares,
              (sum(r.cross_sum - coalesce(x.dxy, 0)) OVER w)::float8 AS cross_sum
       FROM analytics.metric_rollups r
       LEFT JOIN y ON y.metric_key = r.metric_key AND y.variant = r.variant AND y.day = r.day
       LEFT JOIN x ON x.metric_key = r.metric_key AND x.variant = r.variant AND x.day = r.day
       WHERE r.experiment_key = $1 AND r.metric_key = ANY($2) AND r.analysis_period = $3
         AND ($4::date IS NULL OR r.day >= $4::date)
       WINDOW w AS (PARTITION BY r.metric_key, r.variant ORDER BY r.day)
       ORDER BY r.day`,
      [experimentKey, metrics.map((m) => m.key), period, fromDay, ...capped.flatMap((m) => [m.key, m.cap])],
    );
    return rows.map((r) => ({
      metricKey: r.metric_key,
      variant: r.variant,
      day: r.day,
      conversions: Number(r.conversions),
      sum: r.sum,
      sumSquares: r.sum_squares,
      sumCubes: r.sum_cubes,
      capped: Number(r.capped),
      preSum: r.pre_sum,
      preSumSquares: r.pre_sum_squares,
      crossSum: r.cross_sum,
    }));
  }
}
