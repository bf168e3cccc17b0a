import {
  assignVariant,
  bucketOf,
  bucketRanges,
  chooseVariation,
  percentToBuckets,
  prefixedBucketer,
} from './bucketing';

describe('bucketOf', () => {
  // murmur3_32 of the UTF-8 string modulo 100,000, recomputed in Python.
  test.each([
    ['flag-key', 'user-123', 9527],
    ['my-flag', 'alice', 23511],
    ['my-flag', 'bob', 82876],
  ])('%s:%s → %d', (salt, value, expected) => {
    expect(bucketOf(salt, value)).toBe(expected);
    expect(prefixedBucketer(salt)(value)).toBe(expected);
  });

  test('is sticky: the same input always lands in the same bucket', () => {
    const first = Array.from({ length: 1000 }, (_, i) => bucketOf('sticky', `user-${i}`));
    const second = Array.from({ length: 1000 }, (_, i) => bucketOf('sticky', `user-${i}`));
    expect(second).toEqual(first);
  });
});

describe('bucketRanges', () => {
  test('turns percentages into cumulative 0.001 % buckets', () => {
    const ranges = bucketRanges([
      { variation: 'a', weight: 33.333 },
      { variation: 'b', weight: 33.333 },
      { variation: 'c', weight: 33.334 },
    ]);
    expect(Array.from(ranges!.starts)).toEqual([0, 33333, 66666]);
    expect(Array.from(ranges!.ends)).toEqual([33333, 66666, 100000]);
  });

  test('shrinks each range from its start with coverage', () => {
    const ranges = bucketRanges(
      [
        { variation: 'a', weight: 50 },
        { variation: 'b', weight: 50 },
      ],
      0.2,
    );
    expect(Array.from(ranges!.starts)).toEqual([0, 50000]);
    expect(Array.from(ranges!.ends)).toEqual([10000, 60000]);
  });

  test('rejects weights that do not sum to 100', () => {
    expect(bucketRanges([{ variation: 'a', weight: 99 }])).toBeNull();
    expect(
      bucketRanges([
        { variation: 'a', weight: -1 },
        { variation: 'b', weight: 101 },
      ]),
    ).toBeNull();
  });

  test('percentToBuckets', () => {
    expect(percentToBuckets(0.001)).toBe(1);
    expect(percentToBuckets(12.345)).toBe(12345);
    expect(percentToBuckets(100)).toBe(100000);
  });
});

describe('chooseVariation', () => {
  const split = [
    { variation: 'on', weight: 30 },
    { variation: 'off', weight: 70 },
  ];

  test('range boundaries', () => {
    expect(chooseVariation(split, 0)).toBe('on');
    expect(chooseVariation(split, 29999)).toBe('on');
    expect(chooseVariation(split, 30000)).toBe('off');
    expect(chooseVariation(split, 99999)).toBe('off');
  });

  test('a 30 % rollout over 100,000 keys lands within ±0.5 %', () => {
    let on = 0;
    for (let i = 0; i < 100_000; i++)
      if (chooseVariation(split, bucketOf('rollout-30', `user-${i}`)) === 'on') on++;
    expect(Math.abs(on / 100_000 - 0.3)).toBeLessThan(0.005);
  });
});

describe('assignVariant', () => {
  const variations = [
    { variation: 'control', weight: 50 },
    { variation: 'treatment', weight: 50 },
  ];

  test('enrols about `coverage` of users and splits them by weight', () => {
    const counts = { control: 0, treatment: 0, none: 0 };
    for (let i = 0; i < 20_000; i++) {
      const a = assignVariant({ salt: 'exp-1', bucketingValue: `u${i}`, variations, coverage: 0.4 });
      expect(a.inLayer).toBe(true);
      expect(a.inTraffic).toBe(a.variation !== null);
      counts[(a.variation ?? 'none') as keyof typeof counts]++;
    }
    expect(Math.abs(counts.none / 20_000 - 0.6)).toBeLessThan(0.015);
    expect(Math.abs(counts.control / 20_000 - 0.2)).toBeLessThan(0.015);
    expect(Math.abs(counts.treatment / 20_000 - 0.2)).toBeLessThan(0.015);
  });

  test('raising coverage never moves an enrolled user to another variation', () => {
    for (let i = 0; i < 5000; i++) {
      const small = assignVariant({ salt: 'exp-2', bucketingValue: `u${i}`, variations, coverage: 0.1 });
      const large = assignVariant({ salt: 'exp-2', bucketingValue: `u${i}`, variations, coverage: 0.9 });
      if (small.variation !== null) expect(large.variation).toBe(small.variation);
    }
  });

  test('experiments in disjoint layer ranges never enrol the same key (20,000 keys)', () => {
    const layer = 'checkout-layer';
    let a = 0;
    let b = 0;
    for (let i = 0; i < 20_000; i++) {
      const value = `user-${i}`;
      const first = assignVariant({
        salt: 'exp-a',
        bucketingValue: value,
        variations,
        coverage: 1,
        layer: { key: layer, rangeStart: 0, rangeEnd: 50 },
      });
      const second = assignVariant({
        salt: 'exp-b',
        bucketingValue: value,
        variations,
        coverage: 1,
        layer: { key: layer, rangeStart: 50, rangeEnd: 100 },
      });
      expect(first.inTraffic && second.inTraffic).toBe(false);
      // Together the two ranges cover the layer: every key is in exactly one experiment.
      expect(first.inLayer !== second.inLayer).toBe(true);
      if (first.inTraffic) a++;
      if (second.inTraffic) b++;
    }
    expect(Math.abs(a / 20_000 - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(b / 20_000 - 0.5)).toBeLessThan(0.02);
  });

  test('outside the layer: no variation, not in layer, not in traffic', () => {
    const out = Array.from({ length: 200 }, (_, i) =>
      assignVariant({
        salt: 's',
        bucketingValue: `k${i}`,
        variations,
        layer: { key: 'L', rangeStart: 0, rangeEnd: 10 },
      }),
    ).find((a) => !a.inLayer)!;
    expect(out).toMatchObject({ variation: null, inLayer: false, inTraffic: false });
  });
});
