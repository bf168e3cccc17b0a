import type { Metadata } from 'next';
import { AuditLog } from './audit-log';

export const metadata: Metadata = { title: 'Audit log' };

export default function AuditPage() {
  return (
    <>
      <header className="page-header">
        <h1>Audit log</h1>
        <p>
          Every change to flags, segments, experiments, metrics, users and keys: who, when, and what changed.
        </p>
      </header>
      <AuditLog />
    </>
  );
}
