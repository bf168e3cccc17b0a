import {
  type ConfigWriter,
  DEFAULT_PROJECT,
  errors,
  ProjectDirectory,
  type WriteContext,
} from '@switchyard/server-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { liveKeysIn } from '../auth/auth.repository';
import { flagKeyProblem } from '../flags/flag-key';
import { rolesScopedTo } from '../roles/role.repository';
import { projectExists, projectUsesEnvironment } from './project-queries';

export interface ProjectRow {
  key: string;
  name: string;
  description: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** An installation environment as one project uses it: its place in the project's order and its colour. */
export interface ProjectEnvironmentRow {
  projectKey: string;
  key: string;
  name: string;
  sortOrder: number;
  colour: string | null;
}

export interface ProjectEnvironmentInput {
  key: string;
  colour?: string | null;
}

export interface CreateProjectInput {
  key: string;
  name: string;
  description?: string | null;
  environments: readonly ProjectEnvironmentInput[];
}

export interface UpdateProjectInput {
  name?: string | null;
  description?: string | null;
  environments?: readonly ProjectEnvironmentInput[] | null;
}

const COLUMNS = `key, name, description, version, created_at AS "createdAt", updated_at AS "updatedAt"`;
const COLOUR = /^#[0-9a-f]{6}$/;

/**
 * Projects and the environments each uses (flags.projects, flags.project_environments). `resolve` and
 * `within` are ProjectDirectory's, answered from the table.
 */
export class ProjectService extends ProjectDirectory {
  constructor(
    private readonly ds: DataSource,
    private readonly writer: ConfigWriter,
  ) {
    super((project) => projectExists(ds, project));
  }

  list(): Promise<ProjectRow[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM flags.projects ORDER BY key = '${DEFAULT_PROJECT}' DESC, key`,
    );
  }

  async get(key: string): Promise<ProjectRow | null> {
    const rows: ProjectRow[] = await this.ds.query(`SELECT ${COLUMNS} FROM flags.projects WHERE key = $1`, [
      key,
    ]);
    return rows[0] ?? null;
  }

  /** Each project's environments, in the project's order. */
  async environmentsOf(
    projectKeys: readonly string[],
    m: EntityManager = this.ds.manager,
  ): Promise<Map<string, ProjectEnvironmentRow[]>> {
    const rows: ProjectEnvironmentRow[] = await m.query(
      `SELECT pe.project_key AS "projectKey", e.key, e.name, pe.sort_order AS "sortOrder", pe.colour
         FROM flags.project_environments pe JOIN flags.environments e ON e.key = pe.environment_key
        WHERE pe.project_key = ANY($1) ORDER BY pe.sort_order, e.key`,
      [projectKeys],
    );
    const byProject = new Map<string, ProjectEnvironmentRow[]>(projectKeys.map((k) => [k, []]));
    for (const row of rows) byProject.get(row.projectKey)?.push(row);
    return byProject;
  }

  /**
   * Refuses a write to an environment the project does not use (BAD_USER_INPUT naming `field`); an
   * environment that does not exist at all is left to the write, which answers NOT_FOUND as before.
   */
  async assertUses(project: string, environment: string, field = 'environment'): Promise<void> {
    if (await projectUsesEnvironment(this.ds, project, environment)) return;
    const known: unknown[] = await this.ds.query('SELECT 1 FROM flags.environments WHERE key = $1', [
      environment,
    ]);
    if (known.length > 0) {
      throw errors.badInput(`project "${project}" does not use environment "${environment}"`, field);
    }
  }

  /** A new project using `environments`; validated before anything is written; audited. */
  create(ctx: WriteContext, input: CreateProjectInput): Promise<ProjectRow> {
    const keyProblem = flagKeyProblem(input.key);
    if (keyProblem) throw errors.badInput(keyProblem, 'input.key');
    const name = input.name.trim();
    if (!name) throw errors.badInput('must not be empty', 'input.name');
    return this.writer.write(ctx, async (m, record) => {
      await this.validateEnvironments(m, input.environments);
      const inserted: ProjectRow[] = await m.query(
        `INSERT INTO flags.projects (key, name, description, created_by, updated_by) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (key) DO NOTHING RETURNING ${COLUMNS}`,
        [input.key, name, input.description?.trim() || null, ctx.actor.name],
      );
      const row = inserted[0];
      if (!row)
        throw errors.conflict(`A project with key "${input.key}" already exists`, { field: 'input.key' });
      await this.replaceEnvironments(m, row.key, input.environments);
      record({
        action: 'project.created',
        kind: 'PROJECT_CREATED',
        resourceType: 'project',
        resourceKey: row.key,
        environment: null,
        before: null,
        after: { ...snapshot(row, []), environments: environmentsOfInput(input.environments) },
      });
      return row;
    });
  }

  /**
   * Renames a project or changes the environments it uses (their order is the list's). Validated before
   * anything is written; one version, one audit entry.
   */
  update(
    ctx: WriteContext,
    key: string,
    expectedVersion: number,
    input: UpdateProjectInput,
  ): Promise<ProjectRow> {
    const name = input.name?.trim();
    if (input.name != null && !name) throw errors.badInput('must not be empty', 'input.name');
    return this.writer.write(ctx, async (m, record) => {
      const rows: ProjectRow[] = await m.query(
        `SELECT ${COLUMNS} FROM flags.projects WHERE key = $1 FOR UPDATE`,
        [key],
      );
      const before = rows[0];
      if (!before) throw errors.notFound('Project', key, 'key');
      if (before.version !== expectedVersion) {
        throw errors.staleVersion('Project', key, expectedVersion, before.version);
      }
      const beforeEnvironments = (await this.environmentsOf([key], m)).get(key) ?? [];
      if (input.environments) {
        await this.validateEnvironments(m, input.environments);
        const kept = new Set(input.environments.map((e) => e.key));
        const dropped = beforeEnvironments.map((e) => e.key).filter((e) => !kept.has(e));
        if (dropped.length > 0) await refuseDroppingHeld(m, key, dropped);
      }
      const after: ProjectRow = {
        ...before,
        name: name ?? before.name,
        description: input.description === undefined ? before.description : input.description?.trim() || null,
        version: before.version + 1,
        updatedAt: new Date(),
      };
      await m.query(
        `UPDATE flags.projects SET name = $2, description = $3, version = $4, updated_at = $5, updated_by = $6
          WHERE key = $1`,
        [key, after.name, after.description, after.version, after.updatedAt, ctx.actor.name],
      );
      if (input.environments) await this.replaceEnvironments(m, key, input.environments);
      const afterEnvironments = input.environments
        ? environmentsOfInput(input.environments)
        : beforeEnvironments.map((e) => ({ key: e.key, colour: e.colour }));
      record({
        action: 'project.updated',
        kind: 'PROJECT_UPDATED',
        resourceType: 'project',
        resourceKey: key,
        environment: null,
        before: snapshot(before, beforeEnvironments),
        after: { ...snapshot(after, []), environments: afterEnvironments },
      });
      return after;
    });
  }

  private async replaceEnvironments(
    m: EntityManager,
    key: string,
    environments: readonly ProjectEnvironmentInput[],
  ) {
    await m.query('DELETE FROM flags.project_environments WHERE project_key = $1', [key]);
    const chosen = environmentsOfInput(environments);
    await m.query(
      `INSERT INTO flags.project_environments (project_key, environment_key, sort_order, colour)
       SELECT $1, e, o - 1, c FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(e, c, o)`,
      [key, chosen.map((e) => e.key), chosen.map((e) => e.colour)],
    );
  }

  private async validateEnvironments(m: EntityManager, environments: readonly ProjectEnvironmentInput[]) {
    if (environments.length === 0)
      throw errors.badInput('a project uses at least one environment', 'input.environments');
    const known = new Set<string>(
      ((await m.query('SELECT key FROM flags.environments')) as { key: string }[]).map((r) => r.key),
    );
    const seen = new Set<string>();
    environments.forEach((e, i) => {
      const field = `input.environments[${i}]`;
      if (!known.has(e.key)) throw errors.badInput(`environment "${e.key}" does not exist`, `${field}.key`);
      if (seen.has(e.key)) throw errors.badInput(`environment "${e.key}" is listed twice`, `${field}.key`);
      seen.add(e.key);
      if (e.colour != null && !COLOUR.test(e.colour.toLowerCase())) {
        throw errors.badInput('must be a colour like #1f7a4d', `${field}.colour`);
      }
    });
  }
}

/**
 * A project stops using an environment only once nothing grants or serves in it there: a custom role's
 * grant naming the (project, environment), or an unrevoked SDK key of the project in it, is BAD_USER_INPUT
 * naming `input.environments` and each of them (creating either is refused the same way). The project's
 * environment rows are locked first, so a role written meanwhile is either seen here or refused itself.
 */
async function refuseDroppingHeld(m: EntityManager, project: string, dropped: readonly string[]) {
  await m.query('SELECT 1 FROM flags.project_environments WHERE project_key = $1 FOR UPDATE', [project]);
  const roles = await rolesScopedTo(m, project, dropped);
  const keys = await liveKeysIn(m, project, dropped);
  if (roles.length === 0 && keys.length === 0) return;
  const holders = [
    ...roles.map((r) => `custom role "${r.role}" grants in ${r.environment}`),
    ...keys.map((k) => `SDK key "${k.name}" (${k.prefix}…) serves ${k.environment}`),
  ];
  const held = [...new Set([...roles.map((r) => r.environment), ...keys.map((k) => k.environment)])];
  throw errors.badInput(
    `project "${project}" cannot stop using ${held.map((e) => `"${e}"`).join(', ')}: ${holders.join('; ')}. Change those roles and revoke those keys first`,
    'input.environments',
    { roles: [...new Set(roles.map((r) => r.role))], keys: keys.map((k) => k.id) },
  );
}

function environmentsOfInput(environments: readonly ProjectEnvironmentInput[]) {
  return environments.map((e) => ({ key: e.key, colour: e.colour?.toLowerCase() ?? null }));
}

function snapshot(p: ProjectRow, environments: readonly ProjectEnvironmentRow[]) {
  return {
    key: p.key,
    name: p.name,
    description: p.description,
    environments: environments.map((e) => ({ key: e.key, colour: e.colour })),
  };
}
