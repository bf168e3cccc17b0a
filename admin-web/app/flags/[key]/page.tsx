import type { Metadata } from 'next';
import { FlagPage } from './flag-page';

export const metadata: Metadata = { title: 'Flag' };

export default async function Page({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  return <FlagPage flagKey={decodeURIComponent(key)} />;
}
