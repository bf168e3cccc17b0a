'use client';

import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../../lib/gql';
import { graphErrors } from '../../../lib/graph-errors';
import { LineChart } from '../../components/line-chart';
import { ErrorList, Loading, When } from '../../components/ui';

const FlagUsageDocument = graphql(`
  query FlagUsage($key: String!, $days: Int!, $environment: String, $project: String) {
    flag(key: $key, project: $project) {
      key
      lifecycle {
        state
        since
        variation
        removable
      }
      usage(days: $days, environment: $environment) {
        days
        evaluations
        lastEvaluatedAt
        variations {
          variation
          evaluations
        }
        daily {
          date
          variation
          evaluations
        }
      }
    }
  }
`);

const PERIODS = [7, 30, 90];

const LIFECYCLE_TEXT: Record<string, string> = {
  NEW: 'New: not evaluated yet',
  LIVE: 'Live: evaluated, serving more than one variation',
  ROLLED_OUT: 'Rolled out: every evaluation serves one variation',
  STALE: 'Stale: not evaluated for a while',
  ARCHIVED: 'Archived',
};
const DAY = 24 * 3600_000;

/** The UTC dates of the last `days` days, oldest first (the graph leaves days without evaluations out). */
export function lastDays(days: number, now = Date.now()): string[] {
  return Array.from({ length: days }, (_, i) =>
    new Date(now - (days - 1 - i) * DAY).toISOString().slice(0, 10),
  );
}

/** Evaluations per variation per day in one environment, and when the flag was last evaluated. */
export function FlagUsage({ flagKey, environment }: { flagKey: string; environment: string }) {
  const [days, setDays] = useState(30);
  const [{ data, error }] = useQuery({
    query: FlagUsageDocument,
    variables: { key: flagKey, days, environment },
    pause: typeof window === 'undefined',
  });
  const usage = data?.flag?.usage;
  const dates = lastDays(days);
  return (
    <section className="card" aria-labelledby="usage-title" data-testid="flag-usage">
      <h2 id="usage-title">Usage in {environment}</h2>
      <div className="toolbar">
        <label className="field">
          Period
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {PERIODS.map((d) => (
              <option key={d} value={d}>
                Last {d} days
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorList messages={graphErrors(error).general} title="The usage could not be loaded." />
      {usage ? (
        <>
          <dl className="kv">
            {data?.flag?.lifecycle ? (
              <>
                <dt>Lifecycle</dt>
                <dd data-testid="flag-lifecycle-state" data-state={data.flag.lifecycle.state}>
                  {LIFECYCLE_TEXT[data.flag.lifecycle.state] ?? data.flag.lifecycle.state}
                  {data.flag.lifecycle.variation ? ` (${data.flag.lifecycle.variation})` : ''}, since{' '}
                  <When at={data.flag.lifecycle.since} />
                  {data.flag.lifecycle.removable
                    ? '. No code references: it can be removed from the code and archived.'
                    : ''}
                </dd>
              </>
            ) : null}
            <dt>Evaluations</dt>
            <dd data-testid="usage-evaluations">{usage.evaluations.toLocaleString('en')}</dd>
            <dt>Last evaluated</dt>
            <dd data-testid="usage-last-evaluated">
              {usage.lastEvaluatedAt ? <When at={usage.lastEvaluatedAt} /> : 'Never'}
            </dd>
            {usage.variations.map((v) => (
              <VariationTotal key={v.variation} variation={v.variation} evaluations={v.evaluations} />
            ))}
          </dl>
          {usage.daily.length > 0 ? (
            <LineChart
              title={`Evaluations per variation per day in ${environment}`}
              dates={dates}
              series={usage.variations.map((v) => ({
                name: v.variation,
                values: dates.map(
                  (date) =>
                    usage.daily.find((d) => d.date === date && d.variation === v.variation)?.evaluations ?? 0,
                ),
              }))}
              format={(v) => Math.round(v).toLocaleString('en')}
              fromZero
              testId="usage-chart"
            />
          ) : (
            <p className="muted">No evaluations in the last {days} days.</p>
          )}
        </>
      ) : error ? null : (
        <Loading what="the usage" />
      )}
    </section>
  );
}

function VariationTotal({ variation, evaluations }: { variation: string; evaluations: number }) {
  return (
    <>
      <dt>
        <code>{variation}</code>
      </dt>
      <dd data-testid="usage-variation" data-variation={variation}>
        {evaluations.toLocaleString('en')}
      </dd>
    </>
  );
}
