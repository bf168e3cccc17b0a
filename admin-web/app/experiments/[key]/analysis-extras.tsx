'use client';

import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../../lib/gql';
import { graphErrors } from '../../../lib/graph-errors';
import { ErrorList, Switch } from '../../components/ui';
import { Verdict } from './verdict';

// CUPED and breakdowns read their own queries, so the main results query stays as small as it is
// and these views load only when opened.
const ExperimentCupedDocument = graphql(`
  query ExperimentCuped($key: String!, $project: String) {
    experiment(key: $key, project: $project) {
      key
      analysis {
        metrics {
          metricKey
          kind
          metric {
            name
          }
          method {
            test
            sides
            correction
            intervalLevel
          }
          cuped {
            status
            preWindowHours
            correlation
            varianceReduction
            notes
          }
          variants {
            variant
            isControl
            decision
            absoluteUplift {
              estimate
              lower
              upper
            }
            relativeUplift {
              estimate
              lower
              upper
            }
            cuped {
              adjustedMean
              varianceReduction
              absoluteUplift {
                estimate
                lower
                upper
              }
              relativeUplift {
                estimate
                lower
                upper
              }
              adjustedPValue
              decision
            }
          }
        }
      }
    }
  }
`);

const ExperimentBreakdownDocument = graphql(`
  query ExperimentBreakdown($key: String!, $project: String, $metricKey: String!, $dimension: String!) {
    exposureAttributes
    experiment(key: $key, project: $project) {
      key
      breakdown(metricKey: $metricKey, dimension: $dimension) {
        comparisons
        notes
        slices {
          value
          users
          status
          kind
          method {
            test
            sides
            correction
            intervalLevel
          }
          variants {
            variant
            isControl
            users
            rate
            mean
            absoluteUplift {
              estimate
              lower
              upper
            }
            relativeUplift {
              estimate
              lower
              upper
            }
            adjustedPValue
            decision
          }
        }
      }
    }
  }
`);

const pct = (v: number | null | undefined, digits = 1) => (v == null ? '—' : `${(v * 100).toFixed(digits)}%`);
const pValue = (v: number | null | undefined) => (v == null ? '—' : v < 0.0001 ? '< 0.0001' : v.toFixed(4));

/** The results page's CUPED view (off by default) and breakdown table, below the metric cards. */
export function AnalysisExtras({
  experimentKey,
  metrics,
}: {
  experimentKey: string;
  metrics: { key: string; name: string }[];
}) {
  return (
    <>
      <CupedView experimentKey={experimentKey} />
      {metrics.length > 0 ? <BreakdownTable experimentKey={experimentKey} metrics={metrics} /> : null}
    </>
  );
}

function CupedView({ experimentKey }: { experimentKey: string }) {
  const [on, setOn] = useState(false);
  const [{ data, error }] = useQuery({
    query: ExperimentCupedDocument,
    variables: { key: experimentKey },
    pause: typeof window === 'undefined' || !on,
  });
  return (
    <section className="card" aria-labelledby="cuped-title" data-testid="cuped">
      <h2 id="cuped-title">Adjusted with pre-exposure data (CUPED)</h2>
      <div className="toolbar">
        <Switch checked={on} onChange={setOn} label="CUPED adjustment" testId="cuped-switch" />
        <span className="muted">
          Each user's value is adjusted by their value of the same metric just before their first exposure:
          same effect, narrower interval when the two correlate.
        </span>
      </div>
      <ErrorList messages={graphErrors(error).general} title="CUPED results could not be loaded." />
      {on && data?.experiment
        ? data.experiment.analysis.metrics.map((m) => (
            <div key={m.metricKey} className="table-scroll">
              <h3>{m.metric.name}</h3>
              {m.cuped.status === 'OK' ? (
                <p className="muted" data-testid={`cuped-reduction-${m.metricKey}`}>
                  Pre-period {m.cuped.preWindowHours} h · correlation {m.cuped.correlation?.toFixed(3)} ·
                  variance reduced by {pct(m.cuped.varianceReduction)}
                </p>
              ) : (
                <p className="muted">{m.cuped.notes.join(' ')}</p>
              )}
              <table className="data-table">
                <caption className="visually-hidden">CUPED-adjusted results for {m.metric.name}</caption>
                <thead>
                  <tr>
                    <th scope="col">Variant</th>
                    <th scope="col">Without CUPED</th>
                    <th scope="col">With CUPED</th>
                    <th scope="col" className="num">
                      p-value with CUPED (adjusted)
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {m.variants
                    .filter((v) => !v.isControl)
                    .map((v) => (
                      <tr key={v.variant}>
                        <th scope="row">
                          <code>{v.variant}</code>
                        </th>
                        <td data-testid="cuped-unadjusted">
                          <Verdict comparison={v} method={m.method} isRate={m.kind === 'CONVERSION'} />
                        </td>
                        <td data-testid="cuped-adjusted">
                          {v.cuped ? (
                            <Verdict
                              comparison={v.cuped}
                              method={m.method}
                              isRate={m.kind === 'CONVERSION'}
                            />
                          ) : (
                            '—'
                          )}
                        </td>
                        <td className="num">{pValue(v.cuped?.adjustedPValue)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          ))
        : null}
    </section>
  );
}

function BreakdownTable({
  experimentKey,
  metrics,
}: {
  experimentKey: string;
  metrics: { key: string; name: string }[];
}) {
  const [metricKey, setMetricKey] = useState(metrics[0]!.key);
  const [dimension, setDimension] = useState('country');
  const [{ data, error, fetching }] = useQuery({
    query: ExperimentBreakdownDocument,
    variables: { key: experimentKey, metricKey, dimension },
    pause: typeof window === 'undefined',
  });
  const breakdown = data?.experiment?.breakdown;
  return (
    <section className="card" aria-labelledby="breakdown-title" data-testid="breakdown">
      <h2 id="breakdown-title">Breakdown</h2>
      <div className="toolbar">
        <label className="field">
          Metric
          <select value={metricKey} onChange={(e) => setMetricKey(e.target.value)}>
            {metrics.map((m) => (
              <option key={m.key} value={m.key}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          By
          <select value={dimension} onChange={(e) => setDimension(e.target.value)}>
            {(data?.exposureAttributes ?? [dimension]).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorList messages={graphErrors(error).general} title="The breakdown could not be loaded." />
      {fetching && !breakdown ? <p className="loading">Loading breakdown…</p> : null}
      {breakdown ? (
        <>
          <p className="alert" role="note" data-testid="breakdown-warning">
            {breakdown.notes[0]}
          </p>
          <div className="table-scroll">
            <table className="data-table" data-testid="breakdown-table">
              <caption className="visually-hidden">
                Results by {dimension}, corrected across {breakdown.comparisons} comparisons
              </caption>
              <thead>
                <tr>
                  <th scope="col">{dimension}</th>
                  <th scope="col">Variant</th>
                  <th scope="col" className="num">
                    Users
                  </th>
                  <th scope="col" className="num">
                    Rate or mean
                  </th>
                  <th scope="col">Verdict, uplift (interval) and method</th>
                  <th scope="col" className="num">
                    p-value (adjusted)
                  </th>
                </tr>
              </thead>
              <tbody>
                {breakdown.slices.flatMap((s) =>
                  s.variants
                    .filter((v) => !v.isControl)
                    .map((v) => (
                      <tr key={`${s.value}:${v.variant}`}>
                        <th scope="row">{s.value}</th>
                        <td>
                          <code>{v.variant}</code>
                        </td>
                        <td className="num">{v.users.toLocaleString('en')}</td>
                        <td className="num">{v.rate != null ? pct(v.rate) : (v.mean?.toFixed(3) ?? '—')}</td>
                        <td data-testid="slice-verdict">
                          <Verdict comparison={v} method={s.method} isRate={s.kind === 'CONVERSION'} />
                        </td>
                        <td className="num">{pValue(v.adjustedPValue)}</td>
                      </tr>
                    )),
                )}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
