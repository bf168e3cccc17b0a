import { alertsOf, type WatchedAnalysis } from './experiment-alerts';

type Metric = WatchedAnalysis['metrics'][number];
type Variant = Metric['variants'][number];

const uplift = (estimate: number) => ({ estimate, lower: estimate - 0.01, upper: estimate + 0.01 });
const control: Variant = {
  variant: 'control',
  isControl: true,
  users: 500,
  significant: false,
  decision: 'NOT_TESTED',
  adjustedPValue: null,
  relativeUplift: null,
  absoluteUplift: null,
  guardrailViolated: null,
  sequential: null,
};
const treatment = (over: Partial<Variant> = {}): Variant => ({
  ...control,
  variant: 'treatment',
  isControl: false,
  significant: true,
  decision: 'BETTER',
  adjustedPValue: 0.01,
  relativeUplift: uplift(0.2),
  absoluteUplift: uplift(0.05),
  sequential: { significant: true, assumptionsMet: true, adjustedPValue: 0.02 },
  ...over,
});
const metric = (over: Partial<Metric> = {}): Metric => ({
  metricKey: 'buy',
  role: 'PRIMARY',
  status: 'OK',
  stale: false,
  higherIsBetter: true,
  progress: 0.5,
  metric: { name: 'Purchases', guardrailThreshold: null },
  sampleRatio: { warning: false, pValue: 0.6, observed: [500, 500], expected: [500, 500] },
  variants: [control, treatment()],
  ...over,
});

describe('experiment alerts', () => {
  it('calls a primary metric significant from the sequential comparison while its assumptions hold', () => {
    expect(alertsOf({ metrics: [metric()] })).toEqual([
      {
        kind: 'SIGNIFICANT',
        metricKey: 'buy',
        variant: 'treatment',
        detail: expect.objectContaining({ direction: 'BETTER', method: 'sequential', adjustedPValue: 0.02 }),
      },
    ]);
    const notYet = treatment({
      sequential: { significant: false, assumptionsMet: true, adjustedPValue: 0.3 },
    });
    // Fixed-horizon significant at half the planned sample is what peeking makes up: not announced.
    expect(alertsOf({ metrics: [metric({ variants: [control, notYet] })] })).toEqual([]);
  });

  it('falls back to the fixed-horizon verdict only once the planned sample is in', () => {
    const noSequential = treatment({
      sequential: { significant: true, assumptionsMet: false, adjustedPValue: 0.001 },
    });
    expect(alertsOf({ metrics: [metric({ variants: [control, noSequential] })] })).toEqual([]);
    const [alert] = alertsOf({ metrics: [metric({ progress: 1, variants: [control, noSequential] })] });
    expect(alert!.detail).toMatchObject({ method: 'fixed-horizon', adjustedPValue: 0.01 });
  });

  it('names the direction by the metric: lower is better turns a rise into WORSE', () => {
    const [alert] = alertsOf({ metrics: [metric({ higherIsBetter: false })] });
    expect(alert!.detail.direction).toBe('WORSE');
  });

  it('reports violated guardrails, and significance only for the primary metric', () => {
    const guardrail = metric({
      metricKey: 'latency',
      role: 'GUARDRAIL',
      metric: { name: 'Latency', guardrailThreshold: 0.02 },
      variants: [control, treatment({ guardrailViolated: true })],
    });
    const secondary = metric({ metricKey: 'views', role: 'SECONDARY' });
    expect(alertsOf({ metrics: [guardrail, secondary] }).map((a) => [a.kind, a.metricKey])).toEqual([
      ['GUARDRAIL_VIOLATED', 'latency'],
    ]);
  });

  it('gives only the sample ratio mismatch while the split is off, and skips stale or failed metrics', () => {
    const srm = metric({
      sampleRatio: { warning: true, pValue: 1e-9, observed: [700, 300], expected: [500, 500] },
    });
    expect(alertsOf({ metrics: [srm] })).toEqual([
      {
        kind: 'SAMPLE_RATIO_MISMATCH',
        metricKey: '',
        variant: '',
        detail: { pValue: 1e-9, observed: [700, 300], expected: [500, 500] },
      },
    ]);
    expect(alertsOf({ metrics: [metric({ stale: true }), metric({ status: 'INSUFFICIENT_DATA' })] })).toEqual(
      [],
    );
  });
});
