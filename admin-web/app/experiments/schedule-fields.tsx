'use client';

import { fromLocalInput } from '../../lib/local-datetime';
import { FieldError } from '../components/ui';

/** The schedule and layer of an experiment as the form holds them (local times, text numbers). */
export interface ScheduleDraft {
  startsAt: string;
  endsAt: string;
  layerKey: string;
  layerPercent: string;
}

export const emptySchedule: ScheduleDraft = { startsAt: '', endsAt: '', layerKey: '', layerPercent: '' };

/** The graph's input: times in ISO (null clears), the layer only when a key is given (null leaves it). */
export function scheduleInput(d: ScheduleDraft) {
  return {
    startsAt: fromLocalInput(d.startsAt),
    endsAt: fromLocalInput(d.endsAt),
    layer: d.layerKey.trim() ? { key: d.layerKey.trim(), percent: Number(d.layerPercent) } : null,
  };
}

/** Scheduled start and end, and the layer slice, for the create wizard and the experiment page. */
export function ScheduleFields({
  value,
  onChange,
  f,
  idPrefix,
}: {
  value: ScheduleDraft;
  onChange: (next: ScheduleDraft) => void;
  f: (name: string) => string | undefined;
  idPrefix: string;
}) {
  const field = (name: keyof ScheduleDraft, label: string, error: string | undefined, extra = {}) => (
    <label className="field">
      {label}
      <input
        value={value[name]}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${idPrefix}-${name}-error`}
        onChange={(e) => onChange({ ...value, [name]: e.target.value })}
        {...extra}
      />
      <FieldError id={`${idPrefix}-${name}-error`} message={error} />
    </label>
  );
  const percentError = f('layer.percent');
  // An error about the layer as a whole (a full layer) belongs beside its key.
  const layerError = f('layer.key') ?? (percentError ? undefined : f('layer'));
  return (
    <div className="toolbar">
      {field('startsAt', 'Starts at', f('startsAt'), { type: 'datetime-local' })}
      {field('endsAt', 'Ends at', f('endsAt'), { type: 'datetime-local' })}
      {field('layerKey', 'Layer', layerError, { placeholder: 'none' })}
      {field('layerPercent', 'Share of the layer %', percentError, {
        type: 'number',
        min: 0,
        max: 100,
        step: 0.001,
        required: value.layerKey.trim() !== '',
      })}
    </div>
  );
}
