import type { Metadata } from 'next';
import { ChangeRequestInbox } from './change-request-inbox';

export const metadata: Metadata = { title: 'Change requests' };

export default function ChangesPage() {
  return (
    <>
      <header className="page-header">
        <h1>Change requests</h1>
        <p>
          Changes proposed for environments that require approval: what each one changes, who reviewed it, and
          when it applies.
        </p>
      </header>
      <ChangeRequestInbox />
    </>
  );
}
