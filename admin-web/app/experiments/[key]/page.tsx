import type { Metadata } from 'next';
import { ExperimentPage } from './experiment-page';

export const metadata: Metadata = { title: 'Experiment results' };

export default async function Page({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  return <ExperimentPage experimentKey={decodeURIComponent(key)} />;
}
