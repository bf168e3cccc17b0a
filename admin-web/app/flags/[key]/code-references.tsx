'use client';

import { useQuery } from 'urql';
import { graphql } from '../../../lib/gql';
import { Loading } from '../../components/ui';

const CodeReferencesDocument = graphql(`
  query FlagCodeReferences($key: String!, $project: String) {
    flag(key: $key, project: $project) {
      key
      codeReferences {
        repository
        commit
        path
        line
        context
      }
    }
    codeReferenceRepositories(project: $project) {
      repository
    }
  }
`);

/** Where code uses the flag, as `switchyard refs` last uploaded each repository; none means it may be removable. */
export function CodeReferences({ flagKey }: { flagKey: string }) {
  const [{ data }] = useQuery({
    query: CodeReferencesDocument,
    variables: { key: flagKey },
    pause: typeof window === 'undefined',
  });
  const refs = data?.flag?.codeReferences ?? [];
  const repositories = data?.codeReferenceRepositories.length ?? 0;
  return (
    <section className="card" aria-labelledby="code-refs-title" data-testid="code-references">
      <h2 id="code-refs-title">Code references</h2>
      {!data ? (
        <Loading what="the code references" />
      ) : repositories === 0 ? (
        <p className="muted">
          No repository has been scanned yet: run <code>npx switchyard refs --url … --repository …</code> in
          CI.
        </p>
      ) : refs.length === 0 ? (
        <p className="alert alert--warning" role="status">
          No code in the {repositories} scanned repositor{repositories === 1 ? 'y' : 'ies'} uses this flag: it
          may be removable.
        </p>
      ) : (
        <ul className="plain-list">
          {refs.map((r) => (
            <li key={`${r.repository}:${r.path}:${r.line}`}>
              <code>
                {r.repository} {r.path}:{r.line}
              </code>{' '}
              <span className="muted">at {r.commit.slice(0, 12)}</span>
              <pre className="pre">{r.context}</pre>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
