import { errors, splitProjectScopedKey } from '@switchyard/server-kit';
import { type CapType, type MetricRow, metricCapping, metricPrior } from '../metrics/metric.entity';
import type { MetricRepository } from '../metrics/metric.repository';
import type { RebuildJobRepository } from '../rollups/rebuild-jobs';
import type { CumulativeMetric, CumulativeUsers, RollupRepository } from '../rollups/rollup.repository';
import { ResultsCache } from './results-cache';
import type { ResultsVersions } from './results-version';
import type { UserValueRepository } from './user-values.repository';
import {
  type CupedAnalysis,
  type CupedVariantResult,
  type CupedVariantSummary,
  cupedAnalysis,
  cupedNotApplicable,
} from '../stats/cuped';
import { benjaminiHochberg, holmBonferroni, perComparisonAlpha } from '../stats/multiple-testing';
import { quantileEstimate, quantileRanksNeeded } from '../stats/quantiles';
import { ratioEstimate } from '../stats/ratio';
import { isEstimatedKind, normalCritical } from '../stats/variant-statistics';
import {
  analyzeMetrics,
  type DailyPoint,
  dailySeries,
  type Decision,
  decisionOf,
  type ExperimentAnalysis,
  type MultipleTestingCorrection,
  type VariantResult,
  type VariantSummary,
} from '../stats';

/** What the experiments subgraph tells us about an experiment (the `@requires` fields). */
export interface ExperimentDesign {
  key: string;
  variants: { key: string; weight: number }[];
  minSampleSize: number | null;
  alpha: number | null;
  primaryMetric: string | null;
  secondaryMetrics: string[];
  guardrailMetrics: string[];
  analysisStartedAt: Date | string | null;
  /** 1, plus one per restart: only this period's exposures are counted. */
  analysisPeriod: number;
  /** The experiment's correction across comparisons (null: Holm). */
  multipleTestingCorrection?: MultipleTestingCorrection | null;
}

export type MetricRole = 'PRIMARY' | 'SECONDARY' | 'GUARDRAIL' | 'OTHER';

export interface MetricResults extends Omit<ExperimentAnalysis, 'variants' | 'srm' | 'metric'> {
  metricKey: string;
  metric: MetricRow;
  role: MetricRole;
  variants: (VariantResult & { guardrailViolated: boolean | null; cuped: CupedComparison })[];
  cuped: CupedSummary;
  sampleRatio: ExperimentAnalysis['srm'];
  daily: DailyPoint[];
  analysisStartedAt: Date | null;
  analysisPeriod: number;
  /** A rebuild of the metric's rollups is queued or running: the numbers may mix in its previous definition. */
  stale: boolean;
  /** The capping the numbers were computed with, or null when uncapped. */
  capping: AppliedCapping | null;
}

export interface AppliedCapping {
  type: CapType;
  value: number;
  /** The cap in metric units (null: nothing could be capped). */
  threshold: number | null;
  cappedUsers: number;
}

/** A variant's CUPED-adjusted numbers, with the experiment's correction over the CUPED family. */
export interface CupedComparison extends CupedVariantResult {
  adjustedPValue: number | null;
  significant: boolean;
  decision: Decision;
}

export interface CupedSummary extends Omit<CupedAnalysis, 'variants'> {
  /** The pre-period: this many hours before each user's first exposure (the metric's window). */
  preWindowHours: number;
}

export interface AnalysisResults {
  alpha: number;
  comparisons: number;
  metrics: MetricResults[];
  notes: string[];
}

/**
 * Experiment results: reads the rollups (never raw events), builds each variant's sufficient
 * statistics and hands them to the statistics engine. Every metric of the experiment is
 * analysed together so Holm–Bonferroni covers all variant × metric comparisons.
 */
export class ResultsService {
  private readonly cache = new ResultsCache<AnalysisResults>();

  constructor(
    private readonly rollups: RollupRepository,
    private readonly metrics: MetricRepository,
    private readonly rebuilds: RebuildJobRepository,
    private readonly versions: ResultsVersions,
    private readonly userValues: UserValueRepository,
  ) {}

  async results(design: ExperimentDesign, metricKey: string, sequential: boolean): Promise<MetricResults> {
    const analysis = await this.analysis(design, sequential, metricKey);
    const found = analysis.metrics.find((m) => m.metric.storageKey === metricKey);
    if (!found) throw errors.notFound('Metric', splitProjectScopedKey(metricKey).key);
    // A copy: the analysis may be cached and shared.
    return { ...found, notes: [...found.notes, ...analysis.notes] };
  }

  /**
   * One small read decides whether a cached analysis still holds (`ResultsVersions`); only a miss
   * reads the metrics and the rollups and runs the statistics.
   */
  async analysis(
    design: ExperimentDesign,
    sequential: boolean,
    extraMetric?: string,
  ): Promise<AnalysisResults> {
    const roles = metricRoles(design, extraMetric);
    const version = await this.versions.read(design.key, [...roles.keys()]);
    const key = JSON.stringify([design, sequential, extraMetric ?? null, version]);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const computed = await this.compute(design, sequential, roles, extraMetric);
    this.cache.set(key, computed);
    return computed;
  }

  private async compute(
    design: ExperimentDesign,
    sequential: boolean,
    roles: Map<string, MetricRole>,
    extraMetric: string | undefined,
  ): Promise<AnalysisResults> {
    const started = design.analysisStartedAt ? new Date(design.analysisStartedAt) : null;
    const fromDay = started ? started.toISOString().slice(0, 10) : null;
    const period = design.analysisPeriod;
    const [rows, rebuilding, users] = await Promise.all([
      this.metrics.byKeys([...roles.keys()]),
      this.rebuilds.inProgress([...roles.keys()]),
      this.rollups.cumulativeUsers(design.key, period, fromDay),
    ]);
    const byKey = new Map(rows.map((m) => [m.storageKey, m]));
    if (extraMetric && !byKey.has(extraMetric))
      throw errors.notFound('Metric', splitProjectScopedKey(extraMetric).key);
    const notes: string[] = [];
    const metrics = [...roles.keys()].flatMap((key) => {
      const metric = byKey.get(key);
      if (!metric)
        notes.push(
          `The experiment names metric "${splitProjectScopedKey(key).key}", which does not exist; it is left out.`,
        );
      return metric ? [metric] : [];
    });

    const configured = new Set(design.variants.map((v) => v.key));
    const strays = new Set(users.filter((u) => !configured.has(u.variant)).map((u) => u.variant));
    for (const v of strays) {
      notes.push(
        `Users were exposed to variant "${v}", which the experiment no longer has; they are left out.`,
      );
    }
    if (period > 1) {
      notes.push(
        `Analysis period ${period} (the experiment was restarted): each user is counted from their exposure in this period, returning users included.`,
      );
    }
    if (fromDay) notes.push(`Only users exposed on or after ${fromDay} (UTC) are counted.`);

    const days = [...new Set(users.map((u) => u.day))].sort();
    const caps = await this.caps(design, metrics, users, fromDay, notes);
    // Day rollups; a capped metric's sums are of the capped values, its CUPED covariate's too.
    const values = await this.rollups.cumulativeMetrics(
      design.key,
      metrics.map((m) => ({ key: m.storageKey, cap: caps.get(m.storageKey)?.threshold ?? null })),
      period,
      fromDay,
    );
    const series = (metric: MetricRow): VariantSummary[][] =>
      summariesByDay(design, metric, days, users, values);
    const alpha = design.alpha ?? undefined;
    const level = 1 - (alpha ?? 0.05);
    const perMetric = await Promise.all(
      metrics.map(async (metric) => {
        if (isEstimatedKind(metric.kind)) {
          // Estimated from per-user values at query time; no daily series (they are not sums).
          const totals = await this.estimatedSummaries(design, metric, users, fromDay, level);
          return { metric, byDay: [] as VariantSummary[][], totals };
        }
        const byDay = series(metric);
        const totals = byDay.at(-1) ?? design.variants.map((v) => emptySummary(v.key, v.weight));
        return { metric, byDay, totals };
      }),
    );

    const analysis = analyzeMetrics({
      alpha,
      minSampleSize: design.minSampleSize ?? undefined,
      sequential,
      correction: design.multipleTestingCorrection ?? undefined,
      metrics: perMetric.map(({ metric, totals }) => ({
        metric: metric.storageKey,
        kind: metric.kind,
        higherIsBetter: metric.higherIsBetter,
        oneSided: metric.oneSided,
        prior: metricPrior(metric),
        variants: totals,
      })),
    });

    const confidenceLevel = 1 - analysis.alpha;
    // The CUPED p-values form their own family of the same comparisons with the main results'
    // method: the metric's sides, the experiment's correction, and intervals at the level α′ the
    // correction leaves, so a CUPED interval excludes 0 exactly when its comparison is significant.
    const correction =
      design.multipleTestingCorrection === 'BENJAMINI_HOCHBERG' ? 'BENJAMINI_HOCHBERG' : 'HOLM';
    const goodSign = (metric: MetricRow): 1 | -1 | null =>
      metric.oneSided ? (metric.higherIsBetter ? 1 : -1) : null;
    const cupedAt = (level: (metric: MetricRow) => number): CupedAnalysis[] =>
      perMetric.map(({ metric, totals }, i) => {
        if (isEstimatedKind(metric.kind)) {
          return cupedNotApplicable(
            totals.map((t) => t.variant),
            analysis.metrics[i]!.controlVariant ?? '',
            `CUPED adjusts per-user means; a ${metric.kind} metric is analysed without it (the unadjusted results stand).`,
          );
        }
        return cupedAnalysis(
          cupedSums(metric, totals, values),
          analysis.metrics[i]!.controlVariant ?? '',
          level(metric),
          goodSign(metric),
        );
      });
    const tested = (analyses: CupedAnalysis[]) =>
      analyses.flatMap((c, m) => c.variants.filter((v) => v.pValue !== null).map((v) => ({ m, v })));
    // p-values do not depend on the interval level: test first, then the intervals at α′.
    const family = tested(cupedAt(() => confidenceLevel));
    const corrected = (correction === 'HOLM' ? holmBonferroni : benjaminiHochberg)(
      family.map(({ v }) => v.pValue!),
      analysis.alpha,
    );
    const alphaPrime = perComparisonAlpha(
      correction,
      analysis.alpha,
      family.length,
      corrected.rejected.filter(Boolean).length,
    );
    const cuped = cupedAt((metric) => 1 - (metric.oneSided ? 2 : 1) * alphaPrime);
    const verdicts = new Map(
      family.map(({ m, v }, i) => [
        `${m}\u0000${v.variant}`,
        { adjustedPValue: corrected.adjusted[i]!, significant: corrected.rejected[i]! },
      ]),
    );
    const cupedComparison = (m: number, v: CupedVariantResult): CupedComparison => {
      const verdict = verdicts.get(`${m}\u0000${v.variant}`) ?? { adjustedPValue: null, significant: false };
      const goodSign = perMetric[m]!.metric.higherIsBetter ? 1 : -1;
      const difference = v.absoluteUplift?.estimate ?? 0;
      return { ...v, ...verdict, decision: decisionOf(v.pValue, verdict.significant, difference, goodSign) };
    };

    return {
      alpha: analysis.alpha,
      comparisons: analysis.comparisons,
      notes: [...notes, ...analysis.notes],
      metrics: analysis.metrics.map((result, i) => {
        const { metric, byDay } = perMetric[i]!;
        const role = roles.get(metric.storageKey)!;
        const { srm, variants, metric: _key, ...rest } = result;
        const stale = rebuilding.has(metric.storageKey);
        if (stale) {
          rest.notes.push(
            `The rollups of metric "${metric.key}" are being rebuilt after a change to its definition; until the rebuild finishes (see Metric.rebuild) these numbers may still follow the previous definition.`,
          );
        }
        const capping = caps.get(metric.storageKey) ?? null;
        if (capping) {
          // Cumulative by day: each configured variant's last row is its total.
          const last = new Map<string, number>();
          for (const v of values) if (v.metricKey === metric.storageKey) last.set(v.variant, v.capped);
          capping.cappedUsers = design.variants.reduce((sum, v) => sum + (last.get(v.key) ?? 0), 0);
        }
        return {
          ...rest,
          stale,
          capping,
          metricKey: metric.key,
          metric,
          role,
          sampleRatio: srm,
          analysisStartedAt: started,
          analysisPeriod: period,
          variants: variants.map((row) => ({
            ...row,
            guardrailViolated: guardrail(metric, role, row, variants.find((v) => v.isControl)?.mean ?? null),
            // cupedSums keeps the variants of the analysis, in order.
            cuped: cupedComparison(i, cuped[i]!.variants.find((v) => v.variant === row.variant)!),
          })),
          cuped: {
            status: cuped[i]!.status,
            theta: cuped[i]!.theta,
            correlation: cuped[i]!.correlation,
            varianceReduction: cuped[i]!.varianceReduction,
            notes: cuped[i]!.notes,
            preWindowHours: metric.conversionWindowHours,
          },
          daily: byDay.length
            ? dailySeries({
                kind: metric.kind,
                alpha: analysis.alpha,
                days: days.map((date, d) => ({ date, variants: byDay[d]! })),
              })
            : [],
        };
      }),
    };
  }

  /**
   * RATIO and QUANTILE: each configured variant's estimate, standard error and interval at
   * `level`, from the per-user values (never raw events). `users` is always the exposed users.
   */
  private async estimatedSummaries(
    design: ExperimentDesign,
    metric: MetricRow,
    users: CumulativeUsers[],
    fromDay: string | null,
    level: number,
  ): Promise<VariantSummary[]> {
    const exposed = new Map<string, number>();
    for (const u of users) exposed.set(u.variant, u.users);
    const z = normalCritical(level);
    const period = design.analysisPeriod;
    if (metric.kind === 'RATIO') {
      const sums = await this.userValues.ratioSums(design.key, metric.storageKey, period, fromDay);
      return design.variants.map((v) => {
        const n = exposed.get(v.key) ?? 0;
        const s = sums.find((x) => x.variant === v.key);
        const r = ratioEstimate({
          users: n,
          numeratorSum: s?.numeratorSum ?? 0,
          denominatorSum: s?.denominatorSum ?? 0,
          numeratorSumSquares: s?.numeratorSumSquares ?? 0,
          denominatorSumSquares: s?.denominatorSumSquares ?? 0,
          crossSum: s?.crossSum ?? 0,
        });
        return {
          ...emptySummary(v.key, v.weight),
          users: n,
          estimated: {
            value: r.ratio,
            standardError: r.standardError,
            interval:
              r.ratio !== null && r.standardError !== null
                ? { lower: r.ratio - z * r.standardError, upper: r.ratio + z * r.standardError }
                : null,
            notes: r.notes,
          },
        };
      });
    }
    const q = metric.quantile ?? 0.5;
    const values = await this.userValues.quantileValues(
      design.key,
      metric.storageKey,
      period,
      fromDay,
      (_v, n) => quantileRanksNeeded(n, q, level),
    );
    return design.variants.map((v) => {
      const found = values.get(v.key);
      const e = quantileEstimate(found?.n ?? 0, q, level, (rank) => found!.values.get(rank)!);
      const notes: string[] = [];
      if (e.estimate === null) notes.push('No user has a value yet.');
      else if (e.standardError === null)
        notes.push(
          `${e.n} users with a value are too few to bound the ${q} quantile at this level; the interval is open and there is no test yet.`,
        );
      return {
        ...emptySummary(v.key, v.weight),
        users: exposed.get(v.key) ?? 0,
        estimated: {
          value: e.estimate,
          standardError: e.standardError,
          interval: e.lower !== null && e.upper !== null ? { lower: e.lower, upper: e.upper } : null,
          notes,
        },
      };
    });
  }

  /** Each capped metric's cap (`appliedCapping`). */
  private async caps(
    design: ExperimentDesign,
    metrics: MetricRow[],
    users: CumulativeUsers[],
    fromDay: string | null,
    notes: string[],
  ): Promise<Map<string, AppliedCapping>> {
    const caps = new Map<string, AppliedCapping>();
    const variants = design.variants.map((v) => v.key);
    // Counts are cumulative by day: each variant's last row is its total.
    const latest = new Map<string, number>();
    for (const u of users) if (variants.includes(u.variant)) latest.set(u.variant, u.users);
    const exposed = [...latest.values()].reduce((a, b) => a + b, 0);
    const found = await Promise.all(
      metrics.map((metric) => appliedCapping(this.userValues, design, metric, exposed, fromDay, notes)),
    );
    for (const [i, capping] of found.entries()) if (capping) caps.set(metrics[i]!.storageKey, capping);
    return caps;
  }
}

/**
 * A MEAN/COUNT metric's cap in metric units (null when it is not capped): FIXED as given;
 * PERCENTILE from the pooled per-user values of all configured variants (`exposed` users, those
 * without a value counting 0), so the cap is the same for every variant and says nothing about
 * which one a user was in. One home for the results and the breakdowns.
 */
export async function appliedCapping(
  userValues: UserValueRepository,
  design: ExperimentDesign,
  metric: MetricRow,
  exposed: number,
  fromDay: string | null,
  notes: string[],
): Promise<AppliedCapping | null> {
  const capping = metricCapping(metric);
  if (!capping || metric.kind === 'CONVERSION') return null;
  let threshold: number | null = capping.value;
  if (capping.type === 'PERCENTILE') {
    threshold = await userValues.pooledPercentile(
      design.key,
      metric.storageKey,
      design.variants.map((v) => v.key),
      design.analysisPeriod,
      fromDay,
      exposed,
      capping.value,
    );
    if (threshold !== null && !(threshold > 0)) {
      notes.push(
        `Metric "${metric.key}": its ${capping.value} quantile is ${threshold} (most users have no value), so capping there would flatten it; it is analysed uncapped. Choose a higher quantile or a FIXED cap.`,
      );
      threshold = null;
    }
  }
  return { ...capping, threshold, cappedUsers: 0 };
}

/** The experiment's metrics in order, each with its first role; an extra one is OTHER. */
function metricRoles(design: ExperimentDesign, extra?: string): Map<string, MetricRole> {
  const roles = new Map<string, MetricRole>();
  const add = (key: string | null | undefined, role: MetricRole) => {
    if (key && !roles.has(key)) roles.set(key, role);
  };
  add(design.primaryMetric, 'PRIMARY');
  for (const k of design.secondaryMetrics ?? []) add(k, 'SECONDARY');
  for (const k of design.guardrailMetrics ?? []) add(k, 'GUARDRAIL');
  add(extra, 'OTHER');
  return roles;
}

function emptySummary(variant: string, weight: number): VariantSummary {
  return { variant, weight, users: 0, conversions: 0, sum: 0, sumSquares: 0 };
}

/**
 * Cumulative sufficient statistics of each configured variant at the end of each day, from the
 * cumulative rollup rows (a capped metric's already capped). MEAN and COUNT metrics also get Σv³
 * (for the skewness check).
 */
function summariesByDay(
  design: ExperimentDesign,
  metric: MetricRow,
  days: string[],
  users: CumulativeUsers[],
  values: CumulativeMetric[],
): VariantSummary[][] {
  const current = new Map<string, VariantSummary>(
    design.variants.map((v) => [
      v.key,
      { ...emptySummary(v.key, v.weight), ...(metric.kind === 'CONVERSION' ? {} : { sumCubes: 0 }) },
    ]),
  );
  const usersByDay = groupBy(users, (u) => u.day);
  const valuesByDay = groupBy(
    values.filter((v) => v.metricKey === metric.storageKey),
    (v) => v.day,
  );
  return days.map((day) => {
    for (const u of usersByDay.get(day) ?? []) {
      const s = current.get(u.variant);
      if (s) s.users = u.users;
    }
    for (const v of valuesByDay.get(day) ?? []) {
      const s = current.get(v.variant);
      if (!s) continue;
      s.conversions = v.conversions;
      // A conversion is a 0/1 value, so its sum and sum of squares are the conversions.
      s.sum = metric.kind === 'CONVERSION' ? v.conversions : v.sum;
      s.sumSquares = metric.kind === 'CONVERSION' ? v.conversions : v.sumSquares;
      if (s.sumCubes !== undefined) s.sumCubes = v.sumCubes;
    }
    return [...current.values()].map((s) => ({ ...s }));
  });
}

/**
 * Each variant's CUPED sums: its totals, and Σx, Σx², Σxy from the last cumulative rollup row
 * (of the capped values for a capped metric).
 */
function cupedSums(
  metric: MetricRow,
  totals: VariantSummary[],
  values: CumulativeMetric[],
): CupedVariantSummary[] {
  const last = new Map<string, { preSum: number; preSumSquares: number; crossSum: number }>();
  for (const v of values) if (v.metricKey === metric.storageKey) last.set(v.variant, v);
  return totals.map((t) => {
    const pre = last.get(t.variant);
    return {
      variant: t.variant,
      users: t.users,
      sum: t.sum,
      sumSquares: t.sumSquares,
      preSum: pre?.preSum ?? 0,
      preSumSquares: pre?.preSumSquares ?? 0,
      crossSum: pre?.crossSum ?? 0,
    };
  });
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/**
 * A guardrail is violated when the whole interval of the relative uplift lies beyond the
 * allowed degradation, in the metric's bad direction: the harm is established, not just possible.
 * Without a relative uplift (a control mean ≤ 0 or within noise of 0, where a ratio reads
 * backwards or explodes) the absolute interval is used, with the allowed degradation
 * threshold × |control mean| in metric units, again in the metric's bad direction.
 */
export function guardrail(
  metric: Pick<MetricRow, 'guardrailThreshold' | 'higherIsBetter'>,
  role: MetricRole,
  row: VariantResult,
  controlMean: number | null,
): boolean | null {
  if (role !== 'GUARDRAIL' || metric.guardrailThreshold === null || row.isControl) return null;
  const t = metric.guardrailThreshold;
  if (row.relativeUplift) {
    return metric.higherIsBetter ? row.relativeUplift.upper < -t : row.relativeUplift.lower > t;
  }
  if (!row.absoluteUplift || controlMean === null) return null;
  const allowed = t * Math.abs(controlMean);
  return metric.higherIsBetter ? row.absoluteUplift.upper < -allowed : row.absoluteUplift.lower > allowed;
}
