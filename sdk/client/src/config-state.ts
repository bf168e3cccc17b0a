// What the client evaluates against: a compiled flag set (server keys, evaluated locally by the shared core) or one
// context's values evaluated by the graph (client keys). Both answer the same questions the same way.

import {
  type CompiledFlagSet,
  compileFlagSet,
  type EvaluationContext,
  type EvaluationReason,
  type EvaluationResult,
  type FlagConfig,
  type FlagSet,
} from '@switchyard/core';
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

export class FlagSetState implements ConfigState {
  readonly kind = 'flagSet' as const;
  readonly version: number;
  private readonly compiled: CompiledFlagSet;
  private readonly experimentFlags = new Map<string, string>();
  private readonly configJson = new Map<string, string>();

  constructor(
    readonly flagSet: FlagSet,
    now?: () => number,
  ) {
    this.version = flagSet.version;
    this.compiled = compileFlagSet(flagSet, { now });
    for (const flag of Array.isArray(flagSet.flags) ? flagSet.flags : []) {
      if (!flag || flag.archived) continue;
      this.configJson.set(flag.key, JSON.stringify(flag));
      for (const rule of flag.environment?.rules ?? []) {
        // The flags subgraph names the rule an experiment runs on `experiment:<key>`.
        if (typeof rule?.id === 'string' && rule.id.startsWith('experiment:'))
          this.experimentFlags.set(rule.id.slice('experiment:'.length), flag.key);
      }
    }
  }

  evaluate<T>(key: string, context: EvaluationContext, defaultValue: T): EvaluationResult<T> {
    return this.compiled.evaluate(key, context, defaultValue);
  }

  keys(): string[] {
    return this.compiled.keys();
  }

  experimentVariant(experimentKey: string, context: EvaluationContext): string | null {
    const flagKey = this.experimentFlags.get(experimentKey);
    if (flagKey === undefined) return null;
    const result = this.compiled.evaluate(flagKey, context);
    return result.reason.inExperiment === true && result.reason.experimentKey === experimentKey
      ? result.variation
      : null;
  }

  evaluateAll(context: EvaluationContext): Record<string, EvaluatedFlag> {
    const values: Record<string, EvaluatedFlag> = {};
    for (const r of this.compiled.evaluateAll(context))
      values[r.key] = { value: r.value, variation: r.variation, reason: r.reason };
    return values;
  }

  snapshot(): ConfigSnapshot {
    return { kind: 'flagSet', version: this.version, flagSet: this.flagSet };
  }

  changedSince(previous: ConfigState | null): string[] {
    if (!(previous instanceof FlagSetState)) return this.keys();
    const changed = new Set<string>();
    for (const [key, json] of this.configJson) if (previous.configJson.get(key) !== json) changed.add(key);
    for (const key of previous.configJson.keys()) if (!this.configJson.has(key)) changed.add(key);
    const segmentsChanged =
      JSON.stringify(this.flagSet.segments ?? []) !== JSON.stringify(previous.flagSet.segments ?? []);
    // A flag can change value without changing itself: through a segment or a prerequisite.
    const flags = (this.flagSet.flags ?? []).filter((f): f is FlagConfig => Boolean(f && !f.archived));
    let grew = true;
    while (grew) {
      grew = false;
      for (const flag of flags) {
        if (changed.has(flag.key)) continue;
        const json = this.configJson.get(flag.key) ?? '';
        const viaSegment = segmentsChanged && json.includes('"inSegment"');
        const viaPrerequisite = (flag.environment?.prerequisites ?? []).some((p) => changed.has(p.flagKey));
        if (viaSegment || viaPrerequisite) {
          changed.add(flag.key);
          grew = true;
        }
      }
    }
    return [...changed];
  }
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

export function stateFromSnapshot(snapshot: ConfigSnapshot, now?: () => number): ConfigState | null {
  try {
    if (snapshot?.kind === 'flagSet' && snapshot.flagSet) return new FlagSetState(snapshot.flagSet, now);
    if (snapshot?.kind === 'evaluated' && snapshot.values && typeof snapshot.values === 'object')
      return new EvaluatedState(snapshot.values, snapshot.version ?? 0, snapshot.context ?? null);
  } catch {
    // A corrupt snapshot is as good as none.
  }
  return null;
}
