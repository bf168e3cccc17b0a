import type { Metadata } from 'next';
import { ChangePassword } from './change-password';

export const metadata: Metadata = { title: 'Your account' };

export default function AccountPage() {
  return (
    <>
      <header className="page-header">
        <h1>Your account</h1>
      </header>
      <ChangePassword />
    </>
  );
}
