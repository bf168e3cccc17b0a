// What the client evaluates against: a compiled flag set (server keys, evaluated locally by the shared core) or one
// context's values evaluated by the graph (client keys). Both answer the same questions the same way.

import type { EvaluationContext, EvaluationReason, EvaluationResult, FlagSet } from '@switchyard/core';
import type { ConfigSnapshot, EvaluatedFlag } from './types';

export interface ConfigState {
  readonly kind: 'flagSet' | 'evaluated';
  readonly version: number;
  /** Never throws; an unknown flag or a wrong default gives reason ERROR and the default. */
  evaluate<T>(key: string, context: EvaluationContext, defaultValue: T): EvaluationResult<T>;
  keys(): string[];
  /** The variant `context` is enrolled in, or null when not enrolled or the experiment is unknown. */
  experimentVariant(experimentKey: string, context: EvaluationContext): string | null;
  /** Every flag's value for `context`, to hand to a browser (server-rendered pages). */
  evaluateAll(context: EvaluationContext): Record<string, EvaluatedFlag>;
  /** What is persisted. */
  snapshot(): ConfigSnapshot;
  /** Keys whose configuration or value differs from `previous`. */
  changedSince(previous: ConfigState | null): string[];
}

function errorResult<T>(key: string, value: T, errorCode: string, errorMessage: string): EvaluationResult<T> {
  return {
    key,
    value,
    variation: null,
    reason: { kind: 'ERROR', errorCode: errorCode as EvaluationReason['errorCode'], errorMessage },
  };
}

/** Whether a caller's default can stand in for a served value (the core's rule, applied to served values). */
function defaultFits(value: unknown, defaultValue: unknown): boolean {
  if (defaultValue === undefined || value === null || value === undefined) return true;
  const t = typeof defaultValue;
  if (t === 'boolean' || t === 'string' || t === 'number') return typeof value === t;
  return true;
}

export class EvaluatedState implements ConfigState {
  readonly kind = 'evaluated' as const;
  private readonly results = new Map<string, EvaluationResult<unknown>>();
  private readonly json = new Map<string, string>();

  constructor(
    readonly values: Record<string, EvaluatedFlag>,
    readonly version: number,
    readonly context: EvaluationContext | null,
  ) {
    for (const [key, v] of Object.entries(values)) {
      if (!v || typeof v !== 'object') continue;
      this.results.set(key, Object.freeze({ key, value: v.value, variation: v.variation, reason: v.reason }));
      this.json.set(key, JSON.stringify([v.value, v.variation]));
    }
  }

  evaluate<T>(key: string, _context: EvaluationContext, defaultValue: T): EvaluationResult<T> {
    const result = this.results.get(key);
    if (result === undefined)
      return errorResult(key, defaultValue, 'FLAG_NOT_FOUND', `flag "${key}" does not exist`);
    if (result.variation === null) return { ...result, value: defaultValue } as EvaluationResult<T>;
    if (!defaultFits(result.value, defaultValue))
      return errorResult(key, defaultValue, 'TYPE_MISMATCH', `default value does not fit flag "${key}"`);
    return result as EvaluationResult<T>;
  }

  keys(): string[] {
    return [...this.results.keys()];
  }

  experimentVariant(experimentKey: string): string | null {
    for (const r of this.results.values()) {
      if (r.reason.inExperiment === true && r.reason.experimentKey === experimentKey) return r.variation;
    }
    return null;
  }

  evaluateAll(): Record<string, EvaluatedFlag> {
    return this.values;
  }

  snapshot(): ConfigSnapshot {
    return { kind: 'evaluated', version: this.version, context: this.context, values: this.values };
  }

  changedSince(previous: ConfigState | null): string[] {
    if (!(previous instanceof EvaluatedState)) return this.keys();
    const changed: string[] = [];
    for (const [key, json] of this.json) if (previous.json.get(key) !== json) changed.push(key);
    for (const key of previous.json.keys()) if (!this.json.has(key)) changed.push(key);
    return changed;
  }
}

/** Builds the state of a flag set; the evaluation core comes with it, so browser bundles can leave it out. */
export type LocalEvaluation = (flagSet: FlagSet, now?: () => number) => ConfigState;

export function stateFromSnapshot(
  snapshot: ConfigSnapshot,
  now?: () => number,
  localEvaluation?: LocalEvaluation,
): ConfigState | null {
  try {
    if (snapshot?.kind === 'flagSet' && snapshot.flagSet && localEvaluation)
      return localEvaluation(snapshot.flagSet, now);
    if (snapshot?.kind === 'evaluated' && snapshot.values && typeof snapshot.values === 'object')
      return new EvaluatedState(snapshot.values, snapshot.version ?? 0, snapshot.context ?? null);
  } catch {
    // A corrupt snapshot is as good as none.
  }
  return null;
}
