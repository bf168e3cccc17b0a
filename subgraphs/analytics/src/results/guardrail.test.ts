import type { VariantResult } from '../stats';
import { analyzeExperiment } from '../stats';
import { guardrail } from './results.service';

const values = (variant: string, data: number[]) => ({
  variant,
  weight: 50,
  users: data.length,
  conversions: 0,
  sum: data.reduce((a, b) => a + b, 0),
  sumSquares: data.reduce((a, b) => a + b * b, 0),
});

function treatmentRow(control: number[], treatment: number[]): { row: VariantResult; controlMean: number } {
  const result = analyzeExperiment({
    kind: 'MEAN',
    higherIsBetter: true,
    variants: [values('control', control), values('treatment', treatment)],
  });
  return { row: result.variants[1]!, controlMean: result.variants[0]!.mean! };
}

const spread = (centre: number) => Array.from({ length: 200 }, (_, i) => centre + ((i % 10) - 4.5) * 0.2);

describe('guardrail with a negative control mean (issue 18)', () => {
  const metric = { guardrailThreshold: 0.02, higherIsBetter: true };

  // Control −2, treatment −1: better. The relative "−50 %" used to flag a violation.
  it('is not violated when the treatment is better', () => {
    const { row, controlMean } = treatmentRow(spread(-2), spread(-1));
    expect(row.relativeUplift).toBeNull();
    expect(guardrail(metric, 'GUARDRAIL', row, controlMean)).toBe(false);
  });

  // Control −2, treatment −3: worse. The relative "+50 %" used to pass.
  it('is violated when the treatment is worse beyond the threshold', () => {
    const { row, controlMean } = treatmentRow(spread(-2), spread(-3));
    expect(guardrail(metric, 'GUARDRAIL', row, controlMean)).toBe(true);
    expect(guardrail({ ...metric, higherIsBetter: false }, 'GUARDRAIL', row, controlMean)).toBe(false);
  });

  it('keeps the relative rule for a positive control mean', () => {
    const { row, controlMean } = treatmentRow(spread(10), spread(9));
    expect(row.relativeUplift!.upper).toBeLessThan(-0.02);
    expect(guardrail(metric, 'GUARDRAIL', row, controlMean)).toBe(true);
    expect(guardrail(metric, 'PRIMARY', row, controlMean)).toBeNull();
  });
});
