// Special functions behind every distribution in this folder: log-gamma, log-beta,
// and the regularized incomplete gamma and beta functions. Written for double
// precision (about 1e-14 relative error over the ranges the engine uses) because
// p-values, quantiles and posterior integrals are all built on them.
//
// Conventions: arguments outside the mathematical domain give NaN, like Math.*.
// Callers in this folder validate first, so NaN never reaches an analysis result.

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const EPSILON = 1e-16;
// Lentz's algorithm replaces exact zeros by this to avoid dividing by zero.
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

// Coefficients B(2k) / (2k (2k - 1)) of the Stirling series for log Γ, k = 1..7
// (Abramowitz & Stegun 6.1.40). With the argument shifted to at least 15 the
// first omitted term is below 1e-19.
const STIRLING_COEFFICIENTS = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156];
const STIRLING_MIN_ARGUMENT = 15;

function stirlingSeries(x: number): number {
  const inverse = 1 / x;
  const inverseSquared = inverse * inverse;
  let power = inverse;
  let sum = 0;
  for (const coefficient of STIRLING_COEFFICIENTS) {
    sum += coefficient * power;
    power *= inverseSquared;
  }
  return sum;
}

/** The leading Stirling terms (x - 1/2) ln x - x + ln √(2π). */
function stirlingMain(x: number): number {
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI;
}

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return x === Number.POSITIVE_INFINITY ? x : Number.NaN;
  // Γ(x) = Γ(x + k) / (x (x+1) ... (x+k-1)) moves small arguments up to where
  // the asymptotic series is accurate to full precision.
  let shifted = x;
  let product = 1;
  while (shifted < STIRLING_MIN_ARGUMENT) {
    product *= shifted;
    shifted += 1;
  }
  return stirlingMain(shifted) + stirlingSeries(shifted) - Math.log(product);
}

/**
 * δ(x) = ln Γ(x) − Stirling's leading terms. Small and smooth, so sums and
 * differences of it do not suffer the cancellation that ln Γ of large arguments does.
 */
function stirlingCorrection(x: number): number {
  if (x >= STIRLING_MIN_ARGUMENT) return stirlingSeries(x);
  return logGamma(x) - stirlingMain(x);
}

/** ln(s/a) written to stay accurate when a is close to s = a + b. */
function logRatio(part: number, other: number, total: number): number {
  return part >= other ? Math.log1p(-other / total) : Math.log(part / total);
}

/**
 * ln B(a, b) for a, b > 0. Written through Stirling's form
 *   ln B = (a − ½) ln(a/s) + (b − ½) ln(b/s) − ½ ln s + ln √(2π) + δ(a) + δ(b) − δ(s),  s = a + b,
 * which is exact for all a, b and avoids subtracting two huge ln Γ values when a or b is large
 * (Welch degrees of freedom and posterior counts reach the millions).
 */
export function logBeta(a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) return Number.NaN;
  const s = a + b;
  return (
    (a - 0.5) * logRatio(a, b, s) +
    (b - 0.5) * logRatio(b, a, s) -
    0.5 * Math.log(s) +
    HALF_LOG_TWO_PI +
    stirlingCorrection(a) +
    stirlingCorrection(b) -
    stirlingCorrection(s)
  );
}

/** B(a, b). */
export function betaFunction(a: number, b: number): number {
  return Math.exp(logBeta(a, b));
}

/**
 * ln( x^a y^b / B(a, b) ) with y = 1 − x, the common factor of the beta density and the
 * incomplete beta function. Uses a ln(x s / a) = a log1p((x b − y a) / a), which keeps full
 * precision near the mode even when a and b are in the millions.
 */
export function logBetaPowerTerms(x: number, y: number, a: number, b: number): number {
  const s = a + b;
  const deviation = x * b - y * a;
  // Near the mode the log1p form is exact to rounding; far from it (ratio near −1) the plain
  // logarithm is the accurate one.
  const termA = Math.abs(deviation) < 0.5 * a ? a * Math.log1p(deviation / a) : a * Math.log((x * s) / a);
  const termB = Math.abs(deviation) < 0.5 * b ? b * Math.log1p(-deviation / b) : b * Math.log((y * s) / b);
  return (
    termA +
    termB +
    0.5 * Math.log((a * b) / s) -
    HALF_LOG_TWO_PI -
    stirlingCorrection(a) -
    stirlingCorrection(b) +
    stirlingCorrection(s)
  );
}

/** A probability and its complement, each computed directly so neither loses precision in the tails. */
export interface TailPair {
  lower: number;
  upper: number;
}

/**
 * Regularized incomplete gamma functions P(a, x) (lower) and Q(a, x) = 1 − P (upper), a > 0.
 * Series for P when x < a + 1, otherwise Legendre's continued fraction for Q evaluated by the
 * modified Lentz method (Numerical Recipes, Press et al. 2007, §6.2 describes both).
 */
export function regularizedGamma(a: number, x: number): TailPair {
  if (!(a > 0) || Number.isNaN(x)) return { lower: Number.NaN, upper: Number.NaN };
  if (x <= 0) return { lower: 0, upper: 1 };
  if (x === Number.POSITIVE_INFINITY) return { lower: 1, upper: 0 };
  const logFront = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    // P(a, x) = e^{-x} x^a / Γ(a+1) · Σ x^n / ((a+1)…(a+n))
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
    }
    const lower = Math.min(1, sum * Math.exp(logFront));
    return { lower, upper: 1 - lower };
  }
  // Q(a, x) = e^{-x} x^a / Γ(a) · 1/(x+1−a − 1(1−a)/(x+3−a − 2(2−a)/(x+5−a − …)))
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let fraction = d;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  const upper = Math.min(1, Math.exp(logFront) * fraction);
  return { lower: 1 - upper, upper };
}

/**
 * Continued fraction for I_x(a, b) (the even/odd form in Numerical Recipes §6.4), evaluated
 * with the modified Lentz method. Converges quickly for x < (a + 1) / (a + b + 2).
 */
function incompleteBetaFraction(x: number, y: number, a: number, b: number): number {
  const sum = a + b;
  let c = 1;
  // 1 − (a+b)x/(a+1); when x is close to 1 the same value is written with y = 1 − x,
  // (1 − b + (a+b)y)/(a+1), which does not cancel.
  let d = x <= 0.5 ? 1 - (sum * x) / (a + 1) : (1 - b + sum * y) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let fraction = d;
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    // Even step: m (b − m) x / ((a + 2m − 1)(a + 2m))
    let coefficient = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + coefficient * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + coefficient / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    fraction *= d * c;
    // Odd step: −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1))
    coefficient = (-(a + m) * (sum + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + coefficient * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + coefficient / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return fraction;
}

/**
 * Regularized incomplete beta I_x(a, b) (lower) and 1 − I_x(a, b) (upper) for a, b > 0.
 * `y` may be passed as 1 − x when the caller knows it more precisely than 1 − x would give
 * (the Student t tail does). The tail nearer x is computed directly, the other by subtraction,
 * using I_x(a, b) = 1 − I_{1−x}(b, a) to stay in the fraction's fast region.
 */
export function regularizedBeta(x: number, a: number, b: number, y: number = 1 - x): TailPair {
  if (!(a > 0) || !(b > 0) || Number.isNaN(x)) return { lower: Number.NaN, upper: Number.NaN };
  // y decides the upper end: x may round to 1 while the exact complement is still positive.
  if (x <= 0) return { lower: 0, upper: 1 };
  if (y <= 0) return { lower: 1, upper: 0 };
  const front = Math.exp(logBetaPowerTerms(x, y, a, b));
  if (x < (a + 1) / (a + b + 2)) {
    const lower = Math.min(1, (front * incompleteBetaFraction(x, y, a, b)) / a);
    return { lower, upper: 1 - lower };
  }
  const upper = Math.min(1, (front * incompleteBetaFraction(y, x, b, a)) / b);
  return { lower: 1 - upper, upper };
}
