import { BusCache } from './bus-cache';
import { systemActor } from './context';
import { errors } from './errors';
import type { Identity } from './identity';
import { type Permission, requirePermission, requirePermissionSomewhere } from './permissions';
import { DEFAULT_PROJECT } from './projects';
import { operation, type SubgraphClient } from './subgraph-client';

const PROJECT = operation<{ key: string }, { project: { key: string } | null }>(
  'query ProjectExists($key: String!) { project(key: $key) { key } }',
);
const SYSTEM: Identity = { ...systemActor, permissions: [] };
// Projects are created, never deleted: a known one stays known; an unknown one is asked again soon.
const KNOWN_TTL_MS = 10 * 60_000;
const UNKNOWN_TTL_MS = 2_000;

/**
 * Whether a project exists, for the subgraphs that do not own the project tables: asked of the flags
 * subgraph (`project(key)`) through its signed internal client, and remembered.
 */
export class ProjectDirectory {
  private readonly known: BusCache<string, boolean>;

  constructor(flags: SubgraphClient) {
    this.known = new BusCache({
      load: async (key) => (await flags.request(PROJECT, { key }, SYSTEM)).project !== null,
      ttlMs: (exists) => (exists ? KNOWN_TTL_MS : UNKNOWN_TTL_MS),
      maxEntries: 10_000,
    });
  }

  /** The project a request works in: `default` when it names none; NOT_FOUND naming `field` when unknown. */
  async resolve(project: string | null | undefined, field = 'project'): Promise<string> {
    const key = project ?? DEFAULT_PROJECT;
    if (key === DEFAULT_PROJECT) return key;
    if (!(await this.known.get(key))) throw errors.notFound('Project', key, field);
    return key;
  }

  /**
   * The project a request names, resolved, with `permission` checked in it (as the flags subgraph's
   * ProjectService.within, through the same `checkWithinProject`).
   */
  within(
    identity: Identity,
    permission: Permission,
    project: string | null | undefined,
    scope: { environment?: string | null; field?: string } = {},
  ): Promise<string> {
    return checkWithinProject(identity, permission, project, scope, (key, field) => this.resolve(key, field));
  }
}

/**
 * The project a request names, resolved by `resolve` (NOT_FOUND naming `scope.field` when unknown), with
 * the caller's `permission` checked in it, so a custom role scoped to one project reaches no other. A
 * caller holding the permission nowhere is refused before anything is looked up; an SDK key works in its
 * own project unless the request names one.
 */
export async function checkWithinProject(
  identity: Identity,
  permission: Permission,
  project: string | null | undefined,
  scope: { environment?: string | null; field?: string },
  resolve: (project: string | null | undefined, field?: string) => Promise<string>,
): Promise<string> {
  requirePermissionSomewhere(identity, permission);
  const inside = await resolve(project ?? identity.project, scope.field);
  requirePermission(identity, permission, { environment: scope.environment, project: inside });
  return inside;
}
