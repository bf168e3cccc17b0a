// Bayesian chance to beat control and expected loss.
//
// Conversions: each rate has a Beta(1 + conversions, 1 + users − conversions) posterior (uniform
// Beta(1, 1) prior). P(T > C) and E[(C − T)+] are one-dimensional integrals of beta densities
// and incomplete beta functions, evaluated by deterministic Gauss–Legendre quadrature on panels
// placed around each posterior's mass, so results are reproducible to the last digit.
//
// Means: each mean has a normal posterior N(mean, se²) (flat prior, large-sample), so the
// difference is normal and both quantities have closed forms.
import { betaPdf, normalCdf, normalPdf, normalSf, regularizedBeta } from './distributions';
import { integratePanelsPair } from './quadrature';

export interface BetaPosterior {
  alpha: number;
  beta: number;
}

export interface BayesianComparison {
  /** P(treatment better than control), "better" from higherIsBetter. */
  chanceToBeatControl: number;
  /** E[loss of choosing treatment] = E[(C − T)+] (or E[(T − C)+] when lower is better). */
  expectedLoss: number;
}

/** Beta(1 + conversions, 1 + users − conversions): the posterior under a uniform prior. */
export function conversionPosterior(conversions: number, users: number): BetaPosterior {
  return { alpha: 1 + conversions, beta: 1 + users - conversions };
}

function betaMoments({ alpha, beta }: BetaPosterior): { mean: number; sd: number } {
  const total = alpha + beta;
  return { mean: alpha / total, sd: Math.sqrt((alpha * beta) / (total * total * (total + 1))) };
}

// Multiples of the posterior sd at which panels start; dense near the mode, geometric in the
// tails, and far enough (beyond 2000 sd) to reach 0 and 1 for any posterior we can meet.
const PANEL_OFFSETS = [
  0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 32, 48, 64, 96, 128, 256, 512, 1024,
  2048,
];

/** Panel edges on [0, 1] covering the mass of every given posterior. */
function panelEdges(posteriors: BetaPosterior[]): number[] {
  const edges = new Set<number>([0, 1]);
  for (const posterior of posteriors) {
    const { mean, sd } = betaMoments(posterior);
    for (const offset of PANEL_OFFSETS) {
      for (const edge of [mean - offset * sd, mean + offset * sd]) {
        if (edge > 0 && edge < 1) edges.add(edge);
      }
    }
  }
  return [...edges].sort((a, b) => a - b);
}

/**
 * ∫ f_X(x) g(x) dx / ∫ f_X(x) dx over [0, 1]. Dividing by the integrated density cancels
 * quadrature and normalising-constant error in f_X, which matters when counts are in the millions.
 */
function expectationOver(x: BetaPosterior, g: (value: number) => number, edges: number[]): number {
  const [numerator, denominator] = integratePanelsPair((value) => {
    const density = betaPdf(value, x.alpha, x.beta);
    return density > 0 ? [density * g(value), density] : [0, 0];
  }, edges);
  return denominator > 0 ? numerator / denominator : 0;
}

/** P(X > Y) for independent beta variables: ∫ f_X(x) I_x(α_Y, β_Y) dx. */
export function probabilityBetaGreater(x: BetaPosterior, y: BetaPosterior): number {
  const edges = panelEdges([x, y]);
  const value = expectationOver(x, (point) => regularizedBeta(point, y.alpha, y.beta).lower, edges);
  return Math.min(1, Math.max(0, value));
}

/**
 * E[(X − Y)+] for independent beta variables: ∫ f_Y(y) E[(X − y)+] dy, with the inner
 * expectation in closed form, E[(X − y)+] = E[X] (1 − I_y(α_X + 1, β_X)) − y (1 − I_y(α_X, β_X)),
 * using E[X 1{X > y}] = E[X] P(X' > y) for X' ~ Beta(α_X + 1, β_X).
 */
export function expectedBetaExcess(x: BetaPosterior, y: BetaPosterior): number {
  const edges = panelEdges([x, y]);
  const meanX = x.alpha / (x.alpha + x.beta);
  const value = expectationOver(
    y,
    (point) => {
      const shifted = regularizedBeta(point, x.alpha + 1, x.beta).upper;
      const plain = regularizedBeta(point, x.alpha, x.beta).upper;
      return Math.max(0, meanX * shifted - point * plain);
    },
    edges,
  );
  return Math.max(0, value);
}

// The quadrature costs milliseconds per comparison at large counts (hundreds of density and
// incomplete-beta evaluations), and results are asked for far more often than the rollups
// change, so answers are remembered by their exact inputs: a hit is the same number, not an
// approximation. Bounded, oldest entry evicted first.
const MEMO_SIZE = 1000;
const memo = new Map<string, BayesianComparison>();

/** Chance to beat control and expected loss for conversion rates (memoised by the exact counts). */
export function compareConversionPosteriors(
  control: BetaPosterior,
  treatment: BetaPosterior,
  higherIsBetter: boolean,
): BayesianComparison {
  const key = `${control.alpha},${control.beta},${treatment.alpha},${treatment.beta},${higherIsBetter}`;
  const known = memo.get(key);
  if (known) return { ...known };
  const result = higherIsBetter
    ? {
        chanceToBeatControl: probabilityBetaGreater(treatment, control),
        expectedLoss: expectedBetaExcess(control, treatment),
      }
    : {
        chanceToBeatControl: probabilityBetaGreater(control, treatment),
        expectedLoss: expectedBetaExcess(treatment, control),
      };
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
  memo.set(key, result);
  return { ...result };
}

/**
 * E[(Z − z)+] = φ(z) − z (1 − Φ(z)) for a standard normal Z. For z > 3 the two terms nearly
 * cancel, so it is written as φ(z) / (1 + z w(z)) where w(z) = z + 2/(z + 3/(z + 4/(z + …)))
 * is the tail of Laplace's continued fraction for the Mills ratio (Abramowitz & Stegun 26.2.14),
 * evaluated with the modified Lentz method.
 */
export function normalPartialExpectation(z: number): number {
  if (z <= 3) return Math.max(0, normalPdf(z) - z * normalSf(z));
  const tiny = 1e-300;
  let fraction = z;
  let c = z;
  let d = 0;
  for (let k = 2; k < 10_000; k++) {
    d = z + k * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = z + k / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = c * d;
    fraction *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return normalPdf(z) / (1 + z * fraction);
}

export interface NormalPosterior {
  mean: number;
  standardError: number;
}

/**
 * Chance to beat control and expected loss with normal posteriors. The difference D = T − C is
 * N(d, s²) with s² = se_c² + se_t², so P(D > 0) = Φ(d/s) and E[(−D)+] = s ψ(d/s), ψ as above.
 * With zero spread the posterior is a point mass and the limits are returned.
 */
export function compareNormalPosteriors(
  control: NormalPosterior,
  treatment: NormalPosterior,
  higherIsBetter: boolean,
): BayesianComparison {
  const difference = higherIsBetter ? treatment.mean - control.mean : control.mean - treatment.mean;
  const spread = Math.sqrt(control.standardError ** 2 + treatment.standardError ** 2);
  if (!(spread > 0)) {
    return {
      chanceToBeatControl: difference > 0 ? 1 : difference < 0 ? 0 : 0.5,
      expectedLoss: Math.max(0, -difference),
    };
  }
  const z = difference / spread;
  return { chanceToBeatControl: normalCdf(z), expectedLoss: spread * normalPartialExpectation(z) };
}

/**
 * Chance to beat control and expected loss with an informative normal prior on the relative
 * effect, N(μ₀, σ₀²), scaled to metric units by the control mean: the difference D gets the
 * prior N(μ₀ m_c, (σ₀ m_c)²) and the data the likelihood N(d, s²), so the posterior is normal
 * with precision 1/s² + 1/σ_p² (conjugate update, as GrowthBook's and Eppo's Bayesian engines do).
 * With s = 0 the data win and the prior is ignored.
 */
export function compareWithEffectPrior(
  difference: number,
  spread: number,
  controlMean: number,
  prior: { mean: number; standardDeviation: number },
  higherIsBetter: boolean,
): BayesianComparison {
  const priorMean = prior.mean * controlMean;
  const priorSd = prior.standardDeviation * Math.abs(controlMean);
  let mean = difference;
  let sd = spread;
  if (spread > 0 && priorSd > 0) {
    const precision = 1 / (spread * spread) + 1 / (priorSd * priorSd);
    mean = (difference / (spread * spread) + priorMean / (priorSd * priorSd)) / precision;
    sd = Math.sqrt(1 / precision);
  }
  return compareNormalPosteriors({ mean: 0, standardError: 0 }, { mean, standardError: sd }, higherIsBetter);
}
