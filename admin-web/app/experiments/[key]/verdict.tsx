// The one place a comparison's verdict is written out, for the metric cards, the CUPED view and
// the breakdown table alike, so a slice or an adjusted comparison reads as the main result does.

export interface ComparisonMethod {
  test: string;
  sides: string;
  correction: string;
  intervalLevel: number;
}

interface Estimate {
  estimate: number;
  lower: number;
  upper: number;
}

export interface Comparison {
  decision: string;
  relativeUplift?: Estimate | null;
  absoluteUplift?: Estimate | null;
}

const TEST_NAMES: Record<string, string> = {
  TWO_PROPORTION_Z_TEST: 'two-proportion z-test',
  WELCH_T_TEST: "Welch's t-test",
  DELTA_METHOD_Z_TEST: 'z-test of ratios (delta method)',
  QUANTILE_Z_TEST: 'z-test of quantiles (order-statistic intervals)',
};
export const testName = (test: string) => TEST_NAMES[test] ?? test;
export const correctionName = (c: string) => (c === 'BENJAMINI_HOCHBERG' ? 'Benjamini–Hochberg' : 'Holm');
export const levelText = (level: number) => `${Number((level * 100).toPrecision(3))}%`;
export const sidesText = (sides: string) => (sides === 'ONE_SIDED' ? 'one-sided' : 'two-sided');

const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
const num = (v: number) => v.toFixed(3);

const LABELS: Record<string, string> = {
  BETTER: 'Better',
  WORSE: 'Worse',
  INCONCLUSIVE: 'Inconclusive',
  NOT_TESTED: 'Not tested',
};

/**
 * The decision, the uplift and the interval it was reached with (relative when the control allows
 * a ratio, else absolute), and the method behind it.
 */
export function Verdict({
  comparison: v,
  method,
  isRate,
}: {
  comparison: Comparison;
  method: ComparisonMethod;
  isRate: boolean;
}) {
  const cls = v.decision === 'BETTER' ? 'sig sig--yes' : v.decision === 'WORSE' ? 'sig sig--bad' : 'sig';
  const absolute = isRate ? pct : num;
  const uplift = v.relativeUplift
    ? `${pct(v.relativeUplift.estimate)} (${pct(v.relativeUplift.lower)} to ${pct(v.relativeUplift.upper)})`
    : v.absoluteUplift
      ? `${absolute(v.absoluteUplift.estimate)} absolute (${absolute(v.absoluteUplift.lower)} to ${absolute(v.absoluteUplift.upper)})`
      : '—';
  return (
    <span data-decision={v.decision}>
      <strong className={cls}>{LABELS[v.decision] ?? v.decision}</strong> {uplift}{' '}
      <span className="muted">
        · {levelText(method.intervalLevel)} interval, {testName(method.test)}, {sidesText(method.sides)},{' '}
        {correctionName(method.correction)}
      </span>
    </span>
  );
}
