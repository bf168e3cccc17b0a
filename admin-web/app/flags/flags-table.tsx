'use client';

import type { CombinedError } from 'urql';
import { useQuery } from 'urql';
import { gatewayUrl } from '../../lib/gateway-url';
import styles from './flags.module.css';
import { environmentColumns } from './environment-columns';
import { type FlagListItem, FlagListQuery, type FlagType } from './flags-query';

// The list is fetched in the browser only; the server renders the loading state.
const isServer = typeof window === 'undefined';

const TYPE_LABELS: Record<FlagType, string> = {
  BOOLEAN: 'Boolean',
  STRING: 'String',
  NUMBER: 'Number',
  JSON: 'JSON',
};

const updatedAtFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export function FlagsTable() {
  const [{ data, error, fetching }, reexecuteQuery] = useQuery({ query: FlagListQuery, pause: isServer });
  const retry = () => reexecuteQuery({ requestPolicy: 'network-only' });

  if (data) {
    return (
      <>
        {error ? <LoadError error={error} onRetry={retry} /> : null}
        <FlagList flags={data.flags.nodes} totalCount={data.flags.totalCount} />
      </>
    );
  }
  if (error && !fetching) return <LoadError error={error} onRetry={retry} />;
  return (
    <p className={styles.loading} role="status">
      Loading flags…
    </p>
  );
}

function FlagList({ flags, totalCount }: { flags: FlagListItem[]; totalCount: number }) {
  const environments = environmentColumns(flags);
  return (
    <section aria-labelledby="flags-summary">
      <p className={styles.summary} id="flags-summary" data-testid="flags-total">
        {totalCount === 1 ? '1 flag' : `${totalCount} flags`}
        {flags.length < totalCount ? ` (showing the first ${flags.length})` : null}
      </p>
      {flags.length === 0 ? (
        <p className={styles.empty}>No flags yet.</p>
      ) : (
        <div className={styles.tableScroll}>
          <table className={styles.table}>
            <caption className="visually-hidden">Feature flags and their status in each environment</caption>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Tags</th>
                {environments.map((environment) => (
                  <th scope="col" key={environment} className={styles.statusColumn}>
                    {environment}
                  </th>
                ))}
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {flags.map((flag) => (
                <FlagRow key={flag.key} flag={flag} environments={environments} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function FlagRow({ flag, environments }: { flag: FlagListItem; environments: string[] }) {
  return (
    <tr data-testid="flag-row">
      <th scope="row" className={styles.keyCell} data-testid="flag-key">
        <code>{flag.key}</code>
      </th>
      <td>
        <span className={styles.name}>{flag.name}</span>
        {flag.archived ? <span className={styles.archived}>Archived</span> : null}
        {flag.description ? <span className={styles.description}>{flag.description}</span> : null}
      </td>
      <td className={styles.type}>{TYPE_LABELS[flag.type] ?? flag.type}</td>
      <td>
        {flag.tags.length > 0 ? (
          <ul className={styles.tags} aria-label="Tags">
            {flag.tags.map((tag) => (
              <li key={tag} className={styles.tag}>
                {tag}
              </li>
            ))}
          </ul>
        ) : (
          <span className={styles.muted}>None</span>
        )}
      </td>
      {environments.map((environment) => (
        <td key={environment} className={styles.statusColumn}>
          <EnvironmentStatus
            enabled={flag.environments.find((e) => e.environment === environment)?.enabled}
          />
        </td>
      ))}
      <td className={styles.updated}>
        <time dateTime={flag.updatedAt}>{updatedAtFormat.format(new Date(flag.updatedAt))}</time>
      </td>
    </tr>
  );
}

function EnvironmentStatus({ enabled }: { enabled: boolean | undefined }) {
  if (enabled === undefined) return <span className={styles.muted}>Not set</span>;
  return (
    <span className={`${styles.badge} ${enabled ? styles.badgeOn : styles.badgeOff}`}>
      {enabled ? 'On' : 'Off'}
    </span>
  );
}

function LoadError({ error, onRetry }: { error: CombinedError; onRetry: () => void }) {
  const messages =
    error.graphQLErrors.length > 0
      ? [...new Set(error.graphQLErrors.map((graphQLError) => graphQLError.message))]
      : [`Could not reach the gateway at ${gatewayUrl()}: ${error.networkError?.message ?? error.message}`];
  return (
    <div className={styles.error} role="alert">
      <p className={styles.errorTitle}>The flags could not be loaded.</p>
      <ul className={styles.errorMessages}>
        {messages.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
      {error.networkError && error.graphQLErrors.length === 0 ? (
        <p className={styles.errorHint}>
          Check that the gateway is running and that its <code>CORS_ORIGINS</code> allows{' '}
          <code>{window.location.origin}</code>.
        </p>
      ) : null}
      <button type="button" className={styles.retry} onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
