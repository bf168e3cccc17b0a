import { errorCode, errors, requirePermissionSomewhere } from '@switchyard/server-kit';
import type { SubgraphContext } from '../context';
import type { TrackOptions } from './event.service';

/**
 * The project `trackEvents` (the mutation, and the gateway's `POST /events` through its route) stores a call's
 * events in: the one the call names (NOT_FOUND naming `project` when unknown, FORBIDDEN without `events:write`
 * there), else an SDK key's own. A person's call naming none leaves each event to name its own in
 * `properties.project` (else `default`), checked event by event (`projectAccess`), so no event silently lands
 * in the default project while another was named.
 */
export async function eventScope(ctx: SubgraphContext, project: unknown): Promise<TrackOptions> {
  if (project !== undefined && project !== null && typeof project !== 'string') {
    throw errors.badInput('must be a string', 'project');
  }
  const { identity } = ctx;
  const environment = identity.environment ?? null;
  const keyProject = identity.kind === 'apiKey' ? (identity.project ?? null) : null;
  if (project || keyProject) {
    const inside = await ctx.projects.within(identity, 'events:write', project);
    return { environment, project: inside, projectOwner: keyProject ? 'key' : 'request' };
  }
  // Refused before anything is looked up when the caller may write events nowhere.
  requirePermissionSomewhere(identity, 'events:write');
  return {
    environment,
    project: null,
    projectAccess: async (named) => {
      try {
        await ctx.projects.within(identity, 'events:write', named);
        return null;
      } catch (err) {
        if (errorCode(err) === 'NOT_FOUND') return `project "${named}" does not exist`;
        if (errorCode(err) === 'FORBIDDEN') return `no permission to write events in project "${named}"`;
        throw err;
      }
    },
  };
}
