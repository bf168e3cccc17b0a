import type { Role } from './context';
import { errors } from './errors';
import type { Identity } from './identity';

/**
 * What a caller may do. Resolvers ask for one permission with `requirePermission`;
 * a refusal is FORBIDDEN naming it. Roles and key kinds map to sets of these.
 */
export type Permission =
  | 'flags:read'
  | 'flags:write'
  | 'segments:write'
  | 'environments:write'
  | 'experiments:read'
  | 'experiments:write'
  | 'metrics:write'
  | 'results:read'
  | 'audit:read'
  | 'evaluate'
  | 'flagset:read'
  | 'events:write'
  | 'users:manage'
  | 'keys:manage'
  | 'integrations:manage';

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

export function permissionsOf(identity: Identity): ReadonlySet<string> {
  const granted = new Set<string>(identity.permissions);
  if (identity.kind === 'system') return new Set([...rolePermissions.admin, PRODUCTION_PERMISSION]);
  if (identity.role) for (const p of rolePermissions[identity.role]) granted.add(p);
  return granted;
}

export function hasPermission(identity: Identity, permission: Permission): boolean {
  return permissionsOf(identity).has(permission);
}

/**
 * Throws UNAUTHENTICATED for an anonymous caller and FORBIDDEN naming the missing
 * permission otherwise. Writes to `production` also need the production grant
 * (admins and system have it); SDK keys are confined to their own environment.
 */
export function requirePermission(
  identity: Identity,
  permission: Permission,
  scope: { environment?: string | null } = {},
): void {
  if (identity.kind === 'anonymous') throw errors.unauthenticated();
  const granted = permissionsOf(identity);
  if (!granted.has(permission)) throw errors.forbidden(permission);
  const env = scope.environment;
  if (!env) return;
  if (identity.kind === 'apiKey' && identity.environment && identity.environment !== env) {
    throw errors.forbidden(`environment:${env}`);
  }
  const isWrite = permission.endsWith(':write') || permission.endsWith(':manage');
  if (isWrite && env === 'production' && identity.role !== 'admin' && !granted.has(PRODUCTION_PERMISSION)) {
    throw errors.forbidden(PRODUCTION_PERMISSION);
  }
}
