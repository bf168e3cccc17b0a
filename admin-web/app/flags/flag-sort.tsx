'use client';

import type { FlagOrder, FlagOrderField, OrderDirection } from '../../lib/gql/graphql';

/** The list's order as chosen; STATUS takes the console's environment when sent. */
export interface FlagSort {
  field: FlagOrderField;
  direction: OrderDirection;
}

export const DEFAULT_FLAG_SORT: FlagSort = { field: 'KEY', direction: 'ASC' };

// Each field names its directions in its own words; `initial` is the direction a newly chosen field starts with.
type FieldWords = { label: string; ASC: string; DESC: string; initial: OrderDirection };
const FIELDS: Record<FlagOrderField, FieldWords> = {
  KEY: { label: 'Key', ASC: 'A to Z', DESC: 'Z to A', initial: 'ASC' },
  NAME: { label: 'Name', ASC: 'A to Z', DESC: 'Z to A', initial: 'ASC' },
  UPDATED_AT: { label: 'Last updated', ASC: 'Oldest first', DESC: 'Newest first', initial: 'DESC' },
  STATUS: { label: 'Status', ASC: 'On first', DESC: 'Off first', initial: 'ASC' },
};

/** What the graph is asked for: the status order is that of the environment the console works in. */
export function flagOrder(sort: FlagSort, environment: string): FlagOrder {
  return sort.field === 'STATUS' ? { ...sort, environment } : { ...sort };
}

/** Sort field and direction; the graph sorts the whole list, so a change starts again at page 1. */
export function FlagSortControl({
  sort,
  environment,
  onChange,
}: {
  sort: FlagSort;
  environment: string;
  onChange: (sort: FlagSort) => void;
}) {
  const field = FIELDS[sort.field];
  return (
    <>
      <label className="field">
        Sort by
        <select
          value={sort.field}
          onChange={(e) => {
            const next = e.target.value as FlagOrderField;
            onChange({ field: next, direction: FIELDS[next].initial });
          }}
        >
          {(Object.keys(FIELDS) as FlagOrderField[]).map((f) => (
            <option key={f} value={f}>
              {f === 'STATUS' ? `Status in ${environment}` : FIELDS[f].label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Order
        <select
          value={sort.direction}
          onChange={(e) => onChange({ ...sort, direction: e.target.value as OrderDirection })}
        >
          <option value="ASC">{field.ASC}</option>
          <option value="DESC">{field.DESC}</option>
        </select>
      </label>
    </>
  );
}
