// Always-valid inference for a difference of means or rates: the normal-mixture sequential
// probability ratio test (mSPRT; Robbins 1970, Johari, Koomen, Pekelis & Walsh 2017/2022), which
// is also the two-sided normal-mixture confidence sequence of Howard, Ramdas, McAuliffe &
// Sekhon (2021).
//
// With an estimate θ̂ ~ N(θ, V) and a N(0, τ²) mixture over the effect, the likelihood ratio of
// H1 (θ ~ N(0, τ²)) to H0 (θ = θ0) is
//   Λ = √(V / (V + τ²)) · exp( τ² (θ̂ − θ0)² / (2 V (V + τ²)) ).
// Λ is a non-negative martingale under H0, so by Ville's inequality P(sup Λ ≥ 1/α) ≤ α: the
// p-value min(1, 1/Λ) and the interval {θ0 : Λ(θ0) < 1/α} stay valid however often they are
// looked at. Variances are plug-in estimates, so validity is asymptotic in the sample size.

export interface AlwaysValidResult {
  pValue: number;
  lower: number;
  upper: number;
}

/**
 * The ratio u = τ²/V* that makes the confidence sequence narrowest when the variance of the
 * estimate equals V*. Minimising (1 + 1/u)(2 ln(1/α) + ln(1 + u)) over u gives the fixed point
 * u = 2 ln(1/α) + ln(1 + u), found by iteration (a contraction, since the slope 1/(1+u) < 1).
 */
export function optimalMixingRatio(alpha: number): number {
  const target = 2 * Math.log(1 / alpha);
  let u = target;
  for (let iteration = 0; iteration < 200; iteration++) {
    const next = target + Math.log1p(u);
    if (Math.abs(next - u) < 1e-14 * next) return next;
    u = next;
  }
  return u;
}

/**
 * τ² for a comparison: tightest at `tuningSampleSize` users per variant, i.e.
 * τ² = u* · (σ_c² + σ_t²) / N*, with σ² the per-user variances.
 */
export function mixingVariance(
  controlUserVariance: number,
  treatmentUserVariance: number,
  tuningSampleSize: number,
  alpha: number,
): number {
  return (optimalMixingRatio(alpha) * (controlUserVariance + treatmentUserVariance)) / tuningSampleSize;
}

/**
 * Always-valid p-value for H0: θ = 0 and the always-valid interval for θ. Needs V > 0, τ² > 0.
 * Half-width: √( V (V + τ²)/τ² · (2 ln(1/α) + ln(1 + τ²/V)) ).
 */
export function normalMixtureTest(
  estimate: number,
  variance: number,
  mixing: number,
  alpha: number,
): AlwaysValidResult {
  const logRatio =
    -0.5 * Math.log1p(mixing / variance) +
    (mixing * estimate * estimate) / (2 * variance * (variance + mixing));
  const pValue = Math.min(1, Math.exp(-logRatio));
  const half = Math.sqrt(
    ((variance * (variance + mixing)) / mixing) * (2 * Math.log(1 / alpha) + Math.log1p(mixing / variance)),
  );
  return { pValue, lower: estimate - half, upper: estimate + half };
}
