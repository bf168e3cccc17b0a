import type { Identity } from './identity';
import {
  formatGrant,
  holdsPermission,
  parseGrant,
  type PermissionScope,
  requirePermission,
} from './permissions';

const user = (role: Identity['role'], permissions: string[] = []): Identity => ({
  id: 'u',
  name: 'u',
  kind: 'user',
  role,
  permissions,
});

/** FORBIDDEN's permission, or 'ok'. */
function outcome(
  identity: Identity,
  permission: Parameters<typeof requirePermission>[1],
  scope: PermissionScope,
) {
  try {
    requirePermission(identity, permission, scope);
    return 'ok';
  } catch (err) {
    return String((err as { extensions: { permission?: string; code: string } }).extensions.permission);
  }
}

const prodDefault = ['flags:write@default/production'];
const checkout = ['flags:write@checkout/*', 'production@checkout/*'];

describe('requirePermission with scoped grants', () => {
  it.each([
    // who, permission, scope, outcome
    ['editor', [], 'flags:write', { environment: 'staging' }, 'ok'],
    ['editor', [], 'flags:write', { environment: 'production' }, 'production'],
    ['editor', ['production'], 'flags:write', { environment: 'production' }, 'ok'],
    ['viewer', prodDefault, 'flags:write', { environment: 'production' }, 'ok'],
    ['viewer', prodDefault, 'flags:write', { project: 'default', environment: 'production' }, 'ok'],
    ['viewer', prodDefault, 'flags:write', { environment: 'staging' }, 'flags:write'],
    ['viewer', prodDefault, 'flags:write', {}, 'flags:write'],
    ['viewer', prodDefault, 'flags:write', { project: 'checkout', environment: 'production' }, 'flags:write'],
    ['viewer', checkout, 'flags:write', { environment: 'production' }, 'flags:write'],
    ['viewer', checkout, 'flags:write', { project: 'checkout', environment: 'production' }, 'ok'],
    ['viewer', checkout, 'flags:write', { project: 'checkout' }, 'ok'],
    ['viewer', ['flags:write@*/staging'], 'flags:write', { environment: 'production' }, 'flags:write'],
    ['viewer', ['flags:write@*/*'], 'flags:write', { environment: 'production' }, 'production'],
    [
      'viewer',
      ['flags:write@*/*', 'production@default/production'],
      'flags:write',
      { environment: 'production' },
      'ok',
    ],
    [null, ['flags:read'], 'flags:read', {}, 'ok'],
    [null, [], 'flags:read', {}, 'flags:read'],
  ] as const)('%s with %j asking %s in %j: %s', (role, grants, permission, scope, expected) => {
    expect(outcome(user(role, [...grants]), permission, scope)).toBe(expected);
  });

  it('writes and reads grants', () => {
    for (const grant of [
      { permission: 'flags:write', project: 'default', environment: 'production' },
      { permission: 'flags:write', project: null, environment: 'staging' },
      { permission: 'flags:write', project: 'checkout', environment: null },
    ]) {
      expect(parseGrant(formatGrant(grant))).toEqual(grant);
    }
    expect(formatGrant({ permission: 'flags:read', project: null, environment: null })).toBe('flags:read');
    expect(parseGrant('flags:read')).toBeNull();
  });
});

describe('holdsPermission: which projects a caller may read', () => {
  const key = (project: string): Identity => ({
    id: 'k',
    name: 'k',
    kind: 'apiKey',
    role: null,
    permissions: ['flags:read'],
    project,
    environment: 'production',
    keyKind: 'server',
  });
  it.each([
    ['a viewer', user('viewer'), ['default', 'checkout', 'mobile']],
    ['a checkout-only custom role', user(null, ['flags:read@checkout/*']), ['checkout']],
    ['a grant in every project', user(null, ['flags:read@*/*']), ['default', 'checkout', 'mobile']],
    // A grant naming an environment does not read the project's flag list (that names no environment).
    ['a grant of one environment', user(null, ['flags:read@checkout/production']), []],
    ['a server key of mobile', key('mobile'), ['mobile']],
    ['nobody', user(null), []],
  ] as const)('%s', (_who, identity, expected) => {
    const readable = ['default', 'checkout', 'mobile'].filter((project) =>
      holdsPermission(identity, 'flags:read', { project }),
    );
    expect(readable).toEqual(expected);
  });
});
