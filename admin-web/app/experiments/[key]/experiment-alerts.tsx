'use client';

import { When } from '../../components/ui';

export interface ExperimentAlert {
  id: string;
  kind: 'SIGNIFICANT' | 'GUARDRAIL_VIOLATED' | 'SAMPLE_RATIO_MISMATCH';
  analysisPeriod: number;
  metricKey?: string | null;
  variant?: string | null;
  detail: unknown;
  noticedAt: string;
}

interface Detail {
  metricName?: string;
  direction?: 'BETTER' | 'WORSE';
  method?: string;
  adjustedPValue?: number | null;
  relativeUplift?: { estimate: number; lower: number; upper: number } | null;
  threshold?: number | null;
  observed?: number[];
  expected?: number[];
  pValue?: number | null;
}

const pct = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`;
const p = (v: number | null | undefined) => (v == null ? '—' : v < 0.0001 ? '< 0.0001' : v.toPrecision(2));

function describe(a: ExperimentAlert): {
  tone: 'success' | 'warning' | 'error';
  title: string;
  facts: string;
} {
  const d = (a.detail ?? {}) as Detail;
  const metric = d.metricName ?? a.metricKey ?? '';
  const uplift = d.relativeUplift
    ? `${pct(d.relativeUplift.estimate)} (${pct(d.relativeUplift.lower)} to ${pct(d.relativeUplift.upper)})`
    : 'relative change not defined';
  switch (a.kind) {
    case 'SIGNIFICANT':
      return {
        tone: d.direction === 'WORSE' ? 'error' : 'success',
        title: `${a.variant} is ${d.direction === 'WORSE' ? 'worse' : 'better'} than control on ${metric}`,
        facts: `${uplift} · adjusted p ${p(d.adjustedPValue)} · ${d.method ?? ''}`,
      };
    case 'GUARDRAIL_VIOLATED':
      return {
        tone: 'error',
        title: `${a.variant} violates the guardrail ${metric}`,
        facts: `${uplift}${d.threshold != null ? ` · allowed ${(d.threshold * 100).toFixed(1)}% worse` : ''}`,
      };
    case 'SAMPLE_RATIO_MISMATCH':
      return {
        tone: 'warning',
        title: 'Sample ratio mismatch: do not trust the results until the cause is found',
        facts: `observed ${d.observed?.join(' / ') ?? '—'}, expected ${d.expected?.join(' / ') ?? '—'} · p ${p(d.pValue)}`,
      };
  }
}

/**
 * What the watcher noticed while the experiment ran (the same alerts go to Slack and webhooks).
 * Shown while it runs, so people know it is being watched, and afterwards when there is anything.
 */
export function ExperimentAlerts({ alerts, running }: { alerts: ExperimentAlert[]; running: boolean }) {
  if (alerts.length === 0 && !running) return null;
  return (
    <section className="card" aria-labelledby="alerts-title" data-testid="experiment-alerts">
      <h2 id="alerts-title">Alerts</h2>
      {alerts.length === 0 ? (
        <p className="muted">
          Nothing noticed yet. Switchyard looks at the results every few minutes and tells your integrations
          when the primary metric reaches significance, a guardrail is violated or the split goes off.
        </p>
      ) : (
        <ul className="plain-list">
          {alerts.map((a) => {
            const { tone, title, facts } = describe(a);
            return (
              <li key={a.id} className={`alert alert--${tone}`} data-kind={a.kind}>
                <p className="alert__title">{title}</p>
                <p>
                  {facts} · analysis period {a.analysisPeriod} · <When at={a.noticedAt} />
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
