// Local evaluation: a flag set compiled by the shared core. Kept apart from the rest of the client so that browser
// bundles, which evaluate through the graph, do not carry the core unless they ask for it.

import {
  type CompiledFlagSet,
  compileFlagSet,
  type EvaluationContext,
  type EvaluationResult,
  type FlagConfig,
  type FlagSet,
} from '@switchyard/core';
import type { ConfigState } from './config-state';
import type { ConfigSnapshot, EvaluatedFlag } from './types';

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

/** Pass as `localEvaluation` to evaluate flag sets locally (the Node entry does by default). */
export const localEvaluation = (flagSet: FlagSet, now?: () => number): ConfigState =>
  new FlagSetState(flagSet, now);
