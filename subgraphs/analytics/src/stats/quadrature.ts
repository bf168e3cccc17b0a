// Deterministic numerical integration: composite Gauss–Legendre quadrature over caller-chosen
// panels. The Bayesian module places panel edges around each posterior's mass, so a fixed
// rule per panel is both fast and accurate without adaptive refinement or random sampling.

export interface GaussRule {
  nodes: number[];
  weights: number[];
}

const rules = new Map<number, GaussRule>();

/**
 * Nodes and weights of the n-point Gauss–Legendre rule on [−1, 1]: the roots of the Legendre
 * polynomial P_n, found by Newton's method from the Chebyshev-like first guess
 * cos(π (i − ¼) / (n + ½)), with weights 2 / ((1 − x²) P_n'(x)²) (Golub & Welsch 1969 give the
 * theory; the recurrence is Bonnet's (k+1) P_{k+1} = (2k+1) x P_k − k P_{k−1}).
 */
export function gaussLegendre(n: number): GaussRule {
  const cached = rules.get(n);
  if (cached) return cached;
  const nodes = new Array<number>(n).fill(0);
  const weights = new Array<number>(n).fill(0);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 1;
    for (let iteration = 0; iteration < 100; iteration++) {
      let previous = 1;
      let current = x;
      for (let k = 1; k < n; k++) {
        const next = ((2 * k + 1) * x * current - k * previous) / (k + 1);
        previous = current;
        current = next;
      }
      derivative = (n * (x * current - previous)) / (x * x - 1);
      const step = current / derivative;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    const weight = 2 / ((1 - x * x) * derivative * derivative);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = weight;
    weights[n - 1 - i] = weight;
  }
  const rule = { nodes, weights };
  rules.set(n, rule);
  return rule;
}

/** ∫ f over the union of consecutive panels [edges[i], edges[i+1]], each with an n-point rule. */
export function integratePanels(f: (x: number) => number, edges: readonly number[], points = 20): number {
  const { nodes, weights } = gaussLegendre(points);
  let total = 0;
  for (let i = 0; i + 1 < edges.length; i++) {
    const left = edges[i]!;
    const right = edges[i + 1]!;
    if (!(right > left)) continue;
    const half = 0.5 * (right - left);
    const middle = 0.5 * (right + left);
    let panel = 0;
    for (let j = 0; j < points; j++) panel += weights[j]! * f(middle + half * nodes[j]!);
    total += half * panel;
  }
  return total;
}

/** Like integratePanels for two integrands that share expensive work, evaluated in one pass. */
export function integratePanelsPair(
  f: (x: number) => readonly [number, number],
  edges: readonly number[],
  points = 20,
): [number, number] {
  const { nodes, weights } = gaussLegendre(points);
  let first = 0;
  let second = 0;
  for (let i = 0; i + 1 < edges.length; i++) {
    const left = edges[i]!;
    const right = edges[i + 1]!;
    if (!(right > left)) continue;
    const half = 0.5 * (right - left);
    const middle = 0.5 * (right + left);
    for (let j = 0; j < points; j++) {
      const [a, b] = f(middle + half * nodes[j]!);
      first += half * weights[j]! * a;
      second += half * weights[j]! * b;
    }
  }
  return [first, second];
}
