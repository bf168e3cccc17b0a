'use client';

import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../lib/gql';
import { fieldError, graphErrors } from '../../lib/graph-errors';
import { ErrorList, FieldError } from '../components/ui';
import { useConsole } from '../console-context';

const ChangePasswordDocument = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      id
    }
  }
`);

/** The signed-in person's own password; their other sessions end, this one stays. */
export function ChangePassword() {
  const { user } = useConsole();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const [result, change] = useMutation(ChangePasswordDocument);
  const errors = graphErrors(result.error);
  const f = (name: string) => fieldError(errors.fields, name);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    setMismatch(next !== repeat);
    if (next !== repeat) return;
    const res = await change({ currentPassword: current, newPassword: next });
    if (res.data) {
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-label="Change password">
      <h2>Change password</h2>
      {user ? <p className="muted">Signed in as {user.email}.</p> : null}
      {done ? (
        <p className="alert alert--success" role="status">
          Password changed. Your other sessions have ended; this one stays signed in.
        </p>
      ) : null}
      <ErrorList messages={errors.general} title="The password was not changed." />
      <label className="field">
        Current password
        <input
          type="password"
          autoComplete="current-password"
          value={current}
          aria-invalid={f('currentPassword') ? true : undefined}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <FieldError id="current-password-error" message={f('currentPassword')} />
      </label>
      <label className="field">
        New password (at least 10 characters)
        <input
          type="password"
          autoComplete="new-password"
          value={next}
          aria-invalid={f('newPassword') ? true : undefined}
          onChange={(e) => setNext(e.target.value)}
        />
        <FieldError id="new-password-error" message={f('newPassword')} />
      </label>
      <label className="field">
        New password again
        <input
          type="password"
          autoComplete="new-password"
          value={repeat}
          aria-invalid={mismatch ? true : undefined}
          onChange={(e) => setRepeat(e.target.value)}
        />
        <FieldError
          id="repeat-password-error"
          message={mismatch ? 'does not match the new password' : undefined}
        />
      </label>
      <div className="toolbar">
        <button
          type="submit"
          className="button button--primary"
          disabled={result.fetching || !current || !next}
        >
          Change password
        </button>
      </div>
    </form>
  );
}
