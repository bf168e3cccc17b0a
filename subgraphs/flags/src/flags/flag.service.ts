import { type FlagType, type Variation, valueMatchesType, validateEnvironmentConfig } from '@switchyard/core';
import { errors } from '@switchyard/server-kit';
import type { EntityManager } from 'typeorm';
import type { ConfigWriter, WriteContext } from '@switchyard/server-kit';
import { FlagEnvironmentRow, FlagRow } from './flag.entity';
import { EXPERIMENT_RULE_PREFIX, isExperimentRule } from './targeting-input';
import { flagKeyProblem } from './flag-key';
import { DEFAULT_PROJECT } from '@switchyard/server-kit';
import type { FlagOrder as FlagOrderInput } from '../generated/graphql';
import { DEFAULT_FLAG_ORDER, decodeFlagCursor, encodeFlagCursor, type FlagOrder } from './flag-order';
import { type FlagListFilter, type FlagRepository, toEnvironmentConfig } from './flag.repository';

export interface CreateFlagInput {
  key: string;
  /** Where the key is unique; `default` when omitted. */
  project?: string;
  name: string;
  description?: string | null;
  type: FlagType;
  tags?: string[] | null;
  owner?: string | null;
  variations?: Variation[] | null;
}

export interface UpdateFlagInput {
  name?: string | null;
  description?: string | null;
  tags?: string[] | null;
  owner?: string | null;
  variations?: Variation[] | null;
}

const BOOLEAN_VARIATIONS: Variation[] = [
  { key: 'on', name: 'On', value: true },
  { key: 'off', name: 'Off', value: false },
];

/** How a write is audited when it is not the plain edit (a revert names the entry it restores). */
export interface AuditLabel {
  action: string;
  /** Added to the entry's `after`, e.g. `revertedTo`. */
  extra?: Record<string, unknown>;
}

/** What the audit log keeps of a flag's metadata. */
export function flagSnapshot(f: FlagRow) {
  return {
    key: f.key,
    name: f.name,
    description: f.description,
    type: f.type,
    tags: f.tags,
    owner: f.owner,
    variations: f.variations,
    archived: f.archived,
    version: f.version,
  };
}

/** Locks the flag and checks the caller edited the current version. */
export async function lockForUpdate(
  m: EntityManager,
  repo: FlagRepository,
  project: string,
  key: string,
  expectedVersion: number | null,
): Promise<FlagRow> {
  const flag = await repo.lock(m, project, key);
  if (!flag) throw errors.notFound('Flag', key);
  if (expectedVersion !== null && flag.version !== expectedVersion) {
    throw errors.staleVersion('Flag', key, expectedVersion, flag.version);
  }
  return flag;
}

/** Bumps the version and stamps who changed the flag. */
export async function saveFlag(m: EntityManager, flag: FlagRow, ctx: WriteContext): Promise<FlagRow> {
  flag.version += 1;
  flag.updatedAt = new Date();
  flag.updatedBy = ctx.actor.name;
  return m.getRepository(FlagRow).save(flag);
}

/**
 * Inserts a new flag (version 1) with its row in every environment: off, serving its last variation when off
 * and its first when switched on. CONFLICT (naming `keyField`) when the key was ever used.
 */
export async function insertFlag(
  m: EntityManager,
  repo: FlagRepository,
  input: CreateFlagInput & { variations: Variation[] },
  ctx: WriteContext,
  keyField: string,
): Promise<FlagRow> {
  const project = input.project ?? DEFAULT_PROJECT;
  if (await repo.keyExists(m, project, input.key)) {
    throw errors.conflict(
      `A flag with key "${input.key}" already exists in project "${project}"; keys are unique within a project and cannot be reused`,
      { field: keyField },
    );
  }
  const { variations } = input;
  const row = m.getRepository(FlagRow).create({
    key: input.key,
    project,
    name: input.name.trim(),
    description: input.description ?? null,
    type: input.type,
    tags: [...new Set(input.tags ?? [])],
    owner: input.owner ?? null,
    variations,
    archived: false,
    version: 1,
    createdBy: ctx.actor.name,
    updatedBy: ctx.actor.name,
  });
  await m.getRepository(FlagRow).save(row);
  const offVariation = variations[variations.length - 1]!.key;
  // Shares the lock createEnvironment takes exclusively, so no environment misses the flag.
  await m.query('LOCK TABLE flags.environments IN SHARE MODE');
  const envs = await repo.environmentKeys(m);
  await m.getRepository(FlagEnvironmentRow).insert(
    envs.map((environmentKey) => ({
      flagId: row.id,
      environmentKey,
      enabled: false,
      offVariation,
      fallthrough: { variation: variations[0]!.key },
    })),
  );
  return row;
}

/** Flag metadata and life cycle: create, edit, archive, restore, delete. */
export class FlagService {
  constructor(
    private readonly repo: FlagRepository,
    private readonly writer: ConfigWriter,
  ) {}

  /** A page of flags in `orderBy`, with a keyset cursor per flag. */
  async list(
    filter: FlagListFilter,
    orderBy: FlagOrderInput,
    first: number,
    after: string | null | undefined,
  ) {
    if (filter.enabled !== null && filter.enabled !== undefined && !filter.environment) {
      throw errors.badInput('needs filter.environment to say which environment', 'filter.enabled');
    }
    const order = await this.resolveOrder(filter, orderBy);
    const page = await this.repo.list(filter, order, first, decodeFlagCursor(order, after));
    return { ...page, cursors: page.positions.map((p) => encodeFlagCursor(order, p)) };
  }

  /** Defaults filled in; STATUS gets its environment (`orderBy.environment`, else `filter.environment`). */
  private async resolveOrder(filter: FlagListFilter, orderBy: FlagOrderInput): Promise<FlagOrder> {
    const field = orderBy.field ?? DEFAULT_FLAG_ORDER.field;
    const direction = orderBy.direction ?? DEFAULT_FLAG_ORDER.direction;
    if (field !== 'STATUS') return { field, direction, environment: null };
    const [environment, path] = orderBy.environment
      ? [orderBy.environment, 'orderBy.environment']
      : [filter.environment, 'filter.environment'];
    if (!environment) {
      throw errors.badInput(
        'STATUS orders by the status in one environment: name it in orderBy.environment (or filter.environment)',
        'orderBy.environment',
      );
    }
    if (!(await this.repo.environmentExists(this.repo.dataSource.manager, environment))) {
      throw errors.badInput(`environment "${environment}" does not exist`, path);
    }
    return { field, direction, environment };
  }

  async create(input: CreateFlagInput, ctx: WriteContext): Promise<FlagRow> {
    const keyProblem = flagKeyProblem(input.key);
    if (keyProblem) throw errors.badInput(keyProblem, 'input.key');
    if (!input.name.trim()) throw errors.badInput('must not be empty', 'input.name');
    const variations = validateVariations(input.type, input.variations, true);

    return this.writer.write(ctx, async (m, record) => {
      const row = await insertFlag(m, this.repo, { ...input, variations }, ctx, 'input.key');
      record({
        action: 'flag.created',
        kind: 'FLAG_CREATED',
        resourceType: 'flag',
        project: row.project,
        resourceKey: row.key,
        environment: null,
        before: null,
        after: flagSnapshot(row),
      });
      return row;
    });
  }

  async update(
    project: string,
    key: string,
    expectedVersion: number,
    input: UpdateFlagInput,
    ctx: WriteContext,
    label: AuditLabel = { action: 'flag.updated' },
  ) {
    if (input.name !== undefined && !input.name?.trim())
      throw errors.badInput('must not be empty', 'input.name');
    return this.writer.write(ctx, async (m, record) => {
      const flag = await lockForUpdate(m, this.repo, project, key, expectedVersion);
      const before = flagSnapshot(flag);
      if (input.name) flag.name = input.name.trim();
      if (input.description !== undefined) flag.description = input.description;
      if (input.owner !== undefined) flag.owner = input.owner;
      if (input.tags) flag.tags = [...new Set(input.tags)];
      if (input.variations) {
        flag.variations = validateVariations(flag.type, input.variations, false);
        // A variation still served somewhere cannot go away.
        for (const env of await this.repo.environmentRows(m, flag.id)) {
          const problems = validateEnvironmentConfig(toEnvironmentConfig(env), flag, null);
          if (problems.length > 0) {
            throw errors.badInput(
              `a removed variation is still used in ${env.environmentKey} (${problems[0]!.path}: ${problems[0]!.message})`,
              'input.variations',
            );
          }
        }
        const removed = before.variations
          .map((v) => v.key)
          .filter((k) => !flag.variations.some((v) => v.key === k));
        if (removed.length > 0) {
          const dependents = await this.repo.dependents(m, flag.project, [flag.key]);
          if (dependents.length > 0) {
            throw errors.badInput(
              `flags ${[...new Set(dependents.map((d) => d.key))].join(', ')} have this flag as a prerequisite; update them before removing variations`,
              'input.variations',
            );
          }
        }
      }
      const saved = await saveFlag(m, flag, ctx);
      record({
        action: label.action,
        kind: 'FLAG_UPDATED',
        resourceType: 'flag',
        project: flag.project,
        resourceKey: key,
        environment: null,
        before,
        after: { ...flagSnapshot(saved), ...label.extra },
      });
      return saved;
    });
  }

  setArchived(project: string, key: string, expectedVersion: number, archived: boolean, ctx: WriteContext) {
    return this.writer.write(ctx, async (m, record) => {
      const flag = await lockForUpdate(m, this.repo, project, key, expectedVersion);
      if (flag.archived === archived) {
        throw errors.conflict(`Flag "${key}" is already ${archived ? 'archived' : 'active'}`, {
          currentVersion: flag.version,
        });
      }
      const before = flagSnapshot(flag);
      flag.archived = archived;
      const saved = await saveFlag(m, flag, ctx);
      record({
        action: archived ? 'flag.archived' : 'flag.restored',
        kind: archived ? 'FLAG_ARCHIVED' : 'FLAG_RESTORED',
        resourceType: 'flag',
        project: flag.project,
        resourceKey: key,
        environment: null,
        before,
        after: flagSnapshot(saved),
      });
      return saved;
    });
  }

  delete(project: string, key: string, expectedVersion: number, ctx: WriteContext): Promise<string> {
    return this.writer.write(ctx, async (m, record) => {
      const flag = await lockForUpdate(m, this.repo, project, key, expectedVersion);
      if (!flag.archived) {
        throw errors.conflict(`Flag "${key}" must be archived before it can be deleted`, {
          currentVersion: flag.version,
        });
      }
      const dependents = await this.repo.dependents(m, project, [key]);
      if (dependents.length > 0) {
        const names = [...new Set(dependents.map((d) => d.key))];
        throw errors.conflict(
          `Flag "${key}" is a prerequisite of ${names.join(', ')}; remove it from their targeting first`,
          { flags: names },
        );
      }
      const envs = await this.repo.environmentRows(m, flag.id);
      await m.getRepository(FlagRow).delete({ id: flag.id });
      record({
        action: 'flag.deleted',
        kind: 'FLAG_DELETED',
        resourceType: 'flag',
        project: flag.project,
        resourceKey: key,
        environment: null,
        before: {
          ...flagSnapshot(flag),
          environments: Object.fromEntries(envs.map((e) => [e.environmentKey, toEnvironmentConfig(e)])),
        },
        after: null,
      });
      return key;
    });
  }

  /**
   * Moves a flag to another project: one version, audited in both projects. Refused while an experiment
   * runs on it (its rule is in the targeting), while another flag has it as a prerequisite, when the
   * key is taken there, or when the segments and prerequisites its rules name do not exist there.
   */
  move(project: string, key: string, toProject: string, expectedVersion: number, ctx: WriteContext) {
    if (toProject === project)
      throw errors.badInput(`the flag is already in project "${project}"`, 'toProject');
    return this.writer.write(ctx, async (m, record) => {
      const flag = await lockForUpdate(m, this.repo, project, key, expectedVersion);
      const envs = await this.repo.environmentRows(m, flag.id);
      const experiments = envs.flatMap((e) =>
        e.rules
          .filter(isExperimentRule)
          .map((r) => `${r.id.slice(EXPERIMENT_RULE_PREFIX.length)} in ${e.environmentKey}`),
      );
      if (experiments.length > 0) {
        throw errors.conflict(
          `Experiment ${experiments.join(', ')} runs on flag "${key}": stop and detach it before moving the flag`,
          { field: 'key', experiments },
        );
      }
      // A running release or a pending scheduled change would go on writing under the other project's
      // approvals and permissions: they are finished first. Past ones, and change requests, move with it.
      const [running] = (await m.query(
        `SELECT (SELECT count(*)::int FROM flags.release_plans
                  WHERE flag_id = $1 AND status IN ('ACTIVE', 'PAUSED')) AS plans,
                (SELECT count(*)::int FROM flags.scheduled_changes
                  WHERE flag_id = $1 AND status = 'PENDING') AS scheduled`,
        [flag.id],
      )) as { plans: number; scheduled: number }[];
      if (running!.plans > 0 || running!.scheduled > 0) {
        const what = [
          running!.plans > 0 ? `${running!.plans} live release plan(s)` : null,
          running!.scheduled > 0 ? `${running!.scheduled} pending scheduled change(s)` : null,
        ].filter(Boolean);
        throw errors.conflict(
          `Flag "${key}" has ${what.join(' and ')}: complete, abort or cancel them before moving the flag`,
          { field: 'key', releasePlans: running!.plans, scheduledChanges: running!.scheduled },
        );
      }
      const dependents = await this.repo.dependents(m, project, [key]);
      if (dependents.length > 0) {
        const names = [...new Set(dependents.map((d) => d.key))];
        throw errors.conflict(
          `Flag "${key}" is a prerequisite of ${names.join(', ')} in project "${project}"; remove it there first`,
          { field: 'key', flags: names },
        );
      }
      if (await this.repo.keyExists(m, toProject, key)) {
        throw errors.conflict(`Project "${toProject}" already has a flag "${key}"`, { field: 'toProject' });
      }
      const missing = await this.missingIn(m, toProject, envs);
      if (missing.length > 0) {
        throw errors.badInput(
          `project "${toProject}" has no ${missing.join(', ')}, which the flag's targeting names`,
          'toProject',
        );
      }
      const before = { ...flagSnapshot(flag), project };
      flag.project = toProject;
      const saved = await saveFlag(m, flag, ctx);
      // Both projects hear of it: subscribers of the old one drop the flag, those of the new one gain it.
      for (const inProject of [project, toProject]) {
        record({
          action: 'flag.moved',
          kind: 'FLAG_MOVED',
          resourceType: 'flag',
          project: inProject,
          resourceKey: key,
          environment: null,
          before,
          after: { ...flagSnapshot(saved), project: toProject },
        });
      }
      return saved;
    });
  }

  /** Segments and prerequisite flags the targeting names that `project` lacks, as `segment "x"` / `flag "y"`. */
  private async missingIn(m: EntityManager, project: string, envs: FlagEnvironmentRow[]): Promise<string[]> {
    const segments = new Set<string>();
    const flags = new Set<string>();
    for (const e of envs) {
      for (const p of e.prerequisites) flags.add(p.flagKey);
      for (const r of e.rules)
        for (const c of r.conditions)
          if (c.operator === 'inSegment') for (const v of c.values ?? []) segments.add(String(v));
    }
    const known = await this.repo.variationKeysByFlag(m, project);
    const segmentKeys = new Set(
      (
        (await m.query('SELECT key FROM flags.segments WHERE project = $1', [project])) as { key: string }[]
      ).map((r) => r.key),
    );
    return [
      ...[...segments].filter((k) => !segmentKeys.has(k)).map((k) => `segment "${k}"`),
      ...[...flags].filter((k) => !known.has(k)).map((k) => `flag "${k}"`),
    ];
  }
}

/** Checks keys and value types; BOOLEAN flags default to on/off when creating. */
export function validateVariations(
  type: FlagType,
  input: Variation[] | null | undefined,
  creating: boolean,
): Variation[] {
  if (!input || input.length === 0) {
    if (type === 'BOOLEAN' && creating) return BOOLEAN_VARIATIONS;
    throw errors.badInput(`a ${type} flag needs at least two variations`, 'input.variations');
  }
  if (input.length < 2) throw errors.badInput('a flag needs at least two variations', 'input.variations');
  const seen = new Set<string>();
  return input.map((v, i) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v.key)) {
      throw errors.badInput('must be 1–64 letters, digits, ".", "_" or "-"', `input.variations[${i}].key`);
    }
    if (seen.has(v.key)) throw errors.badInput(`"${v.key}" is used twice`, `input.variations[${i}].key`);
    seen.add(v.key);
    if (!valueMatchesType(type, v.value)) {
      throw errors.badInput(
        `must be a ${type.toLowerCase()} value for a ${type} flag`,
        `input.variations[${i}].value`,
      );
    }
    return { key: v.key, name: v.name ?? null, description: v.description ?? null, value: v.value };
  });
}
