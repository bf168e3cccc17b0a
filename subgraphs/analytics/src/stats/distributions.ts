// Probability distributions used by the tests: standard normal, Student t, chi-square and
// beta. Every CDF has a matching survival function (upper tail) computed directly, so small
// p-values keep their relative precision instead of becoming 1 − (1 − p).
//
// Invalid parameters give NaN, like Math.*; the analysis code validates before calling.
import { logBeta, logBetaPowerTerms, regularizedBeta, regularizedGamma } from './special-functions';

export { betaFunction, logBeta, logGamma, regularizedBeta, regularizedGamma } from './special-functions';

const SQRT_TWO_PI = Math.sqrt(2 * Math.PI);

// ---------------------------------------------------------------- normal

/** Standard normal density φ(z). */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / SQRT_TWO_PI;
}

/**
 * Standard normal CDF Φ(z), through the identity Φ(−|z|) = ½ Q(½, z²/2) (erfc as an incomplete
 * gamma function), which keeps full relative precision far into the lower tail.
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const tail = 0.5 * regularizedGamma(0.5, 0.5 * z * z).upper;
  return z < 0 ? tail : 1 - tail;
}

/** Upper tail 1 − Φ(z), computed directly. */
export function normalSf(z: number): number {
  return normalCdf(-z);
}

/** Two-sided p-value 2 (1 − Φ(|z|)) of a standard normal test statistic. */
export function normalTwoSidedPValue(z: number): number {
  return Math.min(1, 2 * normalSf(Math.abs(z)));
}

/**
 * Standard normal quantile Φ⁻¹(p). Starts from the rational approximation of Abramowitz &
 * Stegun 26.2.23 (error < 4.5e-4) and polishes with Halley's method on Φ, which converges
 * cubically, so three steps reach double precision.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  // Work in the lower tail, where Φ has full relative precision, and mirror at the end.
  const q = p < 0.5 ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(q));
  let x = -(
    t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) /
      (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t)
  );
  for (let step = 0; step < 6; step++) {
    const density = normalPdf(x);
    if (density === 0) break;
    const u = (normalCdf(x) - q) / density;
    const next = x - u / (1 + 0.5 * x * u);
    const change = Math.abs(next - x);
    x = next;
    if (change <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return p < 0.5 ? x : -x;
}

// ---------------------------------------------------------------- Student t

/** Student t density with `df` degrees of freedom (df may be fractional, as in Welch's test). */
export function studentTPdf(t: number, df: number): number {
  if (!(df > 0)) return Number.NaN;
  const logDensity = -logBeta(0.5 * df, 0.5) - 0.5 * Math.log(df) - 0.5 * (df + 1) * Math.log1p((t * t) / df);
  return Math.exp(logDensity);
}

// Above this many degrees of freedom the continued fraction loses digits (its terms cancel
// like 1 − t²/ν), while the Cornish–Fisher expansion below is accurate to ~1e-15.
const LARGE_DF = 1e5;

/**
 * Cornish–Fisher expansion of the t quantile in powers of 1/ν around the normal quantile z
 * (Abramowitz & Stegun 26.7.5, terms g1..g4; the omitted term is O(ν⁻⁵)).
 */
function cornishFisher(z: number, df: number): { t: number; slope: number } {
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  const d1 = (3 * z2 + 1) / 4;
  const d2 = ((25 * z2 + 48) * z2 + 3) / 96;
  const d3 = (((21 * z2 + 95) * z2 + 51) * z2 - 15) / 384;
  const d4 = ((((711 * z2 + 5432) * z2 + 7410) * z2 - 5760) * z2 - 945) / 92160;
  const inverse = 1 / df;
  return {
    t: z + inverse * (g1 + inverse * (g2 + inverse * (g3 + inverse * g4))),
    slope: 1 + inverse * (d1 + inverse * (d2 + inverse * (d3 + inverse * d4))),
  };
}

/** P(T > |t|) = ½ I_{ν/(ν+t²)}(ν/2, ½), with 1 − x passed exactly as t²/(ν+t²). */
function studentTTail(t: number, df: number): number {
  if (df >= LARGE_DF) {
    // Invert t = CF(z) for z by Newton's method (the map is increasing and close to the
    // identity), then the tail is the normal tail at z.
    const target = Math.abs(t);
    let z = target;
    for (let step = 0; step < 20; step++) {
      const { t: value, slope } = cornishFisher(z, df);
      const next = z - (value - target) / slope;
      const change = Math.abs(next - z);
      z = next;
      if (change <= 1e-16 * Math.max(1, z)) break;
    }
    return normalSf(z);
  }
  const t2 = t * t;
  const denominator = df + t2;
  return 0.5 * regularizedBeta(df / denominator, 0.5 * df, 0.5, t2 / denominator).lower;
}

/** Student t CDF P(T ≤ t). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0) || Number.isNaN(t)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  const tail = studentTTail(t, df);
  return t < 0 ? tail : 1 - tail;
}

/** Upper tail P(T > t), computed directly. */
export function studentTSf(t: number, df: number): number {
  return studentTCdf(-t, df);
}

/** Two-sided p-value 2 P(T > |t|). */
export function studentTTwoSidedPValue(t: number, df: number): number {
  if (!(df > 0) || Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return Math.min(1, 2 * studentTTail(t, df));
}

/**
 * Student t quantile. Solves P(T > t) = q for t ≥ 0 with Newton's method, starting from the
 * Cornish–Fisher expansion around the normal quantile (Abramowitz & Stegun 26.7.5) and kept
 * inside a bracket that falls back to bisection, so heavy tails at small df cannot overshoot.
 */
export function studentTQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  const q = p < 0.5 ? p : 1 - p;
  // Closed forms for one and two degrees of freedom.
  // tan(π(p − ½)) = −cot(πp), written with q so tiny tail probabilities keep their precision.
  if (df === 1) return (p < 0.5 ? -1 : 1) / Math.tan(Math.PI * q);
  if (df === 2) return ((2 * p - 1) * Math.SQRT2) / Math.sqrt(4 * p * (1 - p));

  const z = -normalQuantile(q);
  const expansion = cornishFisher(z, df).t;
  if (df >= LARGE_DF) return p < 0.5 ? -expansion : expansion;
  let t = expansion > 0 && Number.isFinite(expansion) ? expansion : z;

  // Bracket [low, high] with tail(low) ≥ q > tail(high).
  let low = 0;
  let high = Math.max(t, 1);
  while (studentTTail(high, df) > q) {
    low = high;
    high *= 2;
    if (high > 1e300) return p < 0.5 ? -high : high;
  }
  for (let iteration = 0; iteration < 200; iteration++) {
    const difference = studentTTail(t, df) - q;
    if (difference > 0) low = t;
    else high = t;
    const density = studentTPdf(t, df);
    let next = t + difference / density;
    if (!(next > low && next < high) || !Number.isFinite(next)) next = 0.5 * (low + high);
    const change = Math.abs(next - t);
    t = next;
    if (change <= 1e-15 * Math.max(1, t) || high - low <= 1e-15 * high) break;
  }
  return p < 0.5 ? -t : t;
}

// ---------------------------------------------------------------- chi-square

/** Chi-square CDF with k degrees of freedom: P(k/2, x/2). */
export function chiSquareCdf(x: number, k: number): number {
  if (!(k > 0) || Number.isNaN(x)) return Number.NaN;
  return regularizedGamma(0.5 * k, 0.5 * x).lower;
}

/** Chi-square upper tail Q(k/2, x/2), computed directly (the goodness-of-fit p-value). */
export function chiSquareSf(x: number, k: number): number {
  if (!(k > 0) || Number.isNaN(x)) return Number.NaN;
  return regularizedGamma(0.5 * k, 0.5 * x).upper;
}

// ---------------------------------------------------------------- beta

/** Beta(a, b) density. */
export function betaPdf(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || Number.isNaN(x)) return Number.NaN;
  if (x < 0 || x > 1) return 0;
  if (x === 0) return a === 1 ? b : a < 1 ? Number.POSITIVE_INFINITY : 0;
  if (x === 1) return b === 1 ? a : b < 1 ? Number.POSITIVE_INFINITY : 0;
  return Math.exp(logBetaPowerTerms(x, 1 - x, a, b)) / (x * (1 - x));
}

/** Beta(a, b) CDF I_x(a, b). */
export function betaCdf(x: number, a: number, b: number): number {
  return regularizedBeta(x, a, b).lower;
}

/** Beta(a, b) upper tail 1 − I_x(a, b), computed directly. */
export function betaSf(x: number, a: number, b: number): number {
  return regularizedBeta(x, a, b).upper;
}
