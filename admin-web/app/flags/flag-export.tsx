'use client';

import { useState } from 'react';
import { type OperationResult, useClient } from 'urql';
import type { FlagFilter, FlagListQuery as FlagListQueryData } from '../../lib/gql/graphql';
import { ErrorList } from '../components/ui';
import { environmentColumns } from './environment-columns';
import { type FlagListItem, FlagListQuery } from './flags-query';

/** Every flag the filter matches, page by page from the graph (the table shows one page). */
async function allFlags(client: ReturnType<typeof useClient>, filter: FlagFilter): Promise<FlagListItem[]> {
  const flags: FlagListItem[] = [];
  let after: string | null = null;
  for (;;) {
    const res: OperationResult<FlagListQueryData> = await client
      .query(FlagListQuery, { filter, first: 500, after }, { requestPolicy: 'network-only' })
      .toPromise();
    if (res.error || !res.data) throw new Error(res.error?.message ?? 'no data');
    flags.push(...res.data.flags.nodes);
    const { hasNextPage, endCursor } = res.data.flags.pageInfo;
    if (!hasNextPage || !endCursor) return flags;
    after = endCursor;
  }
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function flagsCsv(flags: FlagListItem[]): string {
  const environments = environmentColumns(flags);
  const header = ['key', 'name', 'type', 'tags', 'archived', 'updatedAt', ...environments];
  const rows = flags.map((f) => [
    f.key,
    f.name,
    f.type,
    f.tags.join(' '),
    String(f.archived),
    f.updatedAt,
    ...environments.map((e) => {
      const enabled = f.environments.find((x) => x.environment === e)?.enabled;
      return enabled === undefined ? '' : enabled ? 'on' : 'off';
    }),
  ]);
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Exports the whole filtered list (not just the page shown) as JSON or CSV. */
export function FlagExport({ filter }: { filter: FlagFilter }) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (format: 'json' | 'csv') => {
    setBusy(true);
    setError(null);
    try {
      const flags = await allFlags(client, filter);
      if (format === 'json')
        download('flags.json', 'application/json', `${JSON.stringify(flags, null, 2)}\n`);
      else download('flags.csv', 'text/csv', flagsCsv(flags));
    } catch (err) {
      setError(`The export failed: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="button button--small" disabled={busy} onClick={() => void run('json')}>
        Export JSON
      </button>
      <button type="button" className="button button--small" disabled={busy} onClick={() => void run('csv')}>
        Export CSV
      </button>
      <ErrorList messages={error ? [error] : []} />
    </>
  );
}
