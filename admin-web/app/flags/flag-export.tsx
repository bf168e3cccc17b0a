'use client';

import { type OperationResult, useClient } from 'urql';
import type { FlagFilter, FlagListQuery as FlagListQueryData, FlagOrder } from '../../lib/gql/graphql';
import { allPages, toCsv } from '../../lib/export-file';
import { ExportButtons } from '../components/export-buttons';
import { environmentColumns } from './environment-columns';
import { type FlagListItem, FlagListQuery } from './flags-query';

/**
 * Pages of 200: one of 500 flags with their environments (and urql's `__typename`s) costs about
 * 23,500, over the gateway's default MAX_QUERY_COST of 20,000; 200 cost about 9,400.
 */
const EXPORT_PAGE_SIZE = 200;

/** Every flag the filter matches in the list's order, page by page from the graph (the table shows one page). */
function allFlags(
  client: ReturnType<typeof useClient>,
  filter: FlagFilter,
  orderBy: FlagOrder,
): Promise<FlagListItem[]> {
  return allPages(async (after) => {
    const res: OperationResult<FlagListQueryData> = await client
      .query(
        FlagListQuery,
        { filter, orderBy, first: EXPORT_PAGE_SIZE, after },
        { requestPolicy: 'network-only' },
      )
      .toPromise();
    if (res.error || !res.data) throw new Error(res.error?.message ?? 'no data');
    return res.data.flags;
  });
}

export function flagsCsv(flags: FlagListItem[], projectEnvironments?: readonly string[]): string {
  const environments = environmentColumns(flags, projectEnvironments);
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
  return toCsv(header, rows);
}

/**
 * Exports the whole filtered list of the chosen project (not just the page shown), in its order, as JSON or
 * CSV, with the project's environment columns.
 */
export function FlagExport({
  filter,
  orderBy,
  environments,
}: {
  filter: FlagFilter;
  orderBy: FlagOrder;
  environments: readonly string[];
}) {
  const client = useClient();
  return (
    <ExportButtons
      name="flags"
      load={() => allFlags(client, filter, orderBy)}
      csv={(flags) => flagsCsv(flags, environments)}
    />
  );
}
