/** Where a flag is in its life; see README, "Flag lifecycle". */
export type LifecycleState = 'NEW' | 'LIVE' | 'ROLLED_OUT' | 'STALE' | 'ARCHIVED';

export interface LifecycleSettings {
  /** No evaluation for this many days: STALE. Also how long a never-evaluated flag stays NEW. */
  staleDays: number;
  /** Every evaluation of this many days served one variation: ROLLED_OUT. */
  rolledOutDays: number;
}

/** What analytics knows of one flag's evaluations (Query.flagActivity), over one window. */
export interface Activity {
  lastEvaluatedAt: Date;
  evaluations: number;
  variations: string[];
}

export interface DerivedLifecycle {
  state: LifecycleState;
  variation: string | null;
  lastEvaluatedAt: Date | null;
}

const DAY_MS = 24 * 3600_000;

/**
 * A flag's state from its evaluations: `recent` over the rolled-out window (null: none in it), `ever`
 * the stale window's view (null: never evaluated at all).
 */
export function deriveLifecycle(
  flag: { archived: boolean; createdAt: Date },
  ever: Activity | null,
  recent: Activity | null,
  settings: LifecycleSettings,
  now: number,
): DerivedLifecycle {
  const lastEvaluatedAt = ever?.lastEvaluatedAt ?? null;
  const age = now - flag.createdAt.getTime();
  if (flag.archived) return { state: 'ARCHIVED', variation: null, lastEvaluatedAt };
  if (!ever) {
    return { state: age < settings.staleDays * DAY_MS ? 'NEW' : 'STALE', variation: null, lastEvaluatedAt };
  }
  if (now - ever.lastEvaluatedAt.getTime() >= settings.staleDays * DAY_MS) {
    return { state: 'STALE', variation: null, lastEvaluatedAt };
  }
  // One variation for the whole window, and the flag is older than the window: everyone has it.
  if (recent && recent.variations.length === 1 && age >= settings.rolledOutDays * DAY_MS) {
    return { state: 'ROLLED_OUT', variation: recent.variations[0]!, lastEvaluatedAt };
  }
  return { state: 'LIVE', variation: null, lastEvaluatedAt };
}
