'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { graphql } from '../../../lib/gql';
import type { ExperimentResultsQuery } from '../../../lib/gql/graphql';
import { AnalysisExtras } from './analysis-extras';
import { AnalysisSettings } from './analysis-settings';
import { graphErrors } from '../../../lib/graph-errors';
import { ConfirmDialog, ErrorList, Loading, StatusBadge, When } from '../../components/ui';
import { useConsole } from '../../console-context';
import { useHighlights } from '../../live';
import { DailyChart, TrafficChart } from './daily-chart';
import { type ExperimentAlert, ExperimentAlerts } from './experiment-alerts';
import { ScheduleEditor } from './schedule-editor';
import { correctionName, levelText, sidesText, testName, Verdict } from './verdict';

const ExperimentResultsDocument = graphql(`
  query ExperimentResults($key: String!, $project: String) {
    experiment(key: $key, project: $project) {
      key
      name
      description
      hypothesis
      environment
      flagKey
      status
      version
      trafficAllocation
      exposures
      minSampleSize
      alpha
      multipleTestingCorrection
      primaryMetric
      startedAt
      completedAt
      analysisStartedAt
      startsAt
      endsAt
      scheduleError
      layer {
        key
        rangeStart
        rangeEnd
      }
      winner
      completionReason
      variants {
        key
        weight
      }
      alerts {
        id
        kind
        analysisPeriod
        metricKey
        variant
        detail
        noticedAt
      }
      analysis {
        alpha
        comparisons
        notes
        metrics {
          metricKey
          metric {
            name
          }
          role
          kind
          test
          higherIsBetter
          confidenceLevel
          controlVariant
          minSampleSize
          progress
          status
          notes
          method {
            test
            sides
            correction
            comparisons
            intervalLevel
          }
          warnings {
            code
            variant
            message
          }
          capping {
            type
            value
            threshold
            cappedUsers
          }
          sampleRatio {
            warning
            pValue
            expected
            observed
          }
          variants {
            variant
            isControl
            users
            conversions
            rate
            mean
            interval {
              lower
              upper
            }
            progress
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
            pValue
            adjustedPValue
            significant
            decision
            chanceToBeatControl
            guardrailViolated
            status
          }
          daily {
            date
            variants {
              variant
              users
              estimate
              interval {
                lower
                upper
              }
            }
          }
        }
      }
    }
  }
`);

const ResultsUpdatedDocument = graphql(`
  subscription ExperimentResultsUpdated($key: String!, $project: String) {
    experimentResultsUpdated(experimentKey: $key, project: $project) {
      key
      version
      status
      exposures
    }
  }
`);

const StartDocument = graphql(`
  mutation StartExperiment($key: String!, $project: String, $v: Int) {
    startExperiment(key: $key, project: $project, expectedVersion: $v) {
      key
      status
      version
    }
  }
`);
const PauseDocument = graphql(`
  mutation PauseExperiment($key: String!, $project: String, $v: Int) {
    pauseExperiment(key: $key, project: $project, expectedVersion: $v) {
      key
      status
      version
    }
  }
`);
const ResumeDocument = graphql(`
  mutation ResumeExperiment($key: String!, $project: String, $v: Int) {
    resumeExperiment(key: $key, project: $project, expectedVersion: $v) {
      key
      status
      version
    }
  }
`);
const RestartDocument = graphql(`
  mutation RestartExperiment($key: String!, $project: String, $v: Int) {
    restartExperiment(key: $key, project: $project, expectedVersion: $v) {
      key
      status
      version
      analysisStartedAt
    }
  }
`);
const CompleteDocument = graphql(`
  mutation CompleteExperiment($key: String!, $project: String, $winner: String!, $rollOut: Boolean, $v: Int) {
    completeExperiment(key: $key, project: $project, winner: $winner, rollOut: $rollOut, expectedVersion: $v) {
      key
      status
      version
      winner
    }
  }
`);

type Experiment = NonNullable<ExperimentResultsQuery['experiment']>;
type MetricResult = Experiment['analysis']['metrics'][number];

const COMPLETION_REASONS: Record<NonNullable<Experiment['completionReason']>, string> = {
  WINNER_CHOSEN: 'Completed: a winner was chosen.',
  SCHEDULE_ENDED:
    'Completed: its scheduled end was reached, without a winner. Read the results and ship by hand.',
};

/** Users per variant over time; every metric counts the same exposed users, so the primary's series is used. */
function Traffic({ metrics }: { metrics: MetricResult[] }) {
  const m = metrics.find((r) => r.role === 'PRIMARY') ?? metrics[0];
  if (!m || m.daily.length === 0) return null;
  return (
    <section className="card" aria-labelledby="traffic-title">
      <h2 id="traffic-title">Traffic per variant</h2>
      <TrafficChart daily={m.daily} />
    </section>
  );
}

const pct = (v: number | null | undefined, digits = 2) => (v == null ? '—' : `${(v * 100).toFixed(digits)}%`);
const num = (v: number | null | undefined, digits = 3) => (v == null ? '—' : v.toFixed(digits));
const pValue = (v: number | null | undefined) => (v == null ? '—' : v < 0.0001 ? '< 0.0001' : v.toFixed(4));

export function ExperimentPage({ experimentKey }: { experimentKey: string }) {
  const { canEditIn } = useConsole();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ExperimentResultsDocument,
    variables: { key: experimentKey },
    pause: typeof window === 'undefined',
  });
  const [live] = useSubscription({
    query: ResultsUpdatedDocument,
    variables: { key: experimentKey },
    pause: typeof window === 'undefined',
  });
  const [highlighted, highlight] = useHighlights(2000);
  const liveVersion = live.data?.experimentResultsUpdated;
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch on every pushed update
  useEffect(() => {
    if (!liveVersion) return;
    highlight('results');
    refetch({ requestPolicy: 'network-only' });
  }, [liveVersion]);

  if (!data) {
    if (error && !fetching)
      return <ErrorList title="The experiment could not be loaded." messages={graphErrors(error).general} />;
    return <Loading what="the experiment" />;
  }
  const x = data.experiment;
  if (!x) {
    return (
      <div className="card">
        <h1>No experiment “{experimentKey}”</h1>
        <Link href="/experiments">Back to the experiments</Link>
      </div>
    );
  }
  return (
    <>
      <nav aria-label="Breadcrumb" className="muted">
        <Link href="/experiments">Experiments</Link> / <code>{x.key}</code>
      </nav>
      <header className="page-header">
        <h1>
          {x.name} <StatusBadge status={x.status} />
        </h1>
        <p>
          Flag{' '}
          <Link href={`/flags/${encodeURIComponent(x.flagKey)}`}>
            <code>{x.flagKey}</code>
          </Link>{' '}
          in {x.environment} · {x.exposures.toLocaleString('en')} users exposed · traffic{' '}
          {x.trafficAllocation}% · started <When at={x.startedAt} />
          {x.analysisStartedAt && x.analysisStartedAt !== x.startedAt ? (
            <>
              {' '}
              · analysis restarted <When at={x.analysisStartedAt} />
            </>
          ) : null}
          {x.winner ? ` · winner ${x.winner}` : ''}
        </p>
        {x.hypothesis ? <p>Hypothesis: {x.hypothesis}</p> : null}
        {x.completionReason ? (
          <p data-testid="completion-reason" data-reason={x.completionReason}>
            {COMPLETION_REASONS[x.completionReason]}
          </p>
        ) : null}
      </header>
      <Actions experiment={x} />
      <ExperimentAlerts alerts={x.alerts as ExperimentAlert[]} running={x.status === 'RUNNING'} />
      <ScheduleEditor experiment={x} editable={canEditIn(x.environment)} />
      <AnalysisSettings experiment={x} editable={canEditIn(x.environment) && x.status !== 'COMPLETED'} />
      <div className={highlighted.has('results') ? 'live-highlight' : undefined} data-testid="results">
        {x.analysis.notes.length > 0 ? (
          <ul className="muted">
            {x.analysis.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        ) : null}
        {x.analysis.metrics.length === 0 ? <p className="loading">No metric to analyse yet.</p> : null}
        <Traffic metrics={x.analysis.metrics} />
        {x.analysis.metrics.map((m) => (
          <MetricCard key={m.metricKey} m={m} />
        ))}
        <AnalysisExtras
          experimentKey={x.key}
          metrics={x.analysis.metrics.map((m) => ({ key: m.metricKey, name: m.metric.name }))}
        />
      </div>
    </>
  );
}

const WARNING_LABELS: Record<string, string> = {
  LOW_COUNTS: 'Low counts',
  SKEWED: 'Too skewed for its sample',
  NEAR_ZERO_CONTROL: 'Control near 0',
  NON_POSITIVE_CONTROL: 'Control ≤ 0',
  SAMPLE_RATIO_MISMATCH: 'Sample ratio mismatch',
  SEQUENTIAL_ASSUMPTIONS: 'Peeking not safe',
};

const warningLabel = (code: string) => WARNING_LABELS[code] ?? code;

function MetricCard({ m }: { m: MetricResult }) {
  const isRate = m.kind === 'CONVERSION';
  return (
    <section className="card" aria-labelledby={`metric-${m.metricKey}`}>
      <h2 id={`metric-${m.metricKey}`}>
        {m.metric.name} <span className="status">{m.role.toLowerCase()}</span>
      </h2>
      <p className="muted">
        {m.test === 'TWO_PROPORTION_Z_TEST' ? 'Two-proportion z-test' : "Welch's t-test"} ·{' '}
        {Math.round(m.confidenceLevel * 100)}% confidence ·{' '}
        {m.higherIsBetter ? 'higher is better' : 'lower is better'}
        {m.minSampleSize ? ` · minimum ${m.minSampleSize.toLocaleString('en')} users per variant` : ''}
      </p>
      {m.sampleRatio.warning ? (
        <p className="alert alert--error" role="alert" data-testid="srm-warning">
          Sample ratio mismatch (p = {num(m.sampleRatio.pValue, 5)}): the split does not match the weights
          (observed {m.sampleRatio.observed.join(' / ')}). Distrust these results until the cause is found.
        </p>
      ) : null}
      {m.progress != null ? (
        <div className="progress-row">
          <label htmlFor={`progress-${m.metricKey}`}>Progress to the minimum sample size</label>
          <progress id={`progress-${m.metricKey}`} max={1} value={Math.min(1, m.progress)}>
            {pct(m.progress, 0)}
          </progress>
          <span>{pct(Math.min(1, m.progress), 0)}</span>
        </div>
      ) : null}
      <div className="table-scroll">
        <table className="data-table" data-testid="results-table">
          <caption className="visually-hidden">Results per variant for {m.metric.name}</caption>
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col" className="num">
                Users
              </th>
              <th scope="col" className="num">
                {isRate ? 'Conversion rate' : 'Mean'}
              </th>
              <th scope="col">Verdict, uplift and its interval</th>
              <th scope="col" className="num">
                p-value ({correctionName(m.method.correction)})
              </th>
              <th scope="col" className="num">
                Chance to beat control
              </th>
            </tr>
          </thead>
          <tbody>
            {m.variants.map((v) => (
              <tr key={v.variant}>
                <th scope="row">
                  <code>{v.variant}</code> {v.isControl ? <span className="muted">(control)</span> : null}
                </th>
                <td className="num">{v.users.toLocaleString('en')}</td>
                <td className="num">{isRate ? pct(v.rate) : num(v.mean)}</td>
                <td data-testid="verdict">
                  {v.isControl ? '—' : <Verdict comparison={v} method={m.method} isRate={isRate} />}
                  {v.guardrailViolated ? <strong className="sig sig--bad"> Guardrail violated</strong> : null}
                  {m.warnings
                    .filter((w) => !v.isControl && w.variant === v.variant)
                    .map((w) => (
                      <span key={w.code + w.message} className="sig sig--bad" title={w.message}>
                        {' '}
                        ⚠ {warningLabel(w.code)}
                      </span>
                    ))}
                </td>
                <td className="num">{v.isControl ? '—' : pValue(v.adjustedPValue ?? v.pValue)}</td>
                <td className="num">{v.isControl ? '—' : pct(v.chanceToBeatControl, 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted" data-testid="results-method">
        Verdicts: {testName(m.method.test)}, {sidesText(m.method.sides)},{' '}
        {correctionName(m.method.correction)} across {m.method.comparisons} comparison
        {m.method.comparisons === 1 ? '' : 's'}; intervals at {levelText(m.method.intervalLevel)}, so an
        interval excludes 0 exactly when its verdict is Better or Worse.
        {m.capping
          ? ` Values capped (${m.capping.type === 'FIXED' ? 'fixed' : `pooled ${pct(m.capping.value, 1)} percentile`}) at ${num(m.capping.threshold)}; ${m.capping.cappedUsers} users capped.`
          : ''}
      </p>
      {m.warnings.length > 0 ? (
        <ul
          className="alert alert--warning"
          data-testid="results-warnings"
          aria-label={`Warnings for ${m.metric.name}`}
        >
          {m.warnings.map((w) => (
            <li key={w.code + (w.variant ?? '') + w.message}>
              <strong>{warningLabel(w.code)}:</strong> {w.message}
            </li>
          ))}
        </ul>
      ) : null}
      {m.daily.length > 0 ? (
        <DailyChart
          metric={m.metric.name}
          daily={m.daily}
          isRate={isRate}
          testId={`daily-chart-${m.metricKey}`}
        />
      ) : null}
      {m.notes.length > 0 ? (
        <ul className="muted">
          {m.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

type Action = 'start' | 'pause' | 'resume' | 'restart' | 'complete';

function Actions({ experiment: x }: { experiment: Experiment }) {
  const { canEditIn } = useConsole();
  const [pending, setPending] = useState<Action | null>(null);
  const [winner, setWinner] = useState('');
  const [rollOut, setRollOut] = useState(true);
  const [start, doStart] = useMutation(StartDocument);
  const [pause, doPause] = useMutation(PauseDocument);
  const [resume, doResume] = useMutation(ResumeDocument);
  const [restart, doRestart] = useMutation(RestartDocument);
  const [complete, doComplete] = useMutation(CompleteDocument);
  if (!canEditIn(x.environment) || x.status === 'COMPLETED') return null;
  const error = start.error ?? pause.error ?? resume.error ?? restart.error ?? complete.error;
  const info = graphErrors(error);
  const chosenWinner = winner || x.variants[0]?.key || '';
  const actions: Action[] =
    x.status === 'DRAFT'
      ? ['start']
      : x.status === 'RUNNING'
        ? ['pause', 'restart', 'complete']
        : ['resume', 'restart', 'complete'];
  const labels: Record<Action, string> = {
    start: 'Start',
    pause: 'Pause',
    resume: 'Resume',
    restart: 'Restart',
    complete: 'Complete',
  };
  const run = async () => {
    const action = pending;
    setPending(null);
    const vars = { key: x.key, v: x.version };
    if (action === 'start') await doStart(vars);
    if (action === 'pause') await doPause(vars);
    if (action === 'resume') await doResume(vars);
    if (action === 'restart') await doRestart(vars);
    if (action === 'complete') await doComplete({ ...vars, winner: chosenWinner, rollOut });
  };
  return (
    <div className="card">
      <div className="toolbar" style={{ marginBottom: 0 }}>
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            className={a === 'complete' ? 'button button--primary' : 'button'}
            onClick={() => setPending(a)}
          >
            {labels[a]}
          </button>
        ))}
      </div>
      <ErrorList
        messages={[
          ...info.general,
          ...Object.values(info.fields),
          ...(info.conflict ? [info.conflict.message] : []),
        ]}
        title="The experiment was not changed."
      />
      <ConfirmDialog
        open={pending !== null}
        title={pending ? `${labels[pending]} “${x.name}”?` : ''}
        confirmLabel={pending ? labels[pending] : 'OK'}
        danger={pending === 'complete' || pending === 'pause' || pending === 'restart'}
        onCancel={() => setPending(null)}
        onConfirm={() => void run()}
      >
        {pending === 'start' ? <p>Users in {x.environment} start getting variants now.</p> : null}
        {pending === 'pause' ? <p>Users get no variant until you resume; assignments are kept.</p> : null}
        {pending === 'resume' ? <p>Users get their variants again.</p> : null}
        {pending === 'restart' ? (
          <p>
            A new analysis period starts now: results count only users exposed from now on. Assignments stay
            sticky.
          </p>
        ) : null}
        {pending === 'complete' ? (
          <>
            <p>The experiment stops for good. Choose the winner:</p>
            <div className="toolbar">
              <label className="field">
                Winner
                <select value={chosenWinner} onChange={(e) => setWinner(e.target.value)}>
                  {x.variants.map((v) => (
                    <option key={v.key} value={v.key}>
                      {v.key}
                    </option>
                  ))}
                </select>
              </label>
              <label className="checkbox">
                <input type="checkbox" checked={rollOut} onChange={(e) => setRollOut(e.target.checked)} />
                Roll out the winner to everyone in {x.environment}
              </label>
            </div>
          </>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
