// CUPED (Deng, Xu, Kohavi & Walker 2013): regression adjustment of each user's metric value y by
// their value x of the same metric in the pre-period (the same window length before their first
// exposure). Y_adj = y − θ(x − x̄), θ = Cov(x, y) / Var(x) pooled within variants, x̄ the mean over
// all users. Randomisation makes x independent of the variant, so the adjusted difference of
// means is unbiased for the same effect and its variance shrinks by the factor 1 − ρ²
// (ρ = within-variant correlation of x and y). Everything is computed from sums (n, Σy, Σy², Σx,
// Σx², Σxy per variant), which the rollups keep, so no per-user data is read. θ is treated as
// known, as in the paper: its estimation error is O(1/n) and negligible at experiment sizes.
import { relativeUplift } from './uplift';
import { normalCritical } from './variant-statistics';
import { welchTTest } from './welch';
import type { Estimate } from './types';

/** One variant's sums over its exposed users (users without events count as 0). */
export interface CupedVariantSummary {
  variant: string;
  users: number;
  /** Σy, Σy²: the metric after exposure. */
  sum: number;
  sumSquares: number;
  /** Σx, Σx², Σxy: x is the pre-exposure value of the same metric. */
  preSum: number;
  preSumSquares: number;
  crossSum: number;
}

export interface CupedVariantResult {
  variant: string;
  isControl: boolean;
  /** ȳ − θ(x̄_variant − x̄): the variant's mean with the pre-period difference taken out. */
  adjustedMean: number | null;
  /** Sample variance of the adjusted per-user values: s²_y − 2θ s_xy + θ² s²_x. */
  variance: number | null;
  standardError: number | null;
  /** 1 − adjusted variance / unadjusted variance of this variant's values. */
  varianceReduction: number | null;
  /** Adjusted variant − control with its Welch interval (null for the control). */
  absoluteUplift: Estimate | null;
  /** Adjusted variant / adjusted control − 1, delta-method interval. */
  relativeUplift: Estimate | null;
  /**
   * Welch p-value of the adjusted difference (not corrected for multiple comparisons): two-sided,
   * or one-sided in the good direction when `goodSign` is given.
   */
  pValue: number | null;
  notes: string[];
}

export interface CupedAnalysis {
  /**
   * OK; NO_PRE_DATA: x has no variance (no user has pre-period events), so nothing to adjust by;
   * NOT_APPLICABLE: the metric is not a per-user mean (RATIO, QUANTILE), set by the caller.
   */
  status: 'OK' | 'NO_PRE_DATA' | 'INSUFFICIENT_DATA' | 'NOT_APPLICABLE';
  theta: number | null;
  /** Pooled within-variant correlation of the pre- and post-exposure values. */
  correlation: number | null;
  /** ρ²: the share of the metric's variance the adjustment removes (pooled over variants). */
  varianceReduction: number | null;
  variants: CupedVariantResult[];
  notes: string[];
}

interface Moments {
  n: number;
  meanY: number;
  meanX: number;
  /** Centred sums of squares and cross products (not divided by n − 1). */
  ssY: number;
  ssX: number;
  sXY: number;
}

function moments(v: CupedVariantSummary): Moments {
  const n = v.users;
  // Rounding can leave a tiny negative sum of squares for constant data: clamp at 0.
  return {
    n,
    meanY: v.sum / n,
    meanX: v.preSum / n,
    ssY: Math.max(0, v.sumSquares - (v.sum * v.sum) / n),
    ssX: Math.max(0, v.preSumSquares - (v.preSum * v.preSum) / n),
    sXY: v.crossSum - (v.sum * v.preSum) / n,
  };
}

const empty = (variant: string, isControl: boolean, note: string): CupedVariantResult => ({
  variant,
  isControl,
  adjustedMean: null,
  variance: null,
  standardError: null,
  varianceReduction: null,
  absoluteUplift: null,
  relativeUplift: null,
  pValue: null,
  notes: [note],
});

/** No CUPED for a metric that is not a per-user mean (RATIO, QUANTILE): `note` says why. */
export function cupedNotApplicable(
  variants: readonly string[],
  controlVariant: string,
  note: string,
): CupedAnalysis {
  return {
    status: 'NOT_APPLICABLE',
    theta: null,
    correlation: null,
    varianceReduction: null,
    variants: variants.map((v) => empty(v, v === controlVariant, note)),
    notes: [note],
  };
}

/**
 * CUPED-adjusted comparison of every variant with `controlVariant`, intervals at `confidenceLevel`.
 * `goodSign` (+1 higher is better, −1 lower) makes the p-value one-sided in that direction, as the
 * unadjusted test of a one-sided metric.
 */
export function cupedAnalysis(
  variants: CupedVariantSummary[],
  controlVariant: string,
  confidenceLevel: number,
  goodSign: 1 | -1 | null = null,
): CupedAnalysis {
  const usable = variants.filter((v) => v.users >= 2);
  const control = usable.find((v) => v.variant === controlVariant);
  if (!control) {
    return {
      status: 'INSUFFICIENT_DATA',
      theta: null,
      correlation: null,
      varianceReduction: null,
      variants: variants.map((v) =>
        empty(v.variant, v.variant === controlVariant, 'The control needs at least 2 users.'),
      ),
      notes: ['CUPED needs at least 2 users in the control.'],
    };
  }
  const m = new Map(usable.map((v) => [v.variant, moments(v)]));
  const all = [...m.values()];
  const ssX = all.reduce((s, x) => s + x.ssX, 0);
  const ssY = all.reduce((s, x) => s + x.ssY, 0);
  const sXY = all.reduce((s, x) => s + x.sXY, 0);
  if (!(ssX > 0)) {
    return {
      status: 'NO_PRE_DATA',
      theta: null,
      correlation: null,
      varianceReduction: null,
      variants: variants.map((v) =>
        empty(v.variant, v.variant === controlVariant, 'No pre-exposure variation to adjust by.'),
      ),
      notes: [
        'No user has a pre-exposure value that varies (no events of the metric in the window before exposure), so CUPED cannot adjust; the unadjusted results stand. Rollups from before CUPED existed get their pre-period from recomputeRollups.',
      ],
    };
  }
  const theta = sXY / ssX;
  const correlation = ssY > 0 ? sXY / Math.sqrt(ssX * ssY) : null;
  const totalUsers = usable.reduce((s, v) => s + v.users, 0);
  const grandMeanX = usable.reduce((s, v) => s + v.preSum, 0) / totalUsers;
  const adjusted = (x: Moments) => {
    const variance = Math.max(0, (x.ssY - 2 * theta * x.sXY + theta * theta * x.ssX) / (x.n - 1));
    return { mean: x.meanY - theta * (x.meanX - grandMeanX), variance, n: x.n };
  };
  const c = adjusted(m.get(control.variant)!);
  const z = normalCritical(confidenceLevel);
  const results = variants.map((v): CupedVariantResult => {
    const isControl = v.variant === control.variant;
    const x = m.get(v.variant);
    if (!x) return empty(v.variant, isControl, 'Needs at least 2 users.');
    const a = adjusted(x);
    const standardError = Math.sqrt(a.variance / a.n);
    const unadjusted = x.ssY / (x.n - 1);
    const base = {
      variant: v.variant,
      isControl,
      adjustedMean: a.mean,
      variance: a.variance,
      standardError,
      varianceReduction: unadjusted > 0 ? 1 - a.variance / unadjusted : null,
      notes: [] as string[],
    };
    if (isControl) return { ...base, absoluteUplift: null, relativeUplift: null, pValue: null };
    const test = welchTTest(c, a, confidenceLevel);
    // Fieller's interval at the Welch test's own critical value, so it agrees with that test.
    const critical = test.standardError > 0 ? (test.upper - test.difference) / test.standardError : z;
    const relative = relativeUplift(c.mean, Math.sqrt(c.variance / c.n), a.mean, standardError, critical);
    if (!relative.estimate) {
      base.notes.push(
        relative.refused === 'NON_POSITIVE_CONTROL'
          ? 'No relative uplift: the adjusted control mean is 0 or negative.'
          : 'No relative uplift: the adjusted control mean is not distinguishable from 0.',
      );
    }
    return {
      ...base,
      absoluteUplift: { estimate: test.difference, lower: test.lower, upper: test.upper },
      relativeUplift: relative.estimate,
      pValue:
        goodSign === null || test.pValue === null
          ? test.pValue
          : Math.sign(test.difference) === goodSign
            ? test.pValue / 2
            : 1 - test.pValue / 2,
    };
  });
  return {
    status: 'OK',
    theta,
    correlation,
    varianceReduction: correlation === null ? null : correlation * correlation,
    variants: results,
    notes: [],
  };
}
