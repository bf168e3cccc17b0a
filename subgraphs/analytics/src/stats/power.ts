// Power and minimum detectable effect for planning an experiment (the wizard's suggested
// minSampleSize). Fixed-horizon, two-sided normal approximation with equal allocation, the
// textbook sample-size formula (e.g. Chow, Shao & Wang 2008, §3.2 and §4.2; Kohavi, Tang & Xu
// 2020, ch. 17). Each of the k − 1 comparisons with control is planned at alpha / (k − 1)
// (Bonferroni), which is conservative for the Holm correction the analysis applies.
import { normalQuantile } from './distributions';
import type { MetricKind } from './types';

export interface PowerInput {
  kind: MetricKind;
  /** Baseline per-user mean (the rate for CONVERSION). */
  baselineMean: number;
  /** Baseline per-user variance (ignored for CONVERSION: p(1 − p)). */
  baselineVariance: number;
  alpha: number;
  /** Probability of detecting a true effect of the given size, e.g. 0.8. */
  power: number;
  /** Number of variants including control (≥ 2). */
  variants: number;
  /** Relative effect to detect (0.05 = +5 %); the sample size is for this. */
  relativeEffect: number;
  /** When given: the relative effect detectable with this many users per variant. */
  sampleSizePerVariant?: number | null;
}

export interface PowerResult {
  status: 'OK' | 'INSUFFICIENT_DATA' | 'INVALID_INPUT';
  /** Users per variant needed to detect `relativeEffect` with `power` (rounded up). */
  sampleSizePerVariant: number | null;
  /** The relative effect detectable with `sampleSizePerVariant` of the input, if given. */
  minimumDetectableEffect: number | null;
  /** alpha / (variants − 1): the level each comparison is planned at. */
  comparisonAlpha: number;
  notes: string[];
}

function unplanned(
  status: 'INSUFFICIENT_DATA' | 'INVALID_INPUT',
  comparisonAlpha: number,
  note: string,
): PowerResult {
  return {
    status,
    sampleSizePerVariant: null,
    minimumDetectableEffect: null,
    comparisonAlpha,
    notes: [note],
  };
}

const invalid = (comparisonAlpha: number, note: string) => unplanned('INVALID_INPUT', comparisonAlpha, note);

/**
 * n per variant = (z_{1−a/2}·√(2 v̄) + z_{power}·√(v₀ + v₁))² / (μ₁ − μ₀)², with μ₁ = μ₀(1 + δ):
 * for CONVERSION v = p(1 − p) at each rate and v̄ at their average (the unpooled-alternative
 * form), otherwise v₀ = v₁ = v̄ = the baseline variance.
 */
export function powerAnalysis(input: PowerInput): PowerResult {
  const k = Math.floor(input.variants);
  const comparisonAlpha = k >= 2 ? input.alpha / (k - 1) : input.alpha;
  if (!(k >= 2)) return invalid(comparisonAlpha, 'An experiment needs at least 2 variants.');
  if (!(input.alpha > 0 && input.alpha < 1))
    return invalid(comparisonAlpha, 'alpha must be between 0 and 1.');
  if (!(input.power > 0 && input.power < 1))
    return invalid(comparisonAlpha, 'power must be between 0 and 1.');
  if (!(input.relativeEffect !== 0 && Number.isFinite(input.relativeEffect))) {
    return invalid(comparisonAlpha, 'relativeEffect must be a non-zero number.');
  }
  const mu0 = input.baselineMean;
  if (!(Number.isFinite(mu0) && mu0 !== 0)) {
    return unplanned(
      'INSUFFICIENT_DATA',
      comparisonAlpha,
      'The baseline mean is 0 (no events of the metric in the period), so no relative effect can be planned.',
    );
  }
  const za = normalQuantile(1 - comparisonAlpha / 2);
  const zb = normalQuantile(input.power);
  const notes: string[] = [];
  const mu1 = mu0 * (1 + input.relativeEffect);
  let v0: number;
  let v1: number;
  let vBar: number;
  if (input.kind === 'CONVERSION') {
    if (!(mu0 > 0 && mu0 < 1) || !(mu1 > 0 && mu1 < 1)) {
      return invalid(
        comparisonAlpha,
        'For a conversion metric both the baseline and the target rate must lie strictly between 0 and 1.',
      );
    }
    v0 = mu0 * (1 - mu0);
    v1 = mu1 * (1 - mu1);
    const avg = (mu0 + mu1) / 2;
    vBar = avg * (1 - avg);
  } else {
    if (!(input.baselineVariance > 0)) {
      return unplanned(
        'INSUFFICIENT_DATA',
        comparisonAlpha,
        'The baseline variance is 0: every user had the same value, so there is nothing to plan from.',
      );
    }
    v0 = v1 = vBar = input.baselineVariance;
  }
  const delta = mu1 - mu0;
  const root = za * Math.sqrt(2 * vBar) + zb * Math.sqrt(v0 + v1);
  const sampleSizePerVariant = Math.ceil((root * root) / (delta * delta));
  let minimumDetectableEffect: number | null = null;
  const n = input.sampleSizePerVariant;
  if (n !== undefined && n !== null) {
    if (!(n >= 2)) notes.push('sampleSizePerVariant must be at least 2; no detectable effect computed.');
    // Solved with the baseline variance on both sides (for rates, p₀(1 − p₀)): closed form.
    else minimumDetectableEffect = ((za + zb) * Math.sqrt((2 * v0) / n)) / Math.abs(mu0);
  }
  return { status: 'OK', sampleSizePerVariant, minimumDetectableEffect, comparisonAlpha, notes };
}
