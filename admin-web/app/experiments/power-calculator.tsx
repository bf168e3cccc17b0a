'use client';

import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../lib/gql';
import { graphErrors } from '../../lib/graph-errors';
import { ErrorList } from '../components/ui';

const MetricPowerDocument = graphql(`
  query MetricPower(
    $metricKey: String!
    $project: String
    $relativeEffect: Float!
    $power: Float!
    $variants: Int!
  ) {
    metricPower(
      metricKey: $metricKey
      project: $project
      relativeEffect: $relativeEffect
      power: $power
      variants: $variants
    ) {
      baselineUsers
      baselineMean
      days
      sampleSizePerVariant
      estimatedDays
      status
      notes
    }
  }
`);

const number = new Intl.NumberFormat('en', { maximumSignificantDigits: 4 });

/**
 * The wizard's power calculator: from the primary metric's recent history, the users per variant
 * needed to detect a relative change, offered as the experiment's minimum sample size.
 */
export function PowerCalculator({
  metricKey,
  variants,
  onUse,
}: {
  metricKey: string;
  variants: number;
  onUse: (sampleSize: number) => void;
}) {
  const [effect, setEffect] = useState('5');
  const [power, setPower] = useState('80');
  const relativeEffect = Number(effect) / 100;
  const valid = relativeEffect > 0 && Number(power) > 0 && Number(power) < 100;
  const [{ data, error, fetching }] = useQuery({
    query: MetricPowerDocument,
    variables: { metricKey, relativeEffect, power: Number(power) / 100, variants: Math.max(2, variants) },
    pause: typeof window === 'undefined' || !valid,
  });
  const plan = data?.metricPower;
  return (
    <section className="card" aria-label="Power calculator">
      <h3>Sample size</h3>
      <div className="toolbar">
        <label className="field">
          Detect a change of (%)
          <input
            type="number"
            min={0.1}
            step={0.1}
            value={effect}
            onChange={(e) => setEffect(e.target.value)}
          />
        </label>
        <label className="field">
          Power (%)
          <input type="number" min={1} max={99} value={power} onChange={(e) => setPower(e.target.value)} />
        </label>
      </div>
      <ErrorList messages={graphErrors(error).general} title="No plan." />
      {fetching ? <p className="muted">Reading the metric's history…</p> : null}
      {plan ? (
        plan.sampleSizePerVariant !== null && plan.sampleSizePerVariant !== undefined ? (
          <p role="status">
            <strong data-testid="power-sample-size">{plan.sampleSizePerVariant.toLocaleString('en')}</strong>{' '}
            users per variant (baseline {number.format(plan.baselineMean ?? 0)} over{' '}
            {plan.baselineUsers.toLocaleString('en')} users in {plan.days} days
            {plan.estimatedDays !== null && plan.estimatedDays !== undefined
              ? `; about ${number.format(plan.estimatedDays)} days if all of them enter`
              : ''}
            ).{' '}
            <button type="button" className="button" onClick={() => onUse(plan.sampleSizePerVariant!)}>
              Use as minimum
            </button>
          </p>
        ) : (
          <p role="status" className="muted">
            {plan.notes.at(-1)}
          </p>
        )
      ) : null}
    </section>
  );
}
