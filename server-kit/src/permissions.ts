import type { Role } from './context';
import { errors } from './errors';
import type { Identity } from './identity';
import { DEFAULT_PROJECT } from './projects';

/**
 * What a caller may do. Resolvers ask for one permission with `requirePermission`;
 * a refusal is FORBIDDEN naming it. Roles and key kinds map to sets of these.
 */
export const PERMISSIONS = [
  'flags:read',
  'flags:write',
  'segments:write',
  'environments:write',
  'experiments:read',
  'experiments:write',
  'metrics:write',
  'results:read',
  'audit:read',
  'evaluate',
  'flagset:read',
  'events:write',
  'users:manage',
  'keys:manage',
  'integrations:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// flagset:read: the rules a viewer can already read flag by flag, in one document.
const READ: Permission[] = [
  'flags:read',
  'experiments:read',
  'results:read',
  'audit:read',
  'evaluate',
  'flagset:read',
];
const EDIT: Permission[] = [
  ...READ,
  'flags:write',
  'segments:write',
  'experiments:write',
  'metrics:write',
  'events:write',
];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: [...EDIT, 'environments:write', 'users:manage', 'keys:manage', 'integrations:manage'],
  editor: EDIT,
  viewer: READ,
};

/** SDK keys act for one environment. */
export const sdkKeyPermissions: Record<'server' | 'client', readonly Permission[]> = {
  server: ['flags:read', 'flagset:read', 'evaluate', 'events:write'],
  client: ['evaluate', 'events:write'],
};

/** The extra grant an editor needs to change anything in the `production` environment. */
export const PRODUCTION_PERMISSION = 'production';

/**
 * A grant of a custom role, as it travels in the signed identity's `permissions`: `flags:write`
 * everywhere, or `flags:write@checkout/production` in one project and environment (`*`: any).
 */
export interface ScopedGrant {
  permission: string;
  /** null: every project. */
  project: string | null;
  /** null: every environment. */
  environment: string | null;
}

/** `permission@project/environment` (`*` for any); a grant unscoped on both sides is the bare permission. */
export function formatGrant(grant: ScopedGrant): string {
  if (grant.project === null && grant.environment === null) return grant.permission;
  return `${grant.permission}@${grant.project ?? '*'}/${grant.environment ?? '*'}`;
}

/** The scoped grant a `permissions` entry holds, or null for a bare permission. */
export function parseGrant(entry: string): ScopedGrant | null {
  const at = entry.indexOf('@');
  if (at < 0) return null;
  const [project = '*', environment = '*'] = entry.slice(at + 1).split('/');
  return {
    permission: entry.slice(0, at),
    project: project === '*' ? null : project,
    environment: environment === '*' ? null : environment,
  };
}

/** The bare permissions of a caller (its role's, its unscoped grants); scoped grants are not in it. */
export function permissionsOf(identity: Identity): ReadonlySet<string> {
  const granted = new Set<string>(identity.permissions);
  if (identity.kind === 'system') return new Set([...rolePermissions.admin, PRODUCTION_PERMISSION]);
  if (identity.role) for (const p of rolePermissions[identity.role]) granted.add(p);
  return granted;
}

export function hasPermission(identity: Identity, permission: Permission): boolean {
  return permissionsOf(identity).has(permission);
}

/** Where a resolver acts: the project (`default` when not named) and, for per-environment config, the environment. */
export interface PermissionScope {
  project?: string | null;
  environment?: string | null;
}

/**
 * The caller's scoped grant of `permission` covering the scope, or null. A grant naming an environment
 * covers only that environment, never an operation that names none (creating a flag is not "in production").
 */
function scopedGrant(identity: Identity, permission: string, project: string, env: string | null) {
  for (const entry of identity.permissions) {
    const grant = parseGrant(entry);
    if (!grant || grant.permission !== permission) continue;
    if (grant.project !== null && grant.project !== project) continue;
    if (grant.environment !== null && grant.environment !== env) continue;
    return grant;
  }
  return null;
}

/**
 * Throws UNAUTHENTICATED for an anonymous caller and FORBIDDEN naming the missing
 * permission otherwise. A permission is held bare (a role's, or an unscoped grant) or through a
 * custom role's grant scoped to the project (`scope.project`, default `default`) and environment.
 * Writes to `production` also need the production grant (admins and system have it; a scoped
 * `production` grant, or a grant of the permission naming `production` itself, count too);
 * SDK keys are confined to their own project and environment.
 */
export function requirePermission(
  identity: Identity,
  permission: Permission,
  scope: PermissionScope = {},
): void {
  const refused = refusal(identity, permission, scope);
  if (refused) throw refused;
}

/** Whether requirePermission lets the caller through (for filtering what a list shows, never for a refusal). */
export function holdsPermission(
  identity: Identity,
  permission: Permission,
  scope: PermissionScope = {},
): boolean {
  return refusal(identity, permission, scope) === null;
}

/** requirePermission's answer: the error it throws, or null. */
function refusal(identity: Identity, permission: Permission, scope: PermissionScope) {
  if (identity.kind === 'anonymous') return errors.unauthenticated();
  const granted = permissionsOf(identity);
  // An SDK key works in its own project unless the operation names one.
  const project = scope.project ?? identity.project ?? DEFAULT_PROJECT;
  const env = scope.environment ?? null;
  const scoped = granted.has(permission) ? null : scopedGrant(identity, permission, project, env);
  if (!granted.has(permission) && !scoped) return errors.forbidden(permission);
  if (identity.kind === 'apiKey' && identity.project && identity.project !== project) {
    return errors.forbidden(`project:${project}`);
  }
  if (!env) return null;
  if (identity.kind === 'apiKey' && identity.environment && identity.environment !== env) {
    return errors.forbidden(`environment:${env}`);
  }
  const isWrite = permission.endsWith(':write') || permission.endsWith(':manage');
  if (
    isWrite &&
    env === 'production' &&
    identity.role !== 'admin' &&
    !granted.has(PRODUCTION_PERMISSION) &&
    scoped?.environment !== 'production' &&
    !scopedGrant(identity, PRODUCTION_PERMISSION, project, env)
  ) {
    return errors.forbidden(PRODUCTION_PERMISSION);
  }
  return null;
}

/**
 * For a resolver that learns its scope only after a lookup (an experiment's environment): refuses a
 * caller holding `permission` in no scope at all before anything is looked up or validated, so a
 * caller without it learns nothing about what exists. The scoped check still follows.
 */
export function requirePermissionSomewhere(identity: Identity, permission: Permission): void {
  if (identity.kind === 'anonymous') throw errors.unauthenticated();
  if (permissionsOf(identity).has(permission)) return;
  if (identity.permissions.some((entry) => parseGrant(entry)?.permission === permission)) return;
  throw errors.forbidden(permission);
}
