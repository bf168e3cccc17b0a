'use client';

import { useState } from 'react';
import { download } from '../../lib/export-file';
import { ErrorList } from './ui';

/**
 * "Export JSON" and "Export CSV": `load` fetches every record (all pages of the current filter),
 * then the file is made in the browser and saved as `<name>.json` / `<name>.csv`.
 */
export function ExportButtons<T>({
  name,
  load,
  csv,
}: {
  name: string;
  load: () => Promise<T[]>;
  csv: (records: T[]) => string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (format: 'json' | 'csv') => {
    setBusy(true);
    setError(null);
    try {
      const records = await load();
      if (format === 'json')
        download(`${name}.json`, 'application/json', `${JSON.stringify(records, null, 2)}\n`);
      else download(`${name}.csv`, 'text/csv', csv(records));
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
