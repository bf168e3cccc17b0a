import { findLayerSlice, normaliseAudience, validateVariants } from './experiment.validation';

const fieldOf = (fn: () => void): string | undefined => {
  try {
    fn();
  } catch (err) {
    return (err as { extensions?: { field?: string } }).extensions?.field;
  }
  return undefined;
};

describe('findLayerSlice', () => {
  it.each([
    [[], 40, { rangeStart: 0, rangeEnd: 40 }],
    [[{ rangeStart: 0, rangeEnd: 40 }], 60, { rangeStart: 40, rangeEnd: 100 }],
    [[{ rangeStart: 0, rangeEnd: 40 }], 60.001, null],
    [[{ rangeStart: 20, rangeEnd: 50 }], 20, { rangeStart: 0, rangeEnd: 20 }],
    [[{ rangeStart: 10, rangeEnd: 50 }], 20, { rangeStart: 50, rangeEnd: 70 }],
    // 40 % free in total, but in two gaps of 20: no single slice of 30 fits.
    [[{ rangeStart: 20, rangeEnd: 80 }], 30, null],
    [
      [
        { rangeStart: 0, rangeEnd: 33.333 },
        { rangeStart: 33.333, rangeEnd: 66.666 },
      ],
      33.334,
      { rangeStart: 66.666, rangeEnd: 100 },
    ],
    [[{ rangeStart: 0, rangeEnd: 100 }], 0.001, null],
  ])('taken %j, wanting %p %% → %j', (taken, percent, expected) => {
    expect(findLayerSlice(taken, percent)).toEqual(expected);
  });
});

describe('validateVariants', () => {
  const v = (...weights: number[]) => weights.map((weight, i) => ({ key: `v${i}`, weight }));
  it.each([
    [v(50, 50), undefined],
    [v(33.333, 33.333, 33.334), undefined],
    [v(0, 100), undefined],
    [v(100), 'variants'],
    [v(60, 30), 'variants'],
    [v(50.0001, 49.9999), 'variants[0].weight'],
    [v(120, -20), 'variants[0].weight'],
    [
      [
        { key: 'a', weight: 50 },
        { key: 'a', weight: 50 },
      ],
      'variants[1].key',
    ],
  ])('%j → %s', (variants, field) => {
    expect(fieldOf(() => validateVariants(variants, 'variants'))).toBe(field);
  });
});

describe('normaliseAudience', () => {
  it('deduplicates segments and defaults condition values and negate', () => {
    expect(
      normaliseAudience(
        { segments: ['beta', 'beta'], conditions: [{ attribute: 'plan', operator: 'in', values: ['pro'] }] },
        'audience',
      ),
    ).toEqual({
      segments: ['beta'],
      conditions: [{ attribute: 'plan', operator: 'in', values: ['pro'], negate: false }],
    });
  });

  it.each([
    [
      { conditions: [{ attribute: 'plan', operator: 'like', values: ['x'] }] },
      'audience.conditions[0].operator',
    ],
    [
      { conditions: [{ attribute: 'age', operator: 'gt', values: ['old'] }] },
      'audience.conditions[0].values[0]',
    ],
    [{ conditions: [{ attribute: 'plan', operator: 'in', values: [] }] }, 'audience.conditions[0].values'],
    [{ segments: ['Not A Key'] }, 'audience.segments[0]'],
  ])('refuses %j naming %s', (audience, field) => {
    expect(fieldOf(() => normaliseAudience(audience, 'audience'))).toBe(field);
  });
});
