import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default function SignInPage() {
  return (
    <>
      <header className="page-header">
        <h1>Sign in</h1>
        <p>Use your Switchyard account. `npm start` prints the demo admin&apos;s email and password.</p>
      </header>
      <Suspense>
        <SignInForm />
      </Suspense>
    </>
  );
}
