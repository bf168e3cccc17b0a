/**
 * What the watcher tells a team about a running experiment, derived from analytics' results.
 *
 * The watcher looks every few minutes, which is peeking: a fixed-horizon p-value checked that often
 * crosses alpha by chance far more often than alpha says. So significance is announced from the
 * always-valid (sequential) comparison while its assumptions hold, and from the fixed-horizon one
 * only once the planned sample is collected. Nothing is called significant while the sample ratio
 * is off: the split itself is suspect then, and that is the alert instead.
 */

export type AlertKind = 'SIGNIFICANT' | 'GUARDRAIL_VIOLATED' | 'SAMPLE_RATIO_MISMATCH';

interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

/** The slice of analytics' `ExperimentAnalysis` the watcher reads (see AnalyticsClient.analysis). */
export interface WatchedAnalysis {
  metrics: {
    metricKey: string;
    role: 'PRIMARY' | 'SECONDARY' | 'GUARDRAIL' | 'OTHER';
    status: string;
    stale: boolean;
    higherIsBetter: boolean;
    progress: number | null;
    metric: { name: string; guardrailThreshold: number | null };
    sampleRatio: { warning: boolean; pValue: number | null; observed: number[]; expected: number[] };
    variants: {
      variant: string;
      isControl: boolean;
      users: number;
      significant: boolean;
      decision: string;
      adjustedPValue: number | null;
      relativeUplift: Interval | null;
      absoluteUplift: Interval | null;
      guardrailViolated: boolean | null;
      sequential: { significant: boolean; assumptionsMet: boolean; adjustedPValue: number | null } | null;
    }[];
  }[];
}

export interface Alert {
  kind: AlertKind;
  /** '' when the alert is about the whole experiment (sample ratio). */
  metricKey: string;
  variant: string;
  detail: Record<string, unknown>;
}

/** The findings in one look at the results; the caller announces each once per analysis period. */
export function alertsOf(analysis: WatchedAnalysis): Alert[] {
  const metrics = analysis.metrics.filter((m) => m.status === 'OK' && !m.stale);
  const srm = metrics.find((m) => m.role === 'PRIMARY') ?? metrics[0];
  if (srm?.sampleRatio.warning) {
    return [
      {
        kind: 'SAMPLE_RATIO_MISMATCH',
        metricKey: '',
        variant: '',
        detail: {
          pValue: srm.sampleRatio.pValue,
          observed: srm.sampleRatio.observed,
          expected: srm.sampleRatio.expected.map((e) => Math.round(e * 10) / 10),
        },
      },
    ];
  }
  const alerts: Alert[] = [];
  for (const m of metrics) {
    for (const v of m.variants) {
      if (v.isControl) continue;
      const base = { metricKey: m.metricKey, variant: v.variant };
      const effect = {
        metricName: m.metric.name,
        users: v.users,
        relativeUplift: v.relativeUplift,
        absoluteUplift: v.absoluteUplift,
      };
      if (m.role === 'GUARDRAIL' && v.guardrailViolated) {
        alerts.push({
          kind: 'GUARDRAIL_VIOLATED',
          ...base,
          detail: { ...effect, threshold: m.metric.guardrailThreshold },
        });
      }
      if (m.role !== 'PRIMARY') continue;
      const significance = significanceOf(m, v);
      if (significance) alerts.push({ kind: 'SIGNIFICANT', ...base, detail: { ...effect, ...significance } });
    }
  }
  return alerts;
}

type Metric = WatchedAnalysis['metrics'][number];

function significanceOf(m: Metric, v: Metric['variants'][number]) {
  let method: 'sequential' | 'fixed-horizon';
  let pValue: number | null;
  if (v.sequential?.assumptionsMet) {
    if (!v.sequential.significant) return null;
    method = 'sequential';
    pValue = v.sequential.adjustedPValue;
  } else {
    if (!v.significant || (m.progress ?? 0) < 1) return null;
    method = 'fixed-horizon';
    pValue = v.adjustedPValue;
  }
  const difference = v.absoluteUplift?.estimate ?? 0;
  const better = m.higherIsBetter ? difference > 0 : difference < 0;
  return { direction: better ? 'BETTER' : 'WORSE', method, adjustedPValue: pValue };
}
