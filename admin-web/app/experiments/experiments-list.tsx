'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../lib/gql';
import type { ExperimentStatus } from '../../lib/gql/graphql';
import { graphErrors } from '../../lib/graph-errors';
import { ErrorList, Loading, StatusBadge, When } from '../components/ui';
import { CreateExperiment } from './create-experiment';

const ExperimentsDocument = graphql(`
  query Experiments($filter: ExperimentFilter, $project: String) {
    experiments(project: $project, filter: $filter, first: 200) {
      totalCount
      nodes {
        key
        name
        status
        environment
        flagKey
        exposures
        primaryMetric
        startedAt
        completedAt
        winner
        updatedAt
      }
    }
  }
`);

const STATUSES: (ExperimentStatus | 'ALL')[] = ['ALL', 'RUNNING', 'PAUSED', 'DRAFT', 'COMPLETED'];

export function ExperimentsList() {
  const [status, setStatus] = useState<ExperimentStatus | 'ALL'>('ALL');
  const [search, setSearch] = useState('');
  const [{ data, error }] = useQuery({
    query: ExperimentsDocument,
    variables: {
      filter: {
        ...(status === 'ALL' ? {} : { status }),
        ...(search.trim() ? { search: search.trim() } : {}),
      },
    },
    pause: typeof window === 'undefined',
  });
  return (
    <>
      <CreateExperiment />
      <div className="toolbar">
        <div className="tabs" role="tablist" aria-label="Status">
          {STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              role="tab"
              aria-selected={status === s}
              onClick={() => setStatus(s)}
            >
              {s === 'ALL' ? 'All' : s.charAt(0) + s.slice(1).toLowerCase()}
            </button>
          ))}
        </div>
        <label className="field">
          Search
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
      </div>
      <ErrorList messages={graphErrors(error).general} title="The experiments could not be loaded." />
      {data ? (
        data.experiments.nodes.length === 0 ? (
          <p className="loading">No experiments.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Experiments</caption>
              <thead>
                <tr>
                  <th scope="col">Experiment</th>
                  <th scope="col">Status</th>
                  <th scope="col">Flag</th>
                  <th scope="col">Environment</th>
                  <th scope="col">Primary metric</th>
                  <th scope="col" className="num">
                    Exposures
                  </th>
                  <th scope="col">Started</th>
                  <th scope="col">Winner</th>
                </tr>
              </thead>
              <tbody>
                {data.experiments.nodes.map((x) => (
                  <tr key={x.key} data-testid="experiment-row">
                    <th scope="row">
                      <Link href={`/experiments/${encodeURIComponent(x.key)}`}>{x.name}</Link>
                      <br />
                      <code className="muted">{x.key}</code>
                    </th>
                    <td>
                      <StatusBadge status={x.status} />
                    </td>
                    <td>
                      <Link href={`/flags/${encodeURIComponent(x.flagKey)}`}>
                        <code>{x.flagKey}</code>
                      </Link>
                    </td>
                    <td>{x.environment}</td>
                    <td>{x.primaryMetric ?? <span className="muted">None</span>}</td>
                    <td className="num">{x.exposures.toLocaleString('en')}</td>
                    <td>
                      <When at={x.startedAt} />
                    </td>
                    <td>{x.winner ?? <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : error ? null : (
        <Loading what="experiments" />
      )}
    </>
  );
}
