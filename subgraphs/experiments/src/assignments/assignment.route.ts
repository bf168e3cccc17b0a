import { DateTimeScalar, errors, type InternalRoute } from '@switchyard/server-kit';
import type { SubgraphContext } from '../context';

/**
 * `POST /internal/assignment`, called by the gateway's edge for plain `assignment` queries: the
 * resolver's call, answered with every leaf field of `Assignment` as the graph serializes it.
 */
export const assignmentRoute: InternalRoute<SubgraphContext> = async (body, ctx) => {
  const { experimentKey, context, project } = body;
  if (typeof experimentKey !== 'string') throw errors.badInput('must be a string', 'experimentKey');
  if (project !== undefined && project !== null && typeof project !== 'string')
    throw errors.badInput('must be a string', 'project');
  const result = await ctx.assignments.assign(experimentKey, context, ctx.identity, project ?? null);
  return {
    experimentKey: result.experimentKey,
    project: result.project,
    userKey: result.userKey,
    variant: result.variant,
    configuration: result.configuration,
    reason: result.reason,
    assignedAt: result.assignedAt ? DateTimeScalar.serialize(result.assignedAt) : null,
  };
};
