import { toMeasurement } from './analytics-guard.reader';
import { decide } from './release-guards';

const answer = (over: Partial<Parameters<typeof toMeasurement>[0]> = {}) => ({
  kind: 'MEAN',
  higherIsBetter: false,
  variations: [
    { variation: 'on', users: 120, mean: 0.08, quantile: null },
    { variation: 'off', users: 900, mean: 0.01, quantile: null },
  ],
  comparison: { sequentialLower: 0.03, sequentialUpper: 0.11 },
  ...over,
});

describe("guards read analytics' flagVariationMetric", () => {
  it('takes the released variation’s mean and users, and breaches an absolute threshold only with its sample', () => {
    const m = toMeasurement(answer(), 'on');
    expect(m).toEqual({ sample: 120, value: 0.08, difference: { lower: 0.03, upper: 0.11 } });
    const guard = { metric: 'errors', kind: 'ABSOLUTE' as const, threshold: 0.05, minSample: 100 };
    expect(decide(guard, m)).toBe('BREACHED');
    expect(decide({ ...guard, minSample: 500 }, m)).toBe('INSUFFICIENT');
  });

  it('takes the quantile for QUANTILE metrics, and nothing for a variation without events', () => {
    const m = answer({
      kind: 'QUANTILE',
      variations: [{ variation: 'on', users: 40, mean: 900, quantile: { estimate: 2400 } }],
    });
    expect(toMeasurement(m, 'on').value).toBe(2400);
    expect(toMeasurement(m, 'other')).toEqual({
      sample: 0,
      value: null,
      difference: { lower: 0.03, upper: 0.11 },
    });
  });

  it('orients the relative interval so positive is worse when higher is better', () => {
    const m = toMeasurement(
      answer({ higherIsBetter: true, comparison: { sequentialLower: -0.2, sequentialUpper: -0.05 } }),
      'on',
    );
    expect(m.difference).toEqual({ lower: 0.05, upper: 0.2 });
    const guard = { metric: 'conversion', kind: 'RELATIVE' as const, threshold: 0.01, minSample: 100 };
    expect(decide(guard, m)).toBe('BREACHED');
    expect(decide(guard, toMeasurement(answer({ comparison: null }), 'on'))).toBe('INSUFFICIENT');
  });
});
