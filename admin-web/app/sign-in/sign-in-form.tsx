'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import { signIn, signInFromCookie, singleSignOnUrl } from '../../lib/auth-session';
import styles from './sign-in.module.css';

/** Only same-site paths, so the `next` parameter cannot send the user elsewhere. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/flags';
}

/** Whether the gateway offers single sign-on, and what its button says. */
interface SingleSignOn {
  enabled: boolean;
  label: string | null;
}

/** The gateway's single sign-on, starting here and coming back to this page to open the session. */
function singleSignOnHref(next: string): string {
  const back = new URL('/sign-in', window.location.origin);
  back.searchParams.set('sso', '1');
  back.searchParams.set('next', next);
  const login = singleSignOnUrl('login');
  login.searchParams.set('returnTo', back.toString());
  return login.toString();
}

export function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const next = safeNext(params.get('next'));
  // A refusal of single sign-on comes back as ?ssoError=<message>.
  const [error, setError] = useState<string | null>(params.get('ssoError'));
  const [pending, setPending] = useState(false);
  const [sso, setSso] = useState<SingleSignOn | null>(null);
  // Until React runs, a submit would be the browser's own: mark when the form is live.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  useEffect(() => {
    let live = true;
    fetch(singleSignOnUrl('config'))
      .then((res) => (res.ok ? (res.json() as Promise<SingleSignOn>) : null))
      .then((answer) => {
        if (live && answer?.enabled) setSso(answer);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  // Back from single sign-on: the gateway set the refresh cookie; open the session from it.
  const returning = params.get('sso') === '1' && !params.get('ssoError');
  useEffect(() => {
    if (!returning) return;
    setPending(true);
    signInFromCookie()
      .then(() => router.replace(next))
      .catch((err: Error) => {
        setError(`Single sign-on did not open a session: ${err.message}`);
        setPending(false);
      });
  }, [returning, next, router]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      await signIn(String(form.get('email')), String(form.get('password')));
      router.replace(next);
    } catch (err) {
      setError((err as Error).message);
      setPending(false);
    }
  }

  return (
    <form
      className={styles.form}
      method="post"
      onSubmit={submit}
      data-ready={ready ? 'true' : undefined}
      aria-describedby={error ? 'sign-in-error' : undefined}
    >
      <label className={styles.field}>
        Email
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label className={styles.field}>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error ? (
        <p id="sign-in-error" className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className={styles.submit} disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
      {sso ? (
        <a className={styles.sso} href={singleSignOnHref(next)}>
          Sign in with {sso.label}
        </a>
      ) : null}
    </form>
  );
}
