import type { Metadata } from 'next';
import { Segments } from './segments';

export const metadata: Metadata = { title: 'Segments' };

export default function SegmentsPage() {
  return (
    <>
      <header className="page-header">
        <h1>Segments</h1>
        <p>Reusable groups of users: included and excluded keys, and matching rules.</p>
      </header>
      <Segments />
    </>
  );
}
