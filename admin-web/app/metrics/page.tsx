import type { Metadata } from 'next';
import { Metrics } from './metrics';

export const metadata: Metadata = { title: 'Metrics' };

export default function MetricsPage() {
  return (
    <>
      <header className="page-header">
        <h1>Metrics</h1>
        <p>What experiments measure: conversions, means and counts of tracked events.</p>
      </header>
      <Metrics />
    </>
  );
}
