'use client';

import { type FormEvent, useEffect, useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../../lib/gql';
import { fieldError, graphErrors } from '../../../lib/graph-errors';
import { toLocalInput } from '../../../lib/local-datetime';
import { ConfirmDialog, ErrorList, When } from '../../components/ui';
import { type ScheduleDraft, ScheduleFields, scheduleInput } from '../schedule-fields';

const UpdateScheduleDocument = graphql(`
  mutation UpdateExperimentSchedule(
    $key: String!
    $project: String
    $input: UpdateExperimentInput!
    $v: Int!
    $restart: Boolean
  ) {
    updateExperiment(key: $key, project: $project, input: $input, expectedVersion: $v, restart: $restart) {
      key
      version
      status
      startsAt
      endsAt
      analysisStartedAt
      layer {
        key
        rangeStart
        rangeEnd
      }
    }
  }
`);

interface ScheduledExperiment {
  key: string;
  name: string;
  status: string;
  version: number;
  startsAt?: string | null;
  endsAt?: string | null;
  scheduleError?: string | null;
  layer?: { key: string; rangeStart: number; rangeEnd: number } | null;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

function draftOf(x: ScheduledExperiment): ScheduleDraft {
  return {
    startsAt: toLocalInput(x.startsAt),
    endsAt: toLocalInput(x.endsAt),
    layerKey: x.layer?.key ?? '',
    layerPercent: x.layer ? String(round3(x.layer.rangeEnd - x.layer.rangeStart)) : '',
  };
}

/**
 * The experiment's schedule and layer. A running or paused experiment keeps its layer unless
 * the change restarts the analysis, so such a save says so and asks first.
 */
export function ScheduleEditor({
  experiment: x,
  editable,
}: {
  experiment: ScheduledExperiment;
  editable: boolean;
}) {
  const [draft, setDraft] = useState<ScheduleDraft>(() => draftOf(x));
  const [dirty, setDirty] = useState(false);
  // A newer version (a restart, a live update) replaces the form only when nothing is typed in it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the experiment's version only
  useEffect(() => {
    if (!dirty) setDraft(draftOf(x));
  }, [x.version]);
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState(false);
  const [result, update] = useMutation(UpdateScheduleDocument);
  const info = graphErrors(result.error);
  const f = (n: string) => fieldError(info.fields, n);
  const current = draftOf(x);
  const layerChanged =
    draft.layerKey !== current.layerKey ||
    (draft.layerKey !== '' && Number(draft.layerPercent) !== Number(current.layerPercent));
  const live = x.status === 'RUNNING' || x.status === 'PAUSED';
  const restart = live && layerChanged;

  async function save() {
    setConfirming(false);
    setSaved(false);
    const { layer, ...times } = scheduleInput(draft);
    const res = await update({
      key: x.key,
      v: x.version,
      restart,
      input: layerChanged ? { ...times, layer } : times,
    });
    if (res.data) {
      setSaved(true);
      setDirty(false);
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (live) setConfirming(true);
    else void save();
  };

  return (
    <section className="card" aria-labelledby="schedule-title">
      <h2 id="schedule-title">Schedule and layer</h2>
      {x.scheduleError ? (
        <p className="alert alert--error" role="alert">
          The scheduled change failed (it is retried): {x.scheduleError}
        </p>
      ) : null}
      {editable && x.status !== 'COMPLETED' ? (
        <form onSubmit={submit} aria-label="Schedule and layer">
          <ErrorList
            messages={[...info.general, ...(info.conflict ? [info.conflict.message] : [])]}
            title="The schedule was not saved."
          />
          <ScheduleFields
            value={draft}
            onChange={(d) => {
              setDraft(d);
              setDirty(true);
              setSaved(false);
            }}
            f={f}
            idPrefix="schedule"
          />
          <div className="toolbar" style={{ marginBottom: 0 }}>
            <button type="submit" className="button button--primary" disabled={result.fetching}>
              {restart ? 'Save and restart' : 'Save schedule'}
            </button>
            {saved ? <span role="status">Saved.</span> : null}
          </div>
          <ConfirmDialog
            open={confirming}
            title={
              restart ? `Restart “${x.name}” with the new layer?` : `Change the schedule of “${x.name}”?`
            }
            confirmLabel={restart ? 'Save and restart' : 'Save schedule'}
            danger={restart}
            onCancel={() => setConfirming(false)}
            onConfirm={() => void save()}
          >
            {restart ? (
              <p>
                Moving a running experiment to another layer slice starts a new analysis period: results so
                far are set aside, assignments stay sticky.
              </p>
            ) : (
              <p>The experiment is live; it completes on its own at the end time.</p>
            )}
          </ConfirmDialog>
        </form>
      ) : (
        <dl className="kv">
          <dt>Starts</dt>
          <dd>
            <When at={x.startsAt} />
          </dd>
          <dt>Ends</dt>
          <dd>
            <When at={x.endsAt} />
          </dd>
          <dt>Layer</dt>
          <dd>
            {x.layer ? (
              `${x.layer.key}, ${round3(x.layer.rangeStart)}–${round3(x.layer.rangeEnd)}%`
            ) : (
              <span className="muted">None</span>
            )}
          </dd>
        </dl>
      )}
    </section>
  );
}
