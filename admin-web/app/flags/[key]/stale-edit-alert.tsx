'use client';

import type { ReactNode } from 'react';

/** Shown when the flag changed under an open editor: their version, and the choice to overwrite it. */
export function StaleEditAlert({
  message,
  theirs,
  onOverwrite,
}: {
  message: string | undefined;
  theirs: ReactNode;
  onOverwrite: () => void;
}) {
  return (
    <div className="alert alert--warning" role="alert">
      <p className="alert__title">{message ?? 'Someone else changed this flag while you were editing.'}</p>
      <p>Theirs: {theirs}. Your edits are kept below.</p>
      <button type="button" className="button button--danger" onClick={onOverwrite}>
        Save mine over theirs
      </button>
    </div>
  );
}
