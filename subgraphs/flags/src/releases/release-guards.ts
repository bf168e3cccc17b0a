import type { ReleaseGuard } from './release.entities';

/** What analytics measured for one guard over the current stage. */
export interface GuardMeasurement {
  /** Users served the released variation who were measured. */
  sample: number;
  /** The released variation's metric value (rate, mean or quantile), null without data. */
  value: number | null;
  /** RELATIVE: the always-valid confidence interval of (released − rest), null without data. */
  difference: { lower: number; upper: number } | null;
}

export type GuardDecision = 'HEALTHY' | 'BREACHED' | 'INSUFFICIENT';

export interface GuardObservation extends GuardMeasurement {
  guard: ReleaseGuard;
  decision: GuardDecision;
}

/** Where guards get their numbers; the flags subgraph never reads analytics' tables. */
export interface GuardReader {
  /** The keys among `keys` that analytics knows in `project` (metrics are per project). */
  knownMetrics(keys: string[], project: string): Promise<Set<string>>;
  /** A guard read over the events of the flag's project's SDK keys. */
  measure(
    request: { project: string; flagKey: string; environment: string; variation: string; since: Date },
    guard: ReleaseGuard,
  ): Promise<GuardMeasurement>;
}

/**
 * A guard breaches only with its minimum sample, so a handful of early events cannot roll a
 * release back; RELATIVE guards breach when the whole always-valid interval of the difference is
 * above the threshold, so checking every minute does not inflate false alarms.
 */
export function decide(guard: ReleaseGuard, m: GuardMeasurement): GuardDecision {
  if (m.sample < guard.minSample) return 'INSUFFICIENT';
  if (guard.kind === 'ABSOLUTE') {
    if (m.value === null) return 'INSUFFICIENT';
    return m.value > guard.threshold ? 'BREACHED' : 'HEALTHY';
  }
  if (!m.difference) return 'INSUFFICIENT';
  return m.difference.lower > guard.threshold ? 'BREACHED' : 'HEALTHY';
}
