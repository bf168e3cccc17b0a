'use client';

import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { fieldError, type GraphErrorInfo, graphErrors } from '../../../lib/graph-errors';
import { ErrorList, FieldError } from '../../components/ui';
import { type FlagDetail, UpdateFlagDocument } from './flag-queries';
import { StaleEditAlert } from './stale-edit-alert';
import { parseValue, valueToText } from './variation-values';

interface VariationDraft {
  uid: number;
  key: string;
  name: string;
  description: string;
  value: string;
}

const noErrors: GraphErrorInfo = { fields: {}, general: [], conflict: null };
let uidCounter = 0;

/**
 * Adds, edits and removes the flag's variations, saved as one list with the version they
 * were read at. Values are typed for the flag's type before anything is sent; the graph's
 * own refusals (a duplicate key, a variation still served) appear beside the field they name.
 */
export function VariationsEditor({ flag, onClose }: { flag: FlagDetail; onClose: () => void }) {
  const type = flag.type;
  const [baseVersion] = useState(flag.version);
  const [rows, setRows] = useState<VariationDraft[]>(() =>
    flag.variations.map((v) => ({
      uid: ++uidCounter,
      key: v.key,
      name: v.name ?? '',
      description: v.description ?? '',
      value: valueToText(type, v.value),
    })),
  );
  const [errors, setErrors] = useState<GraphErrorInfo>(noErrors);
  const [result, updateFlag] = useMutation(UpdateFlagDocument);
  const parsed = rows.map((r) => parseValue(type, r.value));
  const changedElsewhere = flag.version !== baseVersion;
  const f = (name: string) => fieldError(errors.fields, name);

  const edit = (i: number, patch: Partial<VariationDraft>) => {
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    setErrors((prev) => ({ ...prev, fields: {} }));
  };

  async function save(expectedVersion: number) {
    if (parsed.some((p) => !p.ok)) return;
    const res = await updateFlag({
      key: flag.key,
      expectedVersion,
      input: {
        variations: rows.map((r, i) => ({
          key: r.key.trim(),
          name: r.name.trim() || null,
          description: r.description.trim() || null,
          value: (parsed[i] as { value: unknown }).value,
        })),
      },
    });
    setErrors(graphErrors(res.error));
    if (res.data) onClose();
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(baseVersion);
  };

  return (
    <form onSubmit={submit} aria-label="Edit variations" data-testid="variations-form">
      {errors.conflict || changedElsewhere ? (
        <StaleEditAlert
          message={errors.conflict?.message}
          theirs={flag.variations.map((v) => `${v.key} = ${JSON.stringify(v.value)}`).join(', ')}
          onOverwrite={() => void save(flag.version)}
        />
      ) : null}
      <ErrorList messages={errors.general} title="The variations were not saved." />
      <FieldError id="variations-error" message={errors.fields.variations} />
      {rows.map((r, i) => {
        const p = `variations.${i}`;
        const id = `variation-${r.uid}`;
        const valueError = f(`${p}.value`) ?? (parsed[i]!.ok ? undefined : parsed[i]!.message);
        return (
          <fieldset key={r.uid} className="variation-row" data-testid="variation-row">
            <legend>Variation {i + 1}</legend>
            <div className="toolbar">
              <label className="field">
                Key
                <input
                  required
                  value={r.key}
                  aria-invalid={f(`${p}.key`) ? true : undefined}
                  aria-describedby={`${id}-key-error`}
                  onChange={(e) => edit(i, { key: e.target.value })}
                />
                <FieldError id={`${id}-key-error`} message={f(`${p}.key`)} />
              </label>
              <label className="field">
                Name
                <input value={r.name} onChange={(e) => edit(i, { name: e.target.value })} />
              </label>
              <div className="field grow">
                <label htmlFor={`${id}-value`}>Value ({type.toLowerCase()})</label>
                {type === 'BOOLEAN' ? (
                  <select
                    id={`${id}-value`}
                    value={r.value}
                    aria-invalid={valueError ? true : undefined}
                    aria-describedby={`${id}-value-error`}
                    onChange={(e) => edit(i, { value: e.target.value })}
                  >
                    <option value="true">true</option>
                    <option value="false">false</option>
                  </select>
                ) : type === 'JSON' ? (
                  <textarea
                    id={`${id}-value`}
                    rows={3}
                    value={r.value}
                    spellCheck={false}
                    aria-invalid={valueError ? true : undefined}
                    aria-describedby={`${id}-value-error`}
                    onChange={(e) => edit(i, { value: e.target.value })}
                  />
                ) : (
                  <input
                    id={`${id}-value`}
                    value={r.value}
                    inputMode={type === 'NUMBER' ? 'decimal' : undefined}
                    aria-invalid={valueError ? true : undefined}
                    aria-describedby={`${id}-value-error`}
                    onChange={(e) => edit(i, { value: e.target.value })}
                  />
                )}
                <FieldError id={`${id}-value-error`} message={valueError} />
              </div>
              <button
                type="button"
                className="button button--small"
                aria-label={`Remove variation ${i + 1}`}
                onClick={() => {
                  setRows(rows.filter((_, j) => j !== i));
                  setErrors((prev) => ({ ...prev, fields: {} }));
                }}
              >
                Remove
              </button>
            </div>
            <label className="field">
              Description
              <input value={r.description} onChange={(e) => edit(i, { description: e.target.value })} />
            </label>
          </fieldset>
        );
      })}
      <div className="toolbar" style={{ marginTop: '1rem', marginBottom: 0 }}>
        <button
          type="button"
          className="button button--small"
          onClick={() =>
            setRows([
              ...rows,
              {
                uid: ++uidCounter,
                key: '',
                name: '',
                description: '',
                value: type === 'BOOLEAN' ? 'false' : type === 'JSON' ? 'null' : '',
              },
            ])
          }
        >
          Add variation
        </button>
        <button
          type="submit"
          className="button button--primary"
          disabled={result.fetching || parsed.some((p) => !p.ok)}
        >
          Save variations
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
