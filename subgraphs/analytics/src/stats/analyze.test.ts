import { analyzeExperiment, analyzeMetrics } from './analyze';
import { collectNumbers, expectClose, expectMatches, expectVerdictAgrees, reference } from './test-support';
import type { ExperimentAnalysis, MetricKind, VariantSummary } from './types';

const conversion = (variant: string, users: number, conversions: number, weight = 50): VariantSummary => ({
  variant,
  weight,
  users,
  conversions,
  sum: conversions,
  sumSquares: conversions,
});

const values = (variant: string, data: number[], weight = 50): VariantSummary => ({
  variant,
  weight,
  users: data.length,
  conversions: 0,
  sum: data.reduce((a, b) => a + b, 0),
  sumSquares: data.reduce((a, b) => a + b * b, 0),
});

/** Results must never contain NaN or ±Infinity anywhere. */
function expectAllFinite(result: unknown): void {
  for (const [path, value] of collectNumbers(result)) {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}`);
  }
}

describe('analyzeExperiment against the SciPy reference', () => {
  for (const experiment of reference.experiments) {
    it(`${experiment.name}`, () => {
      const result = analyzeExperiment(experiment.input);
      expectAllFinite(result);
      expect(result.status).toBe('OK');
      expect(result.controlVariant).toBe(experiment.input.variants[0]!.variant);
      expectMatches(result.variants, experiment.expected.variants, 7, experiment.name);
      expectClose(result.srm.pValue, experiment.expected.srm.pValue!, 9, `${experiment.name} srm`);
      const tested = result.variants.filter((row) => !row.isControl);
      expect(result.comparisons).toBe(tested.length);
      expectClose(result.method.intervalLevel, experiment.expected.intervalLevel, 12, 'interval level');
      for (const row of tested) expect(row.significant).toBe(row.adjustedPValue! <= result.alpha);
      if (experiment.expected.skewness) {
        expect(result.warnings.map((w) => w.code)).toContain('SKEWED');
        expect(
          result.variants.every((row) => row.isControl || row.sequential?.assumptionsMet === false),
        ).toBe(true);
      }
    });
  }

  // Issue 18: the badge followed one test and the relative interval another.
  it('gives one verdict per comparison: p-value, absolute and relative interval agree in every case', () => {
    for (const experiment of [...reference.experiments, { name: 'NIST', input: reference.nistWelch.input }]) {
      const result = analyzeExperiment(experiment.input);
      for (const row of result.variants.filter((r) => r.pValue !== null)) {
        expectVerdictAgrees(row, result.higherIsBetter, result.method.sides === 'ONE_SIDED', experiment.name);
      }
    }
  });

  it('NIST car mileage (MEAN) from summary statistics', () => {
    const { input, expected } = reference.nistWelch;
    const row = analyzeExperiment(input).variants[1]!;
    expectClose(row.statistic, expected.statistic, 9);
    expectClose(row.degreesOfFreedom, expected.degreesOfFreedom, 9);
    expectClose(row.pValue, expected.pValue, 9);
    expectClose(row.absoluteUplift?.lower, expected.lower, 9);
    expect(row.significant).toBe(true);
  });
});

describe('analyzeMetrics', () => {
  it('applies Holm–Bonferroni across every variant × metric comparison', () => {
    const { input, expected } = reference.multiMetric;
    const result = analyzeMetrics(input);
    expect(result.comparisons).toBe(4);
    const rows = result.metrics.flatMap((metric) => metric.variants.filter((row) => !row.isControl));
    rows.forEach((row, index) => {
      expectClose(row.pValue, expected.pValues[index]!, 9, `${row.variant} p`);
      expectClose(row.adjustedPValue, expected.adjustedPValues[index]!, 9, `${row.variant} adjusted`);
      expect(row.significant).toBe(expected.significant[index]);
    });
    // Corrected over metrics too: the same signup comparison alone would be adjusted less.
    const alone = analyzeExperiment({ ...input.metrics[0]!, alpha: 0.05 });
    expect(alone.variants[1]!.adjustedPValue!).toBeLessThan(rows[0]!.adjustedPValue!);
    expect(result.metrics.map((metric) => metric.metric)).toEqual(['signup', 'revenue']);
    expect(result.metrics[0]!.notes.join(' ')).toMatch(/Holm–Bonferroni adjusted across 4/);
  });

  it('handles an empty metric list', () => {
    expect(analyzeMetrics({ metrics: [] })).toMatchObject({
      comparisons: 0,
      metrics: [],
      notes: ['No metrics to analyse.'],
    });
  });
});

describe('control selection', () => {
  it('uses a variant named control even when it is not first', () => {
    const result = analyzeExperiment({
      kind: 'CONVERSION',
      higherIsBetter: true,
      variants: [conversion('b', 1000, 120), conversion('control', 1000, 100)],
    });
    expect(result.controlVariant).toBe('control');
    expect(result.variants[1]!.isControl).toBe(true);
    expect(result.variants[1]!.absoluteUplift).toBeNull();
    expect(result.variants[0]!.absoluteUplift!.estimate).toBeCloseTo(0.02, 12);
  });

  it('honours controlVariant and reports an unknown one as INVALID_INPUT', () => {
    const variants = [conversion('a', 1000, 120), conversion('b', 1000, 100)];
    expect(
      analyzeExperiment({ kind: 'CONVERSION', higherIsBetter: true, controlVariant: 'b', variants })
        .controlVariant,
    ).toBe('b');
    const missing = analyzeExperiment({
      kind: 'CONVERSION',
      higherIsBetter: true,
      controlVariant: 'x',
      variants,
    });
    expect(missing.status).toBe('INVALID_INPUT');
    expect(missing.notes.join(' ')).toMatch(/"x" is not one of the variants/);
    expect(missing.variants.every((row) => row.pValue === null)).toBe(true);
  });
});

describe('edge cases return defined values with explanations', () => {
  const analyze = (kind: MetricKind, variants: VariantSummary[], extra: object = {}): ExperimentAnalysis => {
    const result = analyzeExperiment({ kind, higherIsBetter: true, variants, ...extra });
    expectAllFinite(result);
    return result;
  };

  it('no variants', () => {
    expect(analyze('CONVERSION', [])).toMatchObject({ status: 'NO_VARIANTS', variants: [], comparisons: 0 });
  });

  it('one variant only', () => {
    const result = analyze('CONVERSION', [conversion('control', 100, 10, 100)]);
    expect(result.status).toBe('SINGLE_VARIANT');
    expect(result.variants[0]).toMatchObject({ rate: 0.1, pValue: null, significant: false });
    expect(result.srm.pValue).toBeNull();
  });

  it('zero users everywhere', () => {
    const result = analyze('CONVERSION', [conversion('control', 0, 0), conversion('b', 0, 0)], {
      minSampleSize: 100,
    });
    expect(result.status).toBe('INSUFFICIENT_DATA');
    expect(result.progress).toBe(0);
    for (const row of result.variants) {
      expect(row).toMatchObject({
        rate: null,
        pValue: null,
        chanceToBeatControl: null,
        status: 'INSUFFICIENT_DATA',
      });
      expect(row.notes).not.toHaveLength(0);
    }
  });

  it('treatment without users next to a healthy control', () => {
    const result = analyze('MEAN', [values('control', [1, 2, 3, 4]), values('b', [])]);
    expect(result.status).toBe('OK');
    expect(result.variants[1]).toMatchObject({ status: 'INSUFFICIENT_DATA', mean: null, pValue: null });
  });

  it('no conversions anywhere (zero variance)', () => {
    const result = analyze('CONVERSION', [conversion('control', 500, 0), conversion('b', 500, 0)], {
      sequential: true,
    });
    const row = result.variants[1]!;
    expect(row).toMatchObject({
      status: 'ZERO_VARIANCE',
      pValue: null,
      relativeUplift: null,
      sequential: null,
    });
    expect(row.absoluteUplift).toEqual({ estimate: 0, lower: 0, upper: 0 });
    expectClose(row.chanceToBeatControl, 0.5, 12);
    expect(row.notes.join(' ')).toMatch(/relative uplift is undefined/);
  });

  it('all conversions everywhere', () => {
    const row = analyze('CONVERSION', [conversion('control', 300, 300), conversion('b', 200, 200)])
      .variants[1]!;
    expect(row).toMatchObject({ status: 'ZERO_VARIANCE', rate: 1, pValue: null });
    expect(row.relativeUplift!.estimate).toBe(0);
  });

  // Issue 18: control −2 and treatment −1 (better) read "−50 %" and violated a guardrail.
  it('a negative control mean: relative uplift is refused with a note and a warning', () => {
    const result = analyze('MEAN', [
      values('control', [-2, -2.5, -1.5, -2]),
      values('b', [-1, -1.2, -0.8, -1]),
    ]);
    const row = result.variants[1]!;
    expect(row.relativeUplift).toBeNull();
    expect(row.absoluteUplift!.estimate).toBeCloseTo(1, 12);
    expect(row.decision).toBe('BETTER');
    expect(row.notes.join(' ')).toMatch(/control mean is negative/);
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ code: 'NON_POSITIVE_CONTROL', variant: 'b' }),
    );
  });

  it('a control mean within noise of 0: relative uplift is refused with a NEAR_ZERO_CONTROL warning', () => {
    const result = analyze('MEAN', [
      values('control', [3, -2.9, 0.2, -0.1, 0.1]),
      values('b', [2, 3, 2.5, 1, 4]),
    ]);
    expect(result.variants[1]!.relativeUplift).toBeNull();
    expect(result.warnings.map((w) => w.code)).toContain('NEAR_ZERO_CONTROL');
  });

  it('warns about low counts for conversions and small means', () => {
    const few = analyze('CONVERSION', [conversion('control', 400, 6), conversion('b', 400, 12)]);
    expect(few.warnings.filter((w) => w.code === 'LOW_COUNTS').map((w) => w.variant)).toEqual(['control']);
    const small = analyze('MEAN', [values('control', [1, 2, 3]), values('b', [2, 3, 4])]);
    expect(small.warnings.filter((w) => w.code === 'LOW_COUNTS')).toHaveLength(2);
    const healthy = analyze('CONVERSION', [conversion('control', 4000, 400), conversion('b', 4000, 420)]);
    expect(healthy.warnings).toEqual([]);
  });

  it('sequential results are not called safe when the normal approximation fails', () => {
    const result = analyze('CONVERSION', [conversion('control', 300, 3), conversion('b', 300, 9)], {
      sequential: true,
    });
    expect(result.variants[1]!.sequential!.assumptionsMet).toBe(false);
    expect(result.warnings.map((w) => w.code)).toContain('SEQUENTIAL_ASSUMPTIONS');
  });

  it('one-sided tests only say BETTER, with half the two-sided p-value', () => {
    const variants = [conversion('control', 5000, 500), conversion('b', 5000, 560)];
    const two = analyze('CONVERSION', variants).variants[1]!;
    const one = analyze('CONVERSION', variants, { oneSided: true });
    expectClose(one.variants[1]!.pValue, two.pValue! / 2, 12);
    expect(one.method).toMatchObject({ sides: 'ONE_SIDED', intervalLevel: 0.9 });
    const worse = analyze('CONVERSION', [conversion('control', 5000, 560), conversion('b', 5000, 500)], {
      oneSided: true,
    }).variants[1]!;
    expect(worse.decision).toBe('INCONCLUSIVE');
    expect(worse.pValue!).toBeGreaterThan(0.5);
  });

  it('Benjamini–Hochberg finds more than Holm on the same comparisons', () => {
    const bh = reference.experiments.find((e) => e.name === 'Benjamini-Hochberg over four variants')!;
    const holm = reference.experiments.find((e) => e.name === 'Holm over the same four variants')!;
    const found = (e: typeof bh) => analyzeExperiment(e.input).variants.filter((r) => r.significant).length;
    expect(found(bh)).toBeGreaterThan(found(holm));
    expect(analyzeExperiment(bh.input).method.correction).toBe('BENJAMINI_HOCHBERG');
  });

  it('control with a zero rate: relative uplift is null with a note, the rest is defined', () => {
    const row = analyze('CONVERSION', [conversion('control', 1000, 0), conversion('b', 1000, 5)])
      .variants[1]!;
    expect(row.status).toBe('OK');
    expect(row.relativeUplift).toBeNull();
    expect(row.pValue!).toBeGreaterThan(0);
    expect(row.notes.join(' ')).toMatch(/control rate is 0/);
  });

  it('zero variance in both means', () => {
    const row = analyze('COUNT', [values('control', [2, 2, 2]), values('b', [3, 3, 3, 3])], {
      sequential: true,
    }).variants[1]!;
    expect(row).toMatchObject({
      status: 'ZERO_VARIANCE',
      pValue: null,
      degreesOfFreedom: null,
      chanceToBeatControl: 1,
    });
    expect(row.absoluteUplift).toEqual({ estimate: 1, lower: 1, upper: 1 });
    expect(row.expectedLoss).toBe(0);
  });

  it('a healthy treatment next to an empty control is INSUFFICIENT_DATA, not OK', () => {
    const result = analyze('CONVERSION', [conversion('control', 0, 0), conversion('b', 200, 20)]);
    expect(result.status).toBe('INSUFFICIENT_DATA');
    expect(result.variants[1]).toMatchObject({ status: 'INSUFFICIENT_DATA', rate: 0.1, pValue: null });
    expect(result.variants[1]!.notes.join(' ')).toMatch(/control has no usable data/);
  });

  it('surfaces a sample-ratio mismatch in the experiment notes', () => {
    const result = analyze('CONVERSION', [conversion('control', 10000, 1000), conversion('b', 10600, 1060)]);
    expect(result.srm.warning).toBe(true);
    expect(result.notes.join(' ')).toMatch(/Sample-ratio mismatch/);
  });

  it('a single user per variant', () => {
    const result = analyze('MEAN', [values('control', [5]), values('b', [6])]);
    expect(result.status).toBe('INSUFFICIENT_DATA');
    expect(result.variants[0]).toMatchObject({ mean: 5, variance: null });
  });

  it('inconsistent input is INVALID_INPUT, not an exception', () => {
    const result = analyze('CONVERSION', [conversion('control', 10, 20), conversion('b', 10, 2)]);
    expect(result.status).toBe('INVALID_INPUT');
    expect(result.variants[0]!.status).toBe('INVALID_INPUT');
    const nan = analyze('MEAN', [values('control', [1, 2]), { ...values('b', [1, 2]), sum: Number.NaN }]);
    expect(nan.variants[1]!.status).toBe('INVALID_INPUT');
    expect(nan.variants[1]!.mean).toBeNull();
  });

  it('a bad alpha falls back to 0.05 with a note', () => {
    const result = analyze('CONVERSION', [conversion('control', 100, 10), conversion('b', 100, 12)], {
      alpha: 2,
    });
    expect(result.alpha).toBe(0.05);
    expect(result.notes.join(' ')).toMatch(/alpha must be between 0 and 1/);
  });

  it('duplicate variant keys are noted', () => {
    const result = analyze('CONVERSION', [conversion('control', 100, 10), conversion('control', 100, 12)]);
    expect(result.notes.join(' ')).toMatch(/appears more than once/);
  });
});

describe('options', () => {
  const variants = [conversion('control', 4000, 400), conversion('b', 4000, 470)];

  it('reports progress per variant and overall', () => {
    const result = analyzeExperiment({
      kind: 'CONVERSION',
      higherIsBetter: true,
      minSampleSize: 8000,
      variants,
    });
    expect(result.variants.map((row) => row.progress)).toEqual([0.5, 0.5]);
    expect(result.progress).toBe(0.5);
    expect(analyzeExperiment({ kind: 'CONVERSION', higherIsBetter: true, variants }).progress).toBeNull();
  });

  it('tunes the sequential test from minSampleSize, else a documented default', () => {
    const fromMin = analyzeExperiment({
      kind: 'CONVERSION',
      higherIsBetter: true,
      sequential: true,
      minSampleSize: 8000,
      variants,
    });
    expect(fromMin.sequential).toEqual({
      method: 'NORMAL_MIXTURE_MSPRT',
      tuningSampleSize: 8000,
      tuningSource: 'MIN_SAMPLE_SIZE',
    });
    const byDefault = analyzeExperiment({
      kind: 'CONVERSION',
      higherIsBetter: true,
      sequential: true,
      variants,
    });
    expect(byDefault.sequential?.tuningSource).toBe('DEFAULT');
    const row = fromMin.variants[1]!;
    expect(row.sequential!.pValue).toBeGreaterThan(row.pValue!);
    expect(row.sequential!.absoluteUplift.upper - row.sequential!.absoluteUplift.lower).toBeGreaterThan(
      row.absoluteUplift!.upper - row.absoluteUplift!.lower,
    );
    expect(row.sequential!.significant).toBe(row.sequential!.adjustedPValue! <= 0.05);
    expect(
      analyzeExperiment({ kind: 'CONVERSION', higherIsBetter: true, variants }).variants[1]!.sequential,
    ).toBeNull();
  });

  it('higherIsBetter flips chance to beat control but not the two-sided p-value', () => {
    const up = analyzeExperiment({ kind: 'CONVERSION', higherIsBetter: true, variants }).variants[1]!;
    const down = analyzeExperiment({ kind: 'CONVERSION', higherIsBetter: false, variants }).variants[1]!;
    expect(down.pValue).toBe(up.pValue);
    expectClose(up.chanceToBeatControl! + down.chanceToBeatControl!, 1, 12);
    expect(down.expectedLoss!).toBeGreaterThan(up.expectedLoss!);
  });

  it('uses 1 − alpha as the interval level', () => {
    const narrow = analyzeExperiment({ kind: 'CONVERSION', higherIsBetter: true, alpha: 0.2, variants })
      .variants[1]!;
    const wide = analyzeExperiment({ kind: 'CONVERSION', higherIsBetter: true, alpha: 0.01, variants })
      .variants[1]!;
    expect(wide.absoluteUplift!.upper - wide.absoluteUplift!.lower).toBeGreaterThan(
      narrow.absoluteUplift!.upper - narrow.absoluteUplift!.lower,
    );
  });
});
