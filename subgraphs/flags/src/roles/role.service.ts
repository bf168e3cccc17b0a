import {
  type ConfigWriter,
  errors,
  formatGrant,
  type Identity,
  PERMISSIONS,
  PRODUCTION_PERMISSION,
  type Role,
  requirePermission,
  rolePermissions,
  type ScopedGrant,
  type SessionsChanged,
  type WriteContext,
} from '@switchyard/server-kit';
import type { EntityManager } from 'typeorm';
import type { AuthRepository } from '../auth/auth.repository';
import type { ApiKeyRow, UserRow } from '../auth/auth.entities';
import type { RoleRepository } from './role.repository';
import type { RoleGroupMappingRow, RoleRow } from './role.entity';

/** What a custom role may grant: every permission a resolver asks for, and the `production` grant. */
export const GRANTABLE_PERMISSIONS: readonly string[] = [...PERMISSIONS, PRODUCTION_PERMISSION];
const PRESETS: readonly Role[] = ['admin', 'editor', 'viewer'];
/** Permissions over the whole installation (users and roles, integrations, the environments list): never scoped. */
const INSTALLATION_WIDE: readonly string[] = ['users:manage', 'integrations:manage', 'environments:write'];
const ROLE_KEY = /^[a-z][a-z0-9-]{0,62}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RoleInput {
  name: string;
  description?: string | null;
  grants: { permission: string; project?: string | null; environment?: string | null }[];
}

/** A role as the graph shows it: a built-in preset (read-only) or a custom role. */
export interface RoleView {
  key: string;
  name: string;
  description: string;
  preset: boolean;
  grants: ScopedGrant[];
  version: number;
  createdAt: Date | null;
  updatedAt: Date | null;
}

const PRESET_TEXT: Record<Role, { name: string; description: string }> = {
  admin: { name: 'Admin', description: 'Everything, including users, keys, environments and integrations' },
  editor: {
    name: 'Editor',
    description: 'Flags, segments, experiments and metrics (production needs the production grant)',
  },
  viewer: { name: 'Viewer', description: 'Reads everything, changes nothing' },
};

/** The built-in roles as read-only presets, their grants unscoped. */
export function presetRoles(): RoleView[] {
  return PRESETS.map((key) => ({
    key,
    ...PRESET_TEXT[key],
    preset: true,
    grants: [...rolePermissions[key], ...(key === 'admin' ? [PRODUCTION_PERMISSION] : [])].map(
      (permission) => ({
        permission,
        project: null,
        environment: null,
      }),
    ),
    version: 1,
    createdAt: null,
    updatedAt: null,
  }));
}

const view = (row: RoleRow): RoleView => ({ ...row, preset: false });
const roleAudit = (r: RoleRow) => ({
  key: r.key,
  name: r.name,
  description: r.description,
  grants: r.grants,
});

/** The `permissions` entries (see server-kit's formatGrant) the roles give, each once. */
export function grantEntries(roles: readonly RoleRow[]): string[] {
  return [...new Set(roles.flatMap((r) => r.grants.map(formatGrant)))];
}

/** The `permissions` entries of a user's custom roles, direct and through their single sign-on groups. */
export async function entriesOfUser(
  repo: RoleRepository,
  user: Pick<UserRow, 'customRoles' | 'ssoGroups'>,
): Promise<string[]> {
  const keys = new Set([...user.customRoles, ...(await repo.rolesOfGroups(user.ssoGroups))]);
  return grantEntries(await repo.byKeys([...keys]));
}

/** The `permissions` entries of a TOKEN key's custom roles. */
export async function entriesOfKey(
  repo: RoleRepository,
  key: Pick<ApiKeyRow, 'customRoles'>,
): Promise<string[]> {
  return grantEntries(await repo.byKeys(key.customRoles));
}

/**
 * Each key a custom role that exists (presets are given as the role, not here), each once; else
 * BAD_USER_INPUT naming `field[i]`.
 */
export async function checkRoleKeys(
  repo: RoleRepository,
  m: EntityManager,
  roleKeys: readonly string[],
  field: string,
): Promise<string[]> {
  const keys = [...new Set(roleKeys)];
  const preset = keys.findIndex((k) => PRESETS.includes(k as Role));
  if (preset >= 0)
    throw errors.badInput(
      `"${keys[preset]}" is a built-in preset: give it as the role, not as a custom role`,
      `${field}[${preset}]`,
    );
  const missing = await repo.missing(m, keys);
  if (missing.length > 0) {
    const at = keys.indexOf(missing[0]!);
    throw errors.notFound('Role', missing[0]!, `${field}[${at}]`);
  }
  return keys;
}

/**
 * Custom roles: sets of permissions scoped to projects and environments, assigned to users, to TOKEN
 * keys (at creation) and to single sign-on groups. Every change is an audited, versioned write; one
 * that changes what signed-in people may do tells every gateway to ask again (SESSIONS_CHANGED).
 * A role still assigned cannot be deleted: unassign it first (the refusal says where it is used).
 */
export class RoleService {
  constructor(
    private readonly repo: RoleRepository,
    private readonly users: AuthRepository,
    private readonly writer: ConfigWriter,
    private readonly sessionsChanged: (change: SessionsChanged) => Promise<void>,
  ) {}

  async list(identity: Identity): Promise<RoleView[]> {
    requirePermission(identity, 'users:manage');
    return [...presetRoles(), ...(await this.repo.list()).map(view)];
  }

  async get(identity: Identity, key: string): Promise<RoleView | null> {
    requirePermission(identity, 'users:manage');
    const preset = presetRoles().find((r) => r.key === key);
    if (preset) return preset;
    const row = await this.repo.byKey(key);
    return row ? view(row) : null;
  }

  grantablePermissions(identity: Identity): readonly string[] {
    requirePermission(identity, 'users:manage');
    return GRANTABLE_PERMISSIONS;
  }

  async create(ctx: WriteContext, key: string, input: RoleInput): Promise<RoleView> {
    requirePermission(ctx.actor as Identity, 'users:manage');
    if (!ROLE_KEY.test(key))
      throw errors.badInput(
        'must be 1 to 63 lower-case letters, digits or dashes, starting with a letter',
        'input.key',
      );
    const name = checkName(input.name);
    return this.writer.write(ctx, async (m, record) => {
      const grants = await this.checkGrants(m, input.grants);
      if (PRESETS.includes(key as Role) || (await this.repo.byKey(key)))
        throw errors.conflict(`A role with key "${key}" already exists`, { field: 'input.key' });
      const row = await this.repo.insert(m, {
        key,
        name,
        description: input.description?.trim() ?? '',
        grants,
      });
      record({
        action: 'role.created',
        kind: 'ROLE_CREATED',
        resourceType: 'role',
        resourceKey: key,
        environment: null,
        before: null,
        after: roleAudit(row),
      });
      return view(row);
    });
  }

  async update(
    ctx: WriteContext,
    key: string,
    input: RoleInput,
    expectedVersion?: number | null,
  ): Promise<RoleView> {
    requirePermission(ctx.actor as Identity, 'users:manage');
    refusePreset(key, 'key');
    const name = checkName(input.name);
    const row = await this.writer.write(ctx, async (m, record) => {
      const before = await this.repo.forUpdate(m, key);
      if (!before) throw errors.notFound('Role', key);
      if (expectedVersion != null && expectedVersion !== before.version)
        throw errors.staleVersion('Role', key, expectedVersion, before.version);
      const grants = await this.checkGrants(m, input.grants);
      const after = await this.repo.update(m, key, {
        name,
        description: input.description?.trim() ?? before.description,
        grants,
        version: before.version + 1,
      });
      record({
        action: 'role.updated',
        kind: 'ROLE_UPDATED',
        resourceType: 'role',
        resourceKey: key,
        environment: null,
        before: roleAudit(before),
        after: roleAudit(after),
      });
      return after;
    });
    // Everyone holding the role (directly, by a group or through a key) acts with the new grants from now.
    await this.sessionsChanged({ all: true });
    return view(row);
  }

  /** Refused while the role is assigned to a user, a key or a group: unassign it first. */
  async delete(ctx: WriteContext, key: string): Promise<boolean> {
    requirePermission(ctx.actor as Identity, 'users:manage');
    refusePreset(key, 'key');
    return this.writer.write(ctx, async (m, record) => {
      const before = await this.repo.forUpdate(m, key);
      if (!before) throw errors.notFound('Role', key);
      const used = await this.repo.assignments(m, key);
      if (used.users + used.keys + used.groups > 0)
        throw errors.conflict(
          `Role "${key}" is still assigned (${used.users} users, ${used.keys} API keys, ${used.groups} groups): unassign it first`,
          { field: 'key', ...used },
        );
      await this.repo.delete(m, key);
      record({
        action: 'role.deleted',
        kind: 'ROLE_DELETED',
        resourceType: 'role',
        resourceKey: key,
        environment: null,
        before: roleAudit(before),
        after: null,
      });
      return true;
    });
  }

  /** Sets the custom roles assigned to a user directly (their preset role stays); their sessions ask again. */
  async setUserRoles(ctx: WriteContext, userId: string, roleKeys: readonly string[]): Promise<UserRow> {
    requirePermission(ctx.actor as Identity, 'users:manage');
    if (!UUID.test(userId)) throw errors.notFound('User', userId);
    const user = await this.writer.write(ctx, async (m, record) => {
      const keys = await checkRoleKeys(this.repo, m, roleKeys, 'roles');
      const before = await this.users.userForUpdate(m, userId);
      if (!before || before.deletedAt) throw errors.notFound('User', userId);
      const after = (await this.users.updateUser(m, userId, { customRoles: keys }))!;
      record({
        action: 'user.roles.updated',
        kind: 'USER_ROLE_UPDATED',
        resourceType: 'user',
        resourceKey: userId,
        environment: null,
        before: { email: before.email, role: before.role, customRoles: before.customRoles },
        after: { email: after.email, role: after.role, customRoles: after.customRoles },
      });
      return after;
    });
    await this.sessionsChanged({ userId });
    return user;
  }

  async listGroupMappings(identity: Identity): Promise<RoleGroupMappingRow[]> {
    requirePermission(identity, 'users:manage');
    return this.repo.listGroupMappings();
  }

  /** Maps an identity-provider group to custom roles (none: removes the mapping). Applies from the next request. */
  async setGroupMapping(
    ctx: WriteContext,
    group: string,
    roleKeys: readonly string[],
  ): Promise<Pick<RoleGroupMappingRow, 'group' | 'roleKeys' | 'version'> & { updatedAt: Date | null }> {
    requirePermission(ctx.actor as Identity, 'users:manage');
    const name = group.trim();
    if (!name || name.length > 200) throw errors.badInput('must be 1 to 200 characters', 'group');
    const mapping = await this.writer.write(ctx, async (m, record) => {
      const keys = await checkRoleKeys(this.repo, m, roleKeys, 'roles');
      const before = await this.repo.groupMappingForUpdate(m, name);
      if (!before && keys.length === 0) return { group: name, roleKeys: [], version: 0, updatedAt: null };
      const after =
        keys.length === 0
          ? null
          : await this.repo.saveGroupMapping(m, {
              group: name,
              roleKeys: keys,
              version: (before?.version ?? 0) + 1,
            });
      if (!after) await this.repo.deleteGroupMapping(m, name);
      record({
        action: after ? 'role.group_mapping.updated' : 'role.group_mapping.deleted',
        kind: 'ROLE_GROUP_MAPPING_UPDATED',
        resourceType: 'roleGroupMapping',
        resourceKey: name,
        environment: null,
        before: before ? { group: name, roles: before.roleKeys } : null,
        after: after ? { group: name, roles: after.roleKeys } : null,
      });
      return (
        after ?? { group: name, roleKeys: [], version: (before?.version ?? 0) + 1, updatedAt: new Date() }
      );
    });
    await this.sessionsChanged({ all: true });
    return mapping;
  }

  /** Known permissions, existing projects, environments the project uses; each problem names its field. */
  private async checkGrants(m: EntityManager, input: RoleInput['grants']): Promise<ScopedGrant[]> {
    const grants: ScopedGrant[] = [];
    const seen = new Set<string>();
    for (const [i, g] of input.entries()) {
      const at = `input.grants[${i}]`;
      if (!GRANTABLE_PERMISSIONS.includes(g.permission))
        throw errors.badInput(
          `unknown permission "${g.permission}" (known: ${GRANTABLE_PERMISSIONS.join(', ')})`,
          `${at}.permission`,
        );
      const project = g.project?.trim() || null;
      const environment = g.environment?.trim() || null;
      if (INSTALLATION_WIDE.includes(g.permission) && (project !== null || environment !== null))
        throw errors.badInput(
          `"${g.permission}" concerns the whole installation: grant it without a project or environment`,
          `${at}.${project !== null ? 'project' : 'environment'}`,
        );
      if (project !== null && !(await this.repo.projectExists(m, project)))
        throw errors.notFound('Project', project, `${at}.project`);
      if (environment !== null && !(await this.repo.environmentUsed(m, project, environment)))
        throw errors.badInput(
          project === null
            ? `environment "${environment}" does not exist`
            : `environment "${environment}" is not one project "${project}" uses`,
          `${at}.environment`,
        );
      const grant = { permission: g.permission, project, environment };
      if (seen.has(formatGrant(grant))) continue;
      seen.add(formatGrant(grant));
      grants.push(grant);
    }
    return grants;
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) throw errors.badInput('must be 1 to 100 characters', 'input.name');
  return trimmed;
}

function refusePreset(key: string, field: string): void {
  if (PRESETS.includes(key as Role))
    throw errors.badInput(`"${key}" is a built-in preset and cannot be changed or deleted`, field);
}
