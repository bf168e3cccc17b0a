'use client';

import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { fieldError, graphErrors } from '../../../lib/graph-errors';
import { ConfirmDialog, ErrorList, FieldError } from '../../components/ui';
import { graphql } from '../../../lib/gql';
import { type FlagDetail, UpdateFlagDocument } from './flag-queries';
import { StaleEditAlert } from './stale-edit-alert';

export const ArchiveFlagDocument = graphql(`
  mutation ArchiveFlag($key: String!, $project: String, $v: Int!) {
    archiveFlag(key: $key, project: $project, expectedVersion: $v) {
      key
      archived
      version
    }
  }
`);

const RestoreFlagDocument = graphql(`
  mutation RestoreFlag($key: String!, $project: String, $v: Int!) {
    restoreFlag(key: $key, project: $project, expectedVersion: $v) {
      key
      archived
      version
    }
  }
`);

/** Name, description, tags and owner, saved with the version they were read at; archive/restore. */
export function DetailsEditor({ flag, onClose }: { flag: FlagDetail; onClose: () => void }) {
  const [baseVersion] = useState(flag.version);
  const [v, setV] = useState({
    name: flag.name,
    description: flag.description ?? '',
    tags: flag.tags.join(', '),
    owner: flag.owner ?? '',
  });
  const [result, updateFlag] = useMutation(UpdateFlagDocument);
  const info = graphErrors(result.error);
  const f = (n: string) => fieldError(info.fields, n);
  const changedElsewhere = flag.version !== baseVersion;

  async function save(expectedVersion: number) {
    const res = await updateFlag({
      key: flag.key,
      expectedVersion,
      input: {
        name: v.name.trim(),
        description: v.description.trim() || null,
        tags: v.tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
        owner: v.owner.trim() || null,
      },
    });
    if (res.data) onClose();
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(baseVersion);
  };

  return (
    <form onSubmit={submit} aria-label="Edit details">
      {info.conflict || changedElsewhere ? (
        <StaleEditAlert
          message={info.conflict?.message}
          theirs={`name “${flag.name}”, description “${flag.description ?? ''}”, tags ${flag.tags.join(', ') || 'none'}, owner ${flag.owner ?? 'none'}`}
          onOverwrite={() => void save(flag.version)}
        />
      ) : null}
      <ErrorList messages={info.general} title="The details were not saved." />
      <div className="toolbar">
        {(
          [
            ['name', 'Flag name'],
            ['description', 'Description'],
            ['tags', 'Tags (comma separated)'],
            ['owner', 'Owner'],
          ] as const
        ).map(([name, label]) => (
          <label className="field grow" key={name}>
            {label}
            <input
              value={v[name]}
              required={name === 'name'}
              aria-invalid={f(name) ? true : undefined}
              aria-describedby={`details-${name}-error`}
              onChange={(e) => setV({ ...v, [name]: e.target.value })}
            />
            <FieldError id={`details-${name}-error`} message={f(name)} />
          </label>
        ))}
      </div>
      <div className="toolbar" style={{ marginBottom: 0 }}>
        <button type="submit" className="button button--primary" disabled={result.fetching}>
          Save details
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function ArchiveButton({ flag }: { flag: FlagDetail }) {
  const [confirming, setConfirming] = useState(false);
  const [archived, archive] = useMutation(ArchiveFlagDocument);
  const [restored, restore] = useMutation(RestoreFlagDocument);
  const info = graphErrors(archived.error ?? restored.error);
  return (
    <>
      <button type="button" className="button" onClick={() => setConfirming(true)}>
        {flag.archived ? 'Restore flag' : 'Archive flag'}
      </button>
      <ErrorList messages={[...info.general, ...(info.conflict ? [info.conflict.message] : [])]} />
      <ConfirmDialog
        open={confirming}
        title={flag.archived ? `Restore ${flag.key}?` : `Archive ${flag.key}?`}
        confirmLabel={flag.archived ? 'Restore' : 'Archive'}
        danger={!flag.archived}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void (flag.archived ? restore : archive)({ key: flag.key, v: flag.version });
        }}
      >
        <p>
          {flag.archived
            ? 'The flag is evaluated again with its targeting.'
            : 'An archived flag is evaluated as unknown (callers get their defaults) and hidden from the list.'}
        </p>
      </ConfirmDialog>
    </>
  );
}
