'use client';

import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../../lib/gql';
import type { TargetingInput } from '../../../lib/gql/graphql';
import { graphErrors } from '../../../lib/graph-errors';
import { ErrorList } from '../../components/ui';

const PreviewTargetingDocument = graphql(`
  query PreviewTargeting($flagKey: String!, $environment: String!, $targeting: TargetingInput!, $project: String) {
    previewTargeting(flagKey: $flagKey, environment: $environment, targeting: $targeting, project: $project) {
      contextsConsidered
      changed
      transitions {
        from
        to
        count
      }
      sample {
        key
        attributes
        from
        to
      }
    }
  }
`);

const variation = (v: string | null | undefined) => v ?? 'no variation';

/**
 * Before saving: how the environment's recently evaluated contexts would move under the unsaved
 * targeting (asked again half a second after the last edit). The server validates the draft as the
 * save would; its refusal shows here too.
 */
export function ImpactPreview({
  flagKey,
  environment,
  targeting,
}: {
  flagKey: string;
  environment: string;
  targeting: TargetingInput;
}) {
  const wanted = JSON.stringify(targeting);
  const [asked, setAsked] = useState(wanted);
  useEffect(() => {
    const timer = setTimeout(() => setAsked(wanted), 500);
    return () => clearTimeout(timer);
  }, [wanted]);
  const [{ data, error, fetching }] = useQuery({
    query: PreviewTargetingDocument,
    variables: { flagKey, environment, targeting: JSON.parse(asked) as TargetingInput },
    pause: typeof window === 'undefined',
    requestPolicy: 'network-only',
  });
  const p = data?.previewTargeting;
  const problems = graphErrors(error);
  return (
    <section className="preview" aria-labelledby={`impact-${environment}`} data-testid="impact-preview">
      <h3 id={`impact-${environment}`}>Impact of this change</h3>
      <ErrorList
        messages={[...problems.general, ...Object.values(problems.fields)]}
        title="The change cannot be previewed."
      />
      {p ? (
        <>
          <p role="status" data-testid="impact-summary" aria-busy={fetching}>
            {p.contextsConsidered === 0
              ? `No contexts were evaluated in ${environment} recently: nothing to compare with.`
              : `${p.changed.toLocaleString('en')} of ${p.contextsConsidered.toLocaleString('en')} recently evaluated contexts would get another variation.`}
          </p>
          {p.transitions.length > 0 ? (
            <ul className="plain-list" aria-label="Variation changes">
              {p.transitions.map((t) => (
                <li key={`${t.from}→${t.to}`}>
                  {variation(t.from)} → {variation(t.to)}: {t.count.toLocaleString('en')}
                </li>
              ))}
            </ul>
          ) : null}
          {p.sample.length > 0 ? (
            <table className="data-table" aria-label="Some of the contexts that would change">
              <thead>
                <tr>
                  <th scope="col">Context</th>
                  <th scope="col">Attributes</th>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                </tr>
              </thead>
              <tbody>
                {p.sample.map((s) => (
                  <tr key={s.key}>
                    <th scope="row">
                      <code>{s.key}</code>
                    </th>
                    <td>
                      {Object.entries(s.attributes as Record<string, string>)
                        .map(([k, v]) => `${k}=${v}`)
                        .join(', ') || '—'}
                    </td>
                    <td>{variation(s.from)}</td>
                    <td>{variation(s.to)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : fetching ? (
        <p className="muted">Comparing with recent contexts…</p>
      ) : null}
    </section>
  );
}
