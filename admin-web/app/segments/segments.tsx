'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../lib/gql';
import type { SegmentsQuery } from '../../lib/gql/graphql';
import { fieldError, graphErrors } from '../../lib/graph-errors';
import { conditionDraft, conditionInput, emptyCondition } from '../components/condition-model';
import { SegmentRulesEditor, type SegmentRuleDraft } from './segment-rules-editor';
import { ErrorList, FieldError, Loading, When } from '../components/ui';
import { useConsole } from '../console-context';

const SegmentsDocument = graphql(`
  query Segments {
    segments {
      key
      name
      description
      includedCount
      excludedCount
      included(first: 1000)
      excluded(first: 1000)
      rules {
        id
        conditions {
          attribute
          operator
          values
          negate
        }
      }
      version
      updatedAt
      usedByFlags {
        key
      }
    }
  }
`);

const CreateSegmentDocument = graphql(`
  mutation CreateSegment($input: CreateSegmentInput!) {
    createSegment(input: $input) {
      key
      version
    }
  }
`);

const UpdateSegmentDocument = graphql(`
  mutation UpdateSegment($key: String!, $expectedVersion: Int!, $input: UpdateSegmentInput!) {
    updateSegment(key: $key, expectedVersion: $expectedVersion, input: $input) {
      key
      version
    }
  }
`);

type Segment = SegmentsQuery['segments'][number];

const splitKeys = (s: string) =>
  s
    .split(/[,\n]/)
    .map((k) => k.trim())
    .filter(Boolean);

export function Segments() {
  const { canEdit } = useConsole();
  const [{ data, error }] = useQuery({ query: SegmentsDocument, pause: typeof window === 'undefined' });
  const [editing, setEditing] = useState<string | null>(null);
  const all = (data?.segments ?? []).map((s) => ({ key: s.key, name: s.name }));
  return (
    <>
      {canEdit ? <SegmentForm key="new" segments={all} /> : null}
      <ErrorList messages={graphErrors(error).general} title="The segments could not be loaded." />
      {data ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Segments</caption>
            <thead>
              <tr>
                <th scope="col">Segment</th>
                <th scope="col" className="num">
                  Included
                </th>
                <th scope="col" className="num">
                  Excluded
                </th>
                <th scope="col" className="num">
                  Rules
                </th>
                <th scope="col">Used by</th>
                <th scope="col">Updated</th>
                {canEdit ? (
                  <th scope="col">
                    <span className="visually-hidden">Edit</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {data.segments.map((s) => (
                <SegmentRowView
                  key={s.key}
                  segment={s}
                  segments={all}
                  canEdit={canEdit}
                  editing={editing === s.key}
                  setEditing={(on) => setEditing(on ? s.key : null)}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : error ? null : (
        <Loading what="segments" />
      )}
    </>
  );
}

type SegmentRef = { key: string; name: string };

function SegmentRowView({
  segment: s,
  segments,
  canEdit,
  editing,
  setEditing,
}: {
  segment: Segment;
  segments: SegmentRef[];
  canEdit: boolean;
  editing: boolean;
  setEditing: (on: boolean) => void;
}) {
  return (
    <>
      <tr data-testid="segment-row">
        <th scope="row">
          {s.name}
          <br />
          <code className="muted">{s.key}</code>
          {s.description ? <span className="muted"> — {s.description}</span> : null}
        </th>
        <td className="num">{s.includedCount}</td>
        <td className="num">{s.excludedCount}</td>
        <td className="num">{s.rules.length}</td>
        <td>
          {s.usedByFlags.length === 0 ? (
            <span className="muted">No flag</span>
          ) : (
            s.usedByFlags.map((f, i) => (
              <span key={f.key}>
                {i > 0 ? ', ' : ''}
                <Link href={`/flags/${encodeURIComponent(f.key)}`}>{f.key}</Link>
              </span>
            ))
          )}
        </td>
        <td>
          <When at={s.updatedAt} />
        </td>
        {canEdit ? (
          <td>
            <button
              type="button"
              className="button button--small"
              aria-expanded={editing}
              onClick={() => setEditing(!editing)}
            >
              {editing ? 'Close' : 'Edit'}
            </button>
          </td>
        ) : null}
      </tr>
      {editing ? (
        <tr>
          <td colSpan={7}>
            <SegmentForm segment={s} segments={segments} onDone={() => setEditing(false)} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

let ruleUid = 0;
const newRule = (): SegmentRuleDraft => ({ uid: `s${++ruleUid}`, id: '', conditions: [emptyCondition()] });

function SegmentForm({
  segment,
  segments,
  onDone,
}: {
  segment?: Segment;
  segments: SegmentRef[];
  onDone?: () => void;
}) {
  const [rules, setRules] = useState<SegmentRuleDraft[]>(
    () =>
      segment?.rules.map((r) => ({
        uid: `s${++ruleUid}`,
        id: r.id,
        conditions: r.conditions.map(conditionDraft),
      })) ?? [],
  );
  const [values, setValues] = useState({
    key: segment?.key ?? '',
    name: segment?.name ?? '',
    description: segment?.description ?? '',
    included: segment?.included.join(', ') ?? '',
    excluded: segment?.excluded.join(', ') ?? '',
  });
  const [open, setOpen] = useState(Boolean(segment));
  const [created, createSegment] = useMutation(CreateSegmentDocument);
  const [updated, updateSegment] = useMutation(UpdateSegmentDocument);
  const [message, setMessage] = useState<string | null>(null);
  const info = graphErrors(segment ? updated.error : created.error);
  const f = (n: string) => fieldError(info.fields, n);
  const id = segment ? `segment-${segment.key}` : 'segment-new';

  if (!open) {
    return (
      <div className="toolbar">
        <button type="button" className="button button--primary" onClick={() => setOpen(true)}>
          New segment
        </button>
        {message ? <span role="status">{message}</span> : null}
      </div>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const common = {
      name: values.name.trim(),
      description: values.description.trim() || null,
      included: splitKeys(values.included),
      excluded: splitKeys(values.excluded),
      rules: rules.map((r) => ({
        ...(r.id ? { id: r.id } : {}),
        conditions: r.conditions.map(conditionInput),
      })),
    };
    if (segment) {
      const res = await updateSegment({ key: segment.key, expectedVersion: segment.version, input: common });
      if (res.data) onDone?.();
    } else {
      const res = await createSegment({ input: { key: values.key.trim(), ...common } });
      if (res.data) {
        setMessage(`Created ${res.data.createSegment.key}.`);
        setValues({ key: '', name: '', description: '', included: '', excluded: '' });
        setRules([]);
        setOpen(false);
      }
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-label={segment ? `Edit ${segment.key}` : 'New segment'}>
      {info.conflict ? (
        <p className="alert alert--warning" role="alert">
          {info.conflict.message} Your edits are kept; reload the list to see theirs.
        </p>
      ) : null}
      <ErrorList messages={info.general} title="The segment was not saved." />
      <div className="toolbar">
        {segment ? null : (
          <label className="field">
            Key
            <input
              required
              value={values.key}
              aria-invalid={f('key') ? true : undefined}
              aria-describedby={`${id}-key-error`}
              onChange={(e) => setValues({ ...values, key: e.target.value })}
            />
            <FieldError id={`${id}-key-error`} message={f('key')} />
          </label>
        )}
        <label className="field">
          Name
          <input
            required
            value={values.name}
            aria-invalid={f('name') ? true : undefined}
            aria-describedby={`${id}-name-error`}
            onChange={(e) => setValues({ ...values, name: e.target.value })}
          />
          <FieldError id={`${id}-name-error`} message={f('name')} />
        </label>
        <label className="field grow">
          Description
          <input
            value={values.description}
            onChange={(e) => setValues({ ...values, description: e.target.value })}
          />
        </label>
      </div>
      <div className="toolbar">
        <label className="field grow">
          Included keys (comma or line separated)
          <textarea
            rows={3}
            value={values.included}
            aria-invalid={f('included') ? true : undefined}
            onChange={(e) => setValues({ ...values, included: e.target.value })}
          />
          <FieldError id={`${id}-included-error`} message={f('included')} />
        </label>
        <label className="field grow">
          Excluded keys
          <textarea
            rows={3}
            value={values.excluded}
            aria-invalid={f('excluded') ? true : undefined}
            onChange={(e) => setValues({ ...values, excluded: e.target.value })}
          />
          <FieldError id={`${id}-excluded-error`} message={f('excluded')} />
        </label>
      </div>
      <SegmentRulesEditor
        rules={rules}
        onChange={setRules}
        onAdd={() => setRules([...rules, newRule()])}
        segments={segments.filter((x) => x.key !== segment?.key)}
        f={f}
        listError={info.fields.rules}
      />
      <div className="toolbar" style={{ marginBottom: 0 }}>
        <button
          type="submit"
          className="button button--primary"
          disabled={created.fetching || updated.fetching}
        >
          {segment ? 'Save segment' : 'Create segment'}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setOpen(Boolean(segment));
            onDone?.();
          }}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
