import type { DataSource, EntityManager } from 'typeorm';

/** What reads the project tables: the data source, or a transaction that must see its own snapshot. */
type Db = Pick<DataSource | EntityManager, 'query'>;

/** Whether the project exists (flags.projects). */
export async function projectExists(db: Db, project: string): Promise<boolean> {
  const rows: unknown[] = await db.query('SELECT 1 FROM flags.projects WHERE key = $1', [project]);
  return rows.length > 0;
}

/**
 * Whether `project` uses `environment` (flags.project_environments): false also when either is unknown.
 * `lock`: inside a write that records something naming the pair (a custom role's grant), holds the row
 * until it commits, so a concurrent updateProject dropping the environment waits and then sees the write.
 */
export async function projectUsesEnvironment(
  db: Db,
  project: string,
  environment: string,
  lock = false,
): Promise<boolean> {
  const rows: unknown[] = await db.query(
    `SELECT 1 FROM flags.project_environments WHERE project_key = $1 AND environment_key = $2${lock ? ' FOR SHARE' : ''}`,
    [project, environment],
  );
  return rows.length > 0;
}
