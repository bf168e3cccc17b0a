'use client';

import { useState } from 'react';
import { type Client, useClient } from 'urql';
import { graphErrors } from '../../lib/graph-errors';
import { ErrorList } from '../components/ui';
import { describeKeys, keyBatches, parseKeys } from './key-list';
import { UpdateSegmentDocument } from './segment-queries';

export type KeyList = 'included' | 'excluded';
type Change = 'add' | 'remove';

const FIELDS = {
  included: { add: 'addIncluded', remove: 'removeIncluded' },
  excluded: { add: 'addExcluded', remove: 'removeExcluded' },
} as const;

export interface BatchOutcome {
  /** The segment's version after the last batch that went through. */
  version: number;
  sent: number;
  error: string | null;
}

/**
 * Adds keys to (or removes them from) a segment's list, one request per batch under the gateway's
 * body limit, each with the version the previous one returned. Adding and removing are idempotent,
 * so after a failure sending the same paste again finishes the job.
 */
export async function sendKeyBatches(
  client: Client,
  segmentKey: string,
  version: number,
  list: KeyList,
  change: Change,
  keys: string[],
  onProgress?: (sent: number) => void,
): Promise<BatchOutcome> {
  let sent = 0;
  for (const batch of keyBatches(keys)) {
    const res = await client
      .mutation(UpdateSegmentDocument, {
        key: segmentKey,
        expectedVersion: version,
        input: { [FIELDS[list][change]]: batch },
      })
      .toPromise();
    if (!res.data) {
      const info = graphErrors(res.error);
      const message =
        info.conflict?.message ?? info.general[0] ?? Object.values(info.fields)[0] ?? 'The save failed.';
      return { version, sent, error: message };
    }
    version = res.data.updateSegment.version;
    sent += batch.length;
    onProgress?.(sent);
  }
  return { version, sent, error: null };
}

/** Paste a large key list (newline or comma separated) and add it to, or remove it from, one list. */
export function KeyPaste({
  segmentKey,
  version,
  list,
  onSaved,
}: {
  segmentKey: string;
  version: number;
  list: KeyList;
  /** With the segment's version after the last batch saved (the list may not have reloaded yet). */
  onSaved: (version: number) => void;
}) {
  const client = useClient();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const parsed = parseKeys(text);
  const id = `paste-${segmentKey}-${list}`;

  const send = async (change: Change) => {
    setBusy(true);
    setError(null);
    const total = parsed.keys.length;
    const outcome = await sendKeyBatches(client, segmentKey, version, list, change, parsed.keys, (sent) =>
      setProgress(`Sent ${sent.toLocaleString('en')} of ${total.toLocaleString('en')} keys…`),
    );
    setBusy(false);
    const verb = change === 'add' ? 'Added' : 'Removed';
    if (outcome.error) {
      // What went through is saved; the paste stays so sending it again finishes (it is idempotent).
      setError(
        `${outcome.error} ${outcome.sent.toLocaleString('en')} of ${total.toLocaleString('en')} keys were saved; send again to finish.`,
      );
      setProgress(null);
    } else {
      setProgress(`${verb} ${total.toLocaleString('en')} keys.`);
      setText('');
    }
    if (outcome.sent > 0) onSaved(outcome.version);
  };

  return (
    <div className="field grow" data-testid={id}>
      <label htmlFor={id}>Paste {list} keys (one per line or comma separated)</label>
      <textarea
        id={id}
        rows={4}
        value={text}
        aria-describedby={`${id}-count`}
        onChange={(e) => setText(e.target.value)}
      />
      <p className="muted" id={`${id}-count`} data-testid="paste-count">
        {describeKeys(parsed)}
      </p>
      <div className="toolbar">
        {(['add', 'remove'] as const).map((change) => (
          <button
            key={change}
            type="button"
            className="button button--small"
            disabled={busy || parsed.keys.length === 0 || parsed.tooLong.length > 0}
            onClick={() => void send(change)}
          >
            {change === 'add' ? `Add to ${list}` : `Remove from ${list}`}
          </button>
        ))}
      </div>
      {progress ? (
        <p role="status" data-testid="paste-progress">
          {progress}
        </p>
      ) : null}
      <ErrorList messages={error ? [error] : []} />
    </div>
  );
}
