import type { Metadata } from 'next';
import { ExperimentsList } from './experiments-list';

export const metadata: Metadata = { title: 'Experiments' };

export default function ExperimentsPage() {
  return (
    <>
      <header className="page-header">
        <h1>Experiments</h1>
        <p>A/B tests on flags, by status. Open one for its live results.</p>
      </header>
      <ExperimentsList />
    </>
  );
}
