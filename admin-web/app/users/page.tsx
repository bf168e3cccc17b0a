import type { Metadata } from 'next';
import { UsersAndKeys } from './users-and-keys';

export const metadata: Metadata = { title: 'Users and API keys' };

export default function UsersPage() {
  return (
    <>
      <header className="page-header">
        <h1>Users and API keys</h1>
        <p>Who may sign in and with which role; SDK keys and automation tokens.</p>
      </header>
      <UsersAndKeys />
    </>
  );
}
