'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import { graphql } from '../../lib/gql';
import type { SegmentsQuery } from '../../lib/gql/graphql';
import { approvalRequired, fieldError, graphErrors } from '../../lib/graph-errors';
import { CreateChangeRequestDocument } from '../releases/release-queries';
import { conditionDraft, conditionInput, emptyCondition } from '../components/condition-model';
import { describeKeys, keyBatches, parseKeys } from './key-list';
import { KeyPaste, sendKeyBatches } from './key-paste';
import { CreateSegmentDocument, UpdateSegmentDocument } from './segment-queries';
import { SegmentRulesEditor, type SegmentRuleDraft } from './segment-rules-editor';
import { ErrorList, FieldError, Loading, When } from '../components/ui';
import { useConsole } from '../console-context';
import { availableIn } from '../../lib/project-scope';

const SegmentsDocument = graphql(`
  query Segments($project: String) {
    segments(project: $project) {
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
          caseInsensitive
          regexFlags
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

type Segment = SegmentsQuery['segments'][number];

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
  const { project } = useConsole();
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
  });
  // A key list's text once the user edits it; until then the list as loaded (and reloaded after a
  // paste or a change elsewhere) is shown, and a save leaves that list alone.
  const [edited, setEdited] = useState<Record<'included' | 'excluded', string | null>>({
    included: null,
    excluded: null,
  });
  const listText = (list: 'included' | 'excluded') => edited[list] ?? segment?.[list].join('\n') ?? '';
  const client = useClient();
  // The version the paste boxes last saved: newer than the list's until the list reloads.
  const [savedVersion, setSavedVersion] = useState(0);
  const version = Math.max(segment?.version ?? 0, savedVersion);
  const [open, setOpen] = useState(Boolean(segment));
  const [created, createSegment] = useMutation(CreateSegmentDocument);
  const [updated, updateSegment] = useMutation(UpdateSegmentDocument);
  // A segment a flag uses where approval is required changes through a change request instead.
  const [proposal, propose] = useMutation(CreateChangeRequestDocument);
  const [proposedIn, setProposedIn] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const info = graphErrors(
    segment ? (proposedIn !== null ? proposal.error : (proposal.error ?? updated.error)) : created.error,
  );
  const f = (n: string) => fieldError(info.fields, n);
  const id = segment ? `segment-${segment.key}` : 'segment-new';
  // Lists longer than what was loaded are shown in part and cannot be replaced from here.
  const readOnly = {
    included: Boolean(segment && segment.includedCount > segment.included.length),
    excluded: Boolean(segment && segment.excludedCount > segment.excluded.length),
  };

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
    const included = parseKeys(listText('included')).keys;
    const excluded = parseKeys(listText('excluded')).keys;
    const common = {
      name: values.name.trim(),
      description: values.description.trim() || null,
      rules: rules.map((r) => ({
        ...(r.id ? { id: r.id } : {}),
        conditions: r.conditions.map(conditionInput),
      })),
    };
    if (segment) {
      // A list is replaced only when its text was edited (and it was shown whole): large lists change
      // through the paste boxes, and an untouched list must not be cut to the keys loaded.
      const lists = {
        ...(edited.included !== null && !readOnly.included ? { included } : {}),
        ...(edited.excluded !== null && !readOnly.excluded ? { excluded } : {}),
      };
      const input = { ...common, ...lists };
      setProposedIn(null);
      const res = await updateSegment({ key: segment.key, expectedVersion: version, input });
      if (approvalRequired(res.error) && availableIn('change-requests', project)) {
        const request = await propose({
          input: { project, expectedVersion: version, segment: { key: segment.key, update: input } },
        });
        if (request.data) setProposedIn(request.data.createChangeRequest.environment);
        return;
      }
      if (res.data) onDone?.();
    } else {
      // A paste may be larger than one request may carry: create with the first batch, add the rest.
      const [firstIncluded = [], ...moreIncluded] = keyBatches(included);
      const [firstExcluded = [], ...moreExcluded] = keyBatches(excluded);
      const res = await createSegment({
        input: {
          key: values.key.trim(),
          project,
          ...common,
          included: firstIncluded,
          excluded: firstExcluded,
        },
      });
      if (res.data) {
        const key = res.data.createSegment.key;
        let version = res.data.createSegment.version;
        const problems: string[] = [];
        for (const [list, rest] of [
          ['included', moreIncluded.flat()],
          ['excluded', moreExcluded.flat()],
        ] as const) {
          if (rest.length === 0) continue;
          const outcome = await sendKeyBatches(client, key, version, list, 'add', rest);
          version = outcome.version;
          if (outcome.error)
            problems.push(
              `${outcome.error} ${(rest.length - outcome.sent).toLocaleString('en')} ${list} keys were not added; paste them into the segment's editor.`,
            );
        }
        setMessage(`Created ${key}.${problems.length > 0 ? ` ${problems.join(' ')}` : ''}`);
        setValues({ key: '', name: '', description: '' });
        setEdited({ included: null, excluded: null });
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
      {proposedIn !== null ? (
        <p className="alert alert--success" role="status" data-testid="segment-proposed">
          A flag uses this segment in {proposedIn}, which requires approval: the change is proposed as a{' '}
          <Link href="/changes">change request</Link> and applies once approved.
        </p>
      ) : null}
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
        {(['included', 'excluded'] as const).map((list) => (
          <KeysField
            key={list}
            label={list === 'included' ? 'Included keys (comma or line separated)' : 'Excluded keys'}
            list={list}
            id={id}
            value={listText(list)}
            total={list === 'included' ? segment?.includedCount : segment?.excludedCount}
            readOnly={readOnly[list]}
            error={f(list)}
            onChange={(text) => setEdited({ ...edited, [list]: text })}
          />
        ))}
      </div>
      {segment ? (
        <div className="toolbar">
          {(['included', 'excluded'] as const).map((list) => (
            <KeyPaste
              key={list}
              segmentKey={segment.key}
              version={version}
              list={list}
              onSaved={setSavedVersion}
            />
          ))}
        </div>
      ) : null}
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

/** One key list of the form, with its count; a list longer than what was loaded is shown in part, read-only. */
function KeysField({
  label,
  list,
  id,
  value,
  total,
  readOnly,
  error,
  onChange,
}: {
  label: string;
  list: 'included' | 'excluded';
  id: string;
  value: string;
  total: number | undefined;
  readOnly: boolean;
  error: string | undefined;
  onChange: (text: string) => void;
}) {
  const parsed = parseKeys(value);
  return (
    <div className="field grow">
      <label htmlFor={`${id}-${list}`}>{label}</label>
      <textarea
        id={`${id}-${list}`}
        rows={3}
        value={value}
        readOnly={readOnly}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-${list}-count ${id}-${list}-error`}
        onChange={(e) => onChange(e.target.value)}
      />
      <span className="muted" id={`${id}-${list}-count`} data-testid={`${list}-count`}>
        {readOnly
          ? `The first ${parsed.keys.length.toLocaleString('en')} of ${(total ?? 0).toLocaleString('en')} keys; add or remove keys with the paste box.`
          : describeKeys(parsed)}
      </span>
      <FieldError id={`${id}-${list}-error`} message={error} />
    </div>
  );
}
