import type { Metadata } from 'next';
import { FlagsTable } from './flags-table';

export const metadata: Metadata = { title: 'Flags' };

export default function FlagsPage() {
  return (
    <>
      <header className="page-header">
        <h1>Flags</h1>
        <p>Every feature flag and whether it is on in each environment.</p>
      </header>
      <FlagsTable />
    </>
  );
}
