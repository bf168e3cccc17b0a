import type { DataSource, EntityManager } from 'typeorm';
import { RoleGroupMappingRow, RoleRow } from './role.entity';
import { projectExists, projectUsesEnvironment } from '../projects/project-queries';

/** All SQL of custom roles, their group mappings and where they are assigned. */
export class RoleRepository {
  constructor(private readonly ds: DataSource) {}

  list(): Promise<RoleRow[]> {
    return this.ds.getRepository(RoleRow).find({ order: { key: 'ASC' } });
  }

  byKey(key: string): Promise<RoleRow | null> {
    return this.ds.getRepository(RoleRow).findOneBy({ key });
  }

  byKeys(keys: readonly string[]): Promise<RoleRow[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return (
      this.ds
        .getRepository(RoleRow)
        .createQueryBuilder('r')
        .where('r.key = ANY(:keys)', { keys })
        // In one order, so the same grants make the same identity (and its signed-token cache hits).
        .orderBy('r.key')
        .getMany()
    );
  }

  /** The keys among `keys` that name no custom role. */
  async missing(m: EntityManager, keys: readonly string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const rows: { key: string }[] = await m.query('SELECT key FROM flags.roles WHERE key = ANY($1)', [keys]);
    const found = new Set(rows.map((r) => r.key));
    return keys.filter((k) => !found.has(k));
  }

  forUpdate(m: EntityManager, key: string): Promise<RoleRow | null> {
    return m.getRepository(RoleRow).findOne({ where: { key }, lock: { mode: 'pessimistic_write' } });
  }

  async insert(
    m: EntityManager,
    row: Pick<RoleRow, 'key' | 'name' | 'description' | 'grants'>,
  ): Promise<RoleRow> {
    const repo = m.getRepository(RoleRow);
    return repo.save(repo.create({ ...row, version: 1 }));
  }

  async update(m: EntityManager, key: string, patch: Partial<RoleRow>): Promise<RoleRow> {
    await m.getRepository(RoleRow).update({ key }, { ...patch, updatedAt: new Date() });
    return (await m.getRepository(RoleRow).findOneBy({ key }))!;
  }

  async delete(m: EntityManager, key: string): Promise<void> {
    await m.getRepository(RoleRow).delete({ key });
  }

  /** Where a role is still assigned: live users, unrevoked keys and group mappings naming it. */
  async assignments(m: EntityManager, key: string): Promise<{ users: number; keys: number; groups: number }> {
    const [row] = await m.query(
      `SELECT
         (SELECT count(*) FROM flags.users WHERE $1 = ANY(custom_roles) AND deleted_at IS NULL)::int AS users,
         (SELECT count(*) FROM flags.api_keys WHERE $1 = ANY(custom_roles) AND revoked_at IS NULL)::int AS keys,
         (SELECT count(*) FROM flags.role_group_mappings WHERE $1 = ANY(role_keys))::int AS groups`,
      [key],
    );
    return row as { users: number; keys: number; groups: number };
  }

  listGroupMappings(): Promise<RoleGroupMappingRow[]> {
    return this.ds.getRepository(RoleGroupMappingRow).find({ order: { group: 'ASC' } });
  }

  /** The role keys mapped from any of these groups. */
  async rolesOfGroups(groups: readonly string[]): Promise<string[]> {
    if (groups.length === 0) return [];
    const rows = await this.ds
      .getRepository(RoleGroupMappingRow)
      .createQueryBuilder('g')
      .where('g.group_name = ANY(:groups)', { groups })
      .getMany();
    return rows.flatMap((r) => r.roleKeys);
  }

  groupMappingForUpdate(m: EntityManager, group: string): Promise<RoleGroupMappingRow | null> {
    return m
      .getRepository(RoleGroupMappingRow)
      .findOne({ where: { group }, lock: { mode: 'pessimistic_write' } });
  }

  async saveGroupMapping(m: EntityManager, row: Pick<RoleGroupMappingRow, 'group' | 'roleKeys' | 'version'>) {
    const repo = m.getRepository(RoleGroupMappingRow);
    return repo.save(repo.create({ ...row, updatedAt: new Date() }));
  }

  async deleteGroupMapping(m: EntityManager, group: string): Promise<void> {
    await m.getRepository(RoleGroupMappingRow).delete({ group });
  }

  /** Whether the project exists (flags.projects). */
  projectExists(m: EntityManager, project: string): Promise<boolean> {
    return projectExists(m, project);
  }

  /**
   * Whether the environment is one the project uses (flags.project_environments), or, for a grant in
   * every project, one of the installation's.
   */
  async environmentUsed(m: EntityManager, project: string | null, environment: string): Promise<boolean> {
    if (project !== null) return projectUsesEnvironment(m, project, environment, true);
    const rows: unknown[] = await m.query('SELECT 1 FROM flags.environments WHERE key = $1', [environment]);
    return rows.length > 0;
  }
}

/** The custom roles with a grant naming one of `environments` in `project` (each role and environment once). */
export function rolesScopedTo(
  m: EntityManager,
  project: string,
  environments: readonly string[],
): Promise<{ role: string; environment: string }[]> {
  return m.query(
    `SELECT DISTINCT r.key AS role, g->>'environment' AS environment
       FROM flags.roles r, jsonb_array_elements(r.grants) g
      WHERE g->>'project' = $1 AND g->>'environment' = ANY($2)
      ORDER BY 1, 2`,
    [project, environments],
  );
}
