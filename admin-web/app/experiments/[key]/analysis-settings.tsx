'use client';

import { type FormEvent, useEffect, useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../../lib/gql';
import type { MultipleTestingCorrection } from '../../../lib/gql/graphql';
import { fieldError, graphErrors } from '../../../lib/graph-errors';
import { ErrorList, FieldError } from '../../components/ui';

const UpdateAnalysisDocument = graphql(`
  mutation UpdateExperimentAnalysis($key: String!, $project: String, $input: UpdateExperimentInput!, $v: Int!) {
    updateExperiment(key: $key, project: $project, input: $input, expectedVersion: $v) {
      key
      version
      alpha
      multipleTestingCorrection
    }
  }
`);

export const CORRECTIONS: { value: MultipleTestingCorrection; label: string }[] = [
  { value: 'HOLM', label: 'Holm–Bonferroni (family-wise error ≤ alpha)' },
  { value: 'BENJAMINI_HOCHBERG', label: 'Benjamini–Hochberg (false discovery rate ≤ alpha)' },
];

interface AnalysedExperiment {
  key: string;
  version: number;
  alpha: number;
  multipleTestingCorrection: MultipleTestingCorrection;
}

/**
 * The experiment's significance level and the correction across its comparisons. Both apply when
 * results are computed, so a change re-reads every verdict without touching assignments.
 */
export function AnalysisSettings({
  experiment: x,
  editable,
}: {
  experiment: AnalysedExperiment;
  editable: boolean;
}) {
  const [alpha, setAlpha] = useState(String(x.alpha));
  const [correction, setCorrection] = useState<MultipleTestingCorrection>(x.multipleTestingCorrection);
  const [saved, setSaved] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the experiment's version only
  useEffect(() => {
    setAlpha(String(x.alpha));
    setCorrection(x.multipleTestingCorrection);
  }, [x.version]);
  const [result, update] = useMutation(UpdateAnalysisDocument);
  const info = graphErrors(result.error);
  const f = (n: string) => fieldError(info.fields, n);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const res = await update({
      key: x.key,
      v: x.version,
      input: { alpha: Number(alpha), multipleTestingCorrection: correction },
    });
    if (res.data) setSaved(true);
  }

  return (
    <form className="card" onSubmit={submit} aria-label="Analysis settings">
      <h2>Analysis</h2>
      {info.conflict ? (
        <p className="alert alert--warning" role="alert">
          {info.conflict.message}
        </p>
      ) : null}
      <ErrorList messages={info.general} title="The analysis settings were not saved." />
      <div className="toolbar">
        <label className="field">
          Significance level (alpha)
          <input
            type="number"
            step={0.001}
            min={0.001}
            max={0.5}
            value={alpha}
            disabled={!editable}
            aria-invalid={f('alpha') ? true : undefined}
            aria-describedby="analysis-alpha-error"
            onChange={(e) => setAlpha(e.target.value)}
          />
          <FieldError id="analysis-alpha-error" message={f('alpha')} />
        </label>
        <label className="field">
          Multiple-comparison correction
          <select
            value={correction}
            disabled={!editable}
            onChange={(e) => setCorrection(e.target.value as MultipleTestingCorrection)}
          >
            {CORRECTIONS.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        {editable ? (
          <button type="submit" className="button" disabled={result.fetching}>
            Save analysis settings
          </button>
        ) : null}
      </div>
      <p className="muted">
        Every variant × metric comparison of the experiment is corrected together; a change applies to the
        results at once.
      </p>
      {saved ? (
        <p role="status" className="muted">
          Saved.
        </p>
      ) : null}
    </form>
  );
}
