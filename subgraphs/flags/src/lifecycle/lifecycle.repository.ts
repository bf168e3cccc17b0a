import type { DataSource } from 'typeorm';
import type { DerivedLifecycle, LifecycleState } from './lifecycle';

export interface LifecycleRow {
  project: string;
  flagKey: string;
  state: LifecycleState;
  since: Date;
  variation: string | null;
  lastEvaluatedAt: Date | null;
  computedAt: Date;
}

const COLUMNS = `project, flag_key AS "flagKey", state, since, variation, last_evaluated_at AS "lastEvaluatedAt",
  computed_at AS "computedAt"`;

/**
 * A flag's state now, in SQL (`flag` the alias of flags.flags): the flag's own archived switch wins
 * over the job's last view; a flag unarchived since reads LIVE, one the job has not seen NEW.
 * `currentState` is the same rule for one row.
 */
export function lifecycleStateSql(flag: string): string {
  return `COALESCE(CASE WHEN ${flag}.archived THEN 'ARCHIVED' END,
    (SELECT CASE WHEN l.state = 'ARCHIVED' THEN 'LIVE' ELSE l.state END FROM flags.flag_lifecycle l WHERE l.project = ${flag}.project AND l.flag_key = ${flag}.key),
    'NEW')`;
}

export function currentState(flag: { archived: boolean }, row: LifecycleRow | null): LifecycleState {
  if (flag.archived) return 'ARCHIVED';
  if (!row) return 'NEW';
  return row.state === 'ARCHIVED' ? 'LIVE' : row.state;
}

/** flags.flag_lifecycle: each flag's state as the lifecycle job last derived it. */
export class LifecycleRepository {
  constructor(private readonly ds: DataSource) {}

  /** Every project's flags, by project then key (a flag key names a flag within its project). */
  allFlags(): Promise<{ project: string; key: string; archived: boolean; createdAt: Date }[]> {
    return this.ds.query(
      `SELECT project, key, archived, created_at AS "createdAt" FROM flags.flags ORDER BY project, key`,
    );
  }

  /** Upserts every flag's state, per (project, flag key); `since` moves only when the state changes. */
  async save(rows: (DerivedLifecycle & { project: string; flagKey: string })[]): Promise<void> {
    if (rows.length === 0) return;
    await this.ds.query(
      `INSERT INTO flags.flag_lifecycle (project, flag_key, state, since, variation, last_evaluated_at, computed_at)
       SELECT p, k, s, now(), v, l, now()
         FROM unnest($5::text[], $1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS t(p, k, s, v, l)
       WHERE EXISTS (SELECT 1 FROM flags.flags f WHERE f.project = t.p AND f.key = t.k)
       ON CONFLICT (project, flag_key) DO UPDATE SET
         since = CASE WHEN flags.flag_lifecycle.state = EXCLUDED.state THEN flags.flag_lifecycle.since ELSE now() END,
         state = EXCLUDED.state, variation = EXCLUDED.variation,
         last_evaluated_at = EXCLUDED.last_evaluated_at, computed_at = EXCLUDED.computed_at`,
      [
        rows.map((r) => r.flagKey),
        rows.map((r) => r.state),
        rows.map((r) => r.variation),
        rows.map((r) => r.lastEvaluatedAt),
        rows.map((r) => r.project),
      ],
    );
  }

  forKeys(project: string, keys: readonly string[]): Promise<LifecycleRow[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM flags.flag_lifecycle WHERE project = $1 AND flag_key = ANY($2)`,
      [project, keys],
    );
  }

  /**
   * Keys of flags no code references while some repository was uploaded; null when none was (nothing
   * is known of the code then).
   */
  async unreferenced(project: string, keys: readonly string[]): Promise<Set<string> | null> {
    const uploaded = await this.ds.query(
      'SELECT 1 FROM flags.code_reference_uploads WHERE project = $1 LIMIT 1',
      [project],
    );
    if (uploaded.length === 0) return null;
    const rows: { key: string }[] = await this.ds.query(
      `SELECT k AS key FROM unnest($1::text[]) AS k
        WHERE NOT EXISTS (SELECT 1 FROM flags.code_references r WHERE r.project = $2 AND r.flag_key = k)`,
      [keys, project],
    );
    return new Set(rows.map((r) => r.key));
  }

  /** The project's flags in `states`, oldest in their state first, at most `limit`, and how many in all. */
  async inStates(
    project: string,
    states: LifecycleState[],
    limit: number,
  ): Promise<{ rows: LifecycleRow[]; total: number }> {
    const rows: LifecycleRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM flags.flag_lifecycle WHERE project = $1 AND state = ANY($2)
        ORDER BY since, flag_key LIMIT $3`,
      [project, states, limit],
    );
    const [{ n }] = await this.ds.query(
      'SELECT count(*)::int AS n FROM flags.flag_lifecycle WHERE project = $1 AND state = ANY($2)',
      [project, states],
    );
    return { rows, total: n };
  }

  /** Projects with a flag in one of `states`, in key order. */
  async projectsInStates(states: LifecycleState[]): Promise<string[]> {
    const rows: { project: string }[] = await this.ds.query(
      'SELECT DISTINCT project FROM flags.flag_lifecycle WHERE state = ANY($1) ORDER BY project',
      [states],
    );
    return rows.map((r) => r.project);
  }

  /** How many of the project's flags are in each state now (flags the job has not seen yet count as NEW). */
  counts(project: string): Promise<{ state: LifecycleState; count: number }[]> {
    return this.ds.query(
      `SELECT ${lifecycleStateSql('f')} AS state, count(*)::int AS count FROM flags.flags f
        WHERE f.project = $1 GROUP BY 1 ORDER BY 1`,
      [project],
    );
  }
}
