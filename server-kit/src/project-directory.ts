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
 * Which projects exist, and the project a request works in with the caller's permission checked there.
 * The flags subgraph owns the project tables and answers `exists` from them (its ProjectService is one);
 * the other subgraphs ask it (`ProjectDirectory.askingFlags`).
 */
export class ProjectDirectory {
  constructor(private readonly exists: (project: string) => Promise<boolean>) {}

  /** Asks the flags subgraph (`project(key)`) through its signed internal client, and remembers the answer. */
  static askingFlags(flags: SubgraphClient): ProjectDirectory {
    const known = new BusCache<string, boolean>({
      load: async (key) => (await flags.request(PROJECT, { key }, SYSTEM)).project !== null,
      ttlMs: (exists) => (exists ? KNOWN_TTL_MS : UNKNOWN_TTL_MS),
      maxEntries: 10_000,
    });
    return new ProjectDirectory((key) => known.get(key));
  }

  /** The project a request works in: `default` when it names none; NOT_FOUND naming `field` when unknown. */
  async resolve(project: string | null | undefined, field = 'project'): Promise<string> {
    const key = project ?? DEFAULT_PROJECT;
    if (key === DEFAULT_PROJECT) return key;
    if (!(await this.exists(key))) throw errors.notFound('Project', key, field);
    return key;
  }

  /**
   * The project a request names, resolved (NOT_FOUND naming `scope.field` when unknown), with the caller's
   * `permission` checked in it, so a custom role scoped to one project reaches no other. A caller holding
   * the permission nowhere is refused before anything is looked up; an SDK key works in its own project
   * unless the request names one.
   */
  async within(
    identity: Identity,
    permission: Permission,
    project: string | null | undefined,
    scope: { environment?: string | null; field?: string } = {},
  ): Promise<string> {
    requirePermissionSomewhere(identity, permission);
    const inside = await this.resolve(project ?? identity.project, scope.field);
    requirePermission(identity, permission, { environment: scope.environment, project: inside });
    return inside;
  }
}
