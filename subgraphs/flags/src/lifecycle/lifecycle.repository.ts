import type { DataSource } from 'typeorm';
import type { DerivedLifecycle, LifecycleState } from './lifecycle';
import { DEFAULT_PROJECT } from '@switchyard/server-kit';

export interface LifecycleRow {
  flagKey: string;
  state: LifecycleState;
  since: Date;
  variation: string | null;
  lastEvaluatedAt: Date | null;
  computedAt: Date;
}

const COLUMNS = `flag_key AS "flagKey", state, since, variation, last_evaluated_at AS "lastEvaluatedAt",
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

  // Derived for the default project only: analytics counts evaluations by flag key, not yet by project.
  allFlags(): Promise<{ key: string; archived: boolean; createdAt: Date }[]> {
    return this.ds.query(
      `SELECT key, archived, created_at AS "createdAt" FROM flags.flags WHERE project = '${DEFAULT_PROJECT}' ORDER BY key`,
    );
  }

  /** Upserts every flag's state; `since` moves only when the state changes. */
  async save(rows: (DerivedLifecycle & { flagKey: string })[]): Promise<void> {
    if (rows.length === 0) return;
    await this.ds.query(
      `INSERT INTO flags.flag_lifecycle (flag_key, state, since, variation, last_evaluated_at, computed_at)
       SELECT k, s, now(), v, l, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS t(k, s, v, l)
       WHERE EXISTS (SELECT 1 FROM flags.flags f WHERE f.project = '${DEFAULT_PROJECT}' AND f.key = t.k)
       ON CONFLICT (project, flag_key) DO UPDATE SET
         since = CASE WHEN flags.flag_lifecycle.state = EXCLUDED.state THEN flags.flag_lifecycle.since ELSE now() END,
         state = EXCLUDED.state, variation = EXCLUDED.variation,
         last_evaluated_at = EXCLUDED.last_evaluated_at, computed_at = EXCLUDED.computed_at`,
      [
        rows.map((r) => r.flagKey),
        rows.map((r) => r.state),
        rows.map((r) => r.variation),
        rows.map((r) => r.lastEvaluatedAt),
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

  /** Flags in `states`, oldest in their state first, at most `limit`, and how many in all. */
  async inStates(states: LifecycleState[], limit: number): Promise<{ rows: LifecycleRow[]; total: number }> {
    const rows: LifecycleRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM flags.flag_lifecycle WHERE project = '${DEFAULT_PROJECT}' AND state = ANY($1)
        ORDER BY since, flag_key LIMIT $2`,
      [states, limit],
    );
    const [{ n }] = await this.ds.query(
      `SELECT count(*)::int AS n FROM flags.flag_lifecycle WHERE project = '${DEFAULT_PROJECT}' AND state = ANY($1)`,
      [states],
    );
    return { rows, total: n };
  }

  /** How many flags are in each state now (flags the job has not seen yet count as NEW). */
  counts(): Promise<{ state: LifecycleState; count: number }[]> {
    return this.ds.query(
      `SELECT ${lifecycleStateSql('f')} AS state, count(*)::int AS count FROM flags.flags f
        WHERE f.project = '${DEFAULT_PROJECT}' GROUP BY 1 ORDER BY 1`,
    );
  }
}
