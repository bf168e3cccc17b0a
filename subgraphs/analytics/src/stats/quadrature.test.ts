import { gaussLegendre, integratePanels, integratePanelsPair } from './quadrature';
import { expectClose } from './test-support';

describe('Gauss–Legendre quadrature', () => {
  it('has weights summing to 2 and symmetric nodes', () => {
    const { nodes, weights } = gaussLegendre(20);
    expectClose(
      weights.reduce((a, b) => a + b, 0),
      2,
      14,
    );
    nodes.forEach((node, index) => {
      expect(node).toBeCloseTo(-nodes[nodes.length - 1 - index]!, 15);
    });
  });

  it('integrates polynomials of degree 2n − 1 exactly', () => {
    // ∫_0^1 x^39 dx = 1/40 with one 20-point panel.
    expectClose(
      integratePanels((x) => x ** 39, [0, 1]),
      1 / 40,
      13,
    );
  });

  it('integrates smooth functions over several panels', () => {
    expectClose(integratePanels(Math.exp, [0, 0.5, 1, 3]), Math.exp(3) - 1, 14);
    const [sin, cos] = integratePanelsPair((x) => [Math.sin(x), Math.cos(x)], [0, 1, Math.PI / 2]);
    expectClose(sin, 1, 14);
    expectClose(cos, 1, 14);
  });
});
