import { errors, splitProjectScopedKey } from '@switchyard/server-kit';
import { metricCapping, metricPrior } from '../metrics/metric.entity';
import type { MetricRepository } from '../metrics/metric.repository';
import type { RollupRepository, SliceSummary } from '../rollups/rollup.repository';
import { analyzeMetrics, type ExperimentAnalysis, type VariantSummary } from '../stats';
import { ResultsCache } from './results-cache';
import { type AppliedCapping, appliedCapping, type ExperimentDesign } from './results.service';
import type { UserValueRepository } from './user-values.repository';
import type { ResultsVersions } from './results-version';

/** Slices shown separately, most users first; the rest are analysed together as one. */
export const MAX_SLICES = 20;
export const NOT_RECORDED = '(not recorded)';
export const OTHER_SLICES = '(other)';

export interface BreakdownSlice extends Omit<ExperimentAnalysis, 'metric' | 'srm'> {
  value: string;
  users: number;
  sampleRatio: ExperimentAnalysis['srm'];
}

export interface Breakdown {
  metricKey: string;
  dimension: string;
  alpha: number;
  /** Size of the corrected family: every variant × slice comparison of this breakdown. */
  comparisons: number;
  slices: BreakdownSlice[];
  notes: string[];
}

/**
 * Results of one metric split by one exposure attribute. Each slice is analysed like a metric of
 * its own (the metric's sides and prior), and all slices together form one family under the
 * experiment's correction (Holm–Bonferroni unless it says Benjamini–Hochberg), so a slice's `significant`
 * accounts for having looked at every slice.
 */
export class BreakdownService {
  private readonly cache = new ResultsCache<Breakdown>(200);

  constructor(
    private readonly rollups: RollupRepository,
    private readonly metrics: MetricRepository,
    private readonly versions: ResultsVersions,
    private readonly userValues: UserValueRepository,
  ) {}

  dimensions(): string[] {
    return [...this.rollups.attributes];
  }

  async breakdown(design: ExperimentDesign, metricKey: string, dimension: string): Promise<Breakdown> {
    if (!this.rollups.attributes.includes(dimension)) {
      throw errors.badInput(
        `"${dimension}" is not recorded with exposures; breakdowns are by ${this.rollups.attributes.map((a) => `"${a}"`).join(', ') || 'no attribute (EXPOSURE_ATTRIBUTES is empty)'}.`,
        'dimension',
      );
    }
    const version = await this.versions.read(design.key, [metricKey]);
    const key = JSON.stringify([design, metricKey, dimension, version]);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const [metric] = await this.metrics.byKeys([metricKey]);
    if (!metric) throw errors.notFound('Metric', splitProjectScopedKey(metricKey).key);
    if (metric.kind === 'RATIO' || metric.kind === 'QUANTILE') {
      throw errors.badInput(
        `breakdowns split per-user sums; "${metric.key}" is a ${metric.kind} metric, broken down only in its main results`,
        'metricKey',
      );
    }
    const started = design.analysisStartedAt ? new Date(design.analysisStartedAt) : null;
    const fromDay = started ? started.toISOString().slice(0, 10) : null;
    const capNotes: string[] = [];
    let capping: AppliedCapping | null = null;
    if (metricCapping(metric) && metric.kind !== 'CONVERSION') {
      // The cap of the main results: from all exposed users, whatever their slice.
      const latest = new Map<string, number>();
      const configured = new Set(design.variants.map((v) => v.key));
      // Cumulative by day: each variant's last row is its total.
      for (const u of await this.rollups.cumulativeUsers(design.key, design.analysisPeriod, fromDay))
        if (configured.has(u.variant)) latest.set(u.variant, u.users);
      const users = [...latest.values()].reduce((a, b) => a + b, 0);
      capping = await appliedCapping(this.userValues, design, metric, users, fromDay, capNotes);
      if (capping?.threshold != null)
        capNotes.push(
          `Each user's value is capped at ${capping.threshold} (the metric's ${capping.type} capping), as in the main results.`,
        );
    }
    const rows = await this.rollups.sliceSummaries(
      design.key,
      metricKey,
      design.analysisPeriod,
      fromDay,
      dimension,
      capping?.threshold ?? null,
    );
    const slices = groupSlices(rows);
    // The main results' method: the metric's sides and prior, the experiment's correction.
    const analysis = analyzeMetrics({
      alpha: design.alpha ?? undefined,
      minSampleSize: design.minSampleSize ?? undefined,
      correction: design.multipleTestingCorrection ?? undefined,
      metrics: slices.map(([value, summaries]) => ({
        metric: value,
        kind: metric.kind,
        higherIsBetter: metric.higherIsBetter,
        oneSided: metric.oneSided,
        prior: metricPrior(metric),
        variants: design.variants.map((v) => {
          const s = summaries.get(v.key);
          const conversions = s?.conversions ?? 0;
          return {
            variant: v.key,
            weight: v.weight,
            users: s?.users ?? 0,
            conversions,
            // A conversion is a 0/1 value, so its sums are the conversions.
            sum: metric.kind === 'CONVERSION' ? conversions : (s?.sum ?? 0),
            sumSquares: metric.kind === 'CONVERSION' ? conversions : (s?.sumSquares ?? 0),
          } satisfies VariantSummary;
        }),
      })),
    });
    const result: Breakdown = {
      // The metric's own key (`metricKey` here is project-scoped, as rollups store it).
      metricKey: metric.key,
      dimension,
      alpha: analysis.alpha,
      comparisons: analysis.comparisons,
      slices: analysis.metrics.map(({ metric: value, srm, ...rest }) => ({
        ...rest,
        value: value!,
        users: rest.variants.reduce((s, v) => s + v.users, 0),
        sampleRatio: srm,
      })),
      notes: [
        `Slices are exploratory: with many slices some differ by chance, so p-values are ${analysis.metrics[0]?.method.correction === 'BENJAMINI_HOCHBERG' ? 'Benjamini–Hochberg' : 'Holm–Bonferroni'} adjusted across all ${analysis.comparisons} variant × slice comparisons of this breakdown, and a slice's result is a lead to confirm in an experiment of its own, not a decision.`,
        `"${NOT_RECORDED}": users whose exposure carried no "${dimension}"; at most ${MAX_SLICES} slices are shown, the rest together as "${OTHER_SLICES}".`,
        ...capNotes,
        ...analysis.notes,
      ],
    };
    this.cache.set(key, result);
    return result;
  }
}

/** Per slice, per variant; the largest MAX_SLICES slices, then the rest merged. */
function groupSlices(rows: SliceSummary[]): [string, Map<string, SliceSummary>][] {
  const bySlice = new Map<string, Map<string, SliceSummary>>();
  const add = (slice: string, r: SliceSummary) => {
    const variants = bySlice.get(slice) ?? new Map<string, SliceSummary>();
    const s = variants.get(r.variant);
    variants.set(
      r.variant,
      s
        ? {
            ...s,
            users: s.users + r.users,
            conversions: s.conversions + r.conversions,
            sum: s.sum + r.sum,
            sumSquares: s.sumSquares + r.sumSquares,
          }
        : { ...r, slice },
    );
    bySlice.set(slice, variants);
  };
  for (const r of rows) add(r.slice ?? NOT_RECORDED, r);
  const users = (m: Map<string, SliceSummary>) => [...m.values()].reduce((s, v) => s + v.users, 0);
  const ranked = [...bySlice].sort((a, b) => users(b[1]) - users(a[1]) || a[0].localeCompare(b[0]));
  if (ranked.length <= MAX_SLICES) return ranked;
  bySlice.clear();
  for (const [, variants] of ranked.slice(MAX_SLICES - 1))
    for (const r of variants.values()) add(OTHER_SLICES, r);
  return [...ranked.slice(0, MAX_SLICES - 1), [OTHER_SLICES, bySlice.get(OTHER_SLICES)!]];
}
