import { previewOfProposal } from '../preview/targeting-preview';
import {
  type ConfigChange,
  errors,
  requirePermission,
  requirePermissionSomewhere,
} from '@switchyard/server-kit';
import type { SubgraphContext } from '../context';
import type { ReleasePlanAction, Resolvers } from '../generated/graphql';
import type { EntityManager } from 'typeorm';
import { type ApprovalPolicyRow, ChangeRequestRow } from './change-request.entities';
import { approvals, listChangeRequests } from './change-request.service';
import { toDate } from './release.resolvers';

/** Thin: each field checks the permission and asks the change request service. */
export const changeRequestResolvers: Resolvers = {
  Query: {
    approvalPolicies(_parent, _args, ctx) {
      requirePermission(ctx.identity, 'flags:read');
      return ctx.changeRequests.policies();
    },
    async changeRequests(_parent, { filter, first }, ctx) {
      const project = await ctx.projects.within(ctx.identity, 'flags:read', filter?.project, {
        environment: filter?.environment,
        field: 'filter.project',
      });
      if (first < 1 || first > 200) throw errors.badInput('must be from 1 to 200', 'first');
      return listChangeRequests(ctx.ds.manager, { ...filter, project }, first);
    },
    async changeRequest(_parent, { id }, ctx) {
      requirePermissionSomewhere(ctx.identity, 'flags:read');
      const [row] = await listChangeRequestById(ctx.ds.manager, id);
      if (row)
        requirePermission(ctx.identity, 'flags:read', {
          environment: row.environmentKey,
          project: row.project,
        });
      return row ?? null;
    },
  },
  Mutation: {
    setApprovalPolicy(_parent, { environment, requiredApprovals, adminBypass }, ctx) {
      requirePermission(ctx.identity, 'environments:write');
      return ctx.changeRequests.setPolicy(environment, requiredApprovals, adminBypass, ctx);
    },
    async createChangeRequest(_parent, { input }, ctx) {
      // Refused before any lookup, then in the project and environment (and for segments) the request is for.
      const project = await ctx.projects.within(ctx.identity, 'flags:write', input.project, {
        environment: input.environment,
        field: 'input.project',
      });
      const proposal = await ctx.changeRequests.proposal(input, project, (auditEntryId) =>
        ctx.revert.restoration(auditEntryId, input.expectedVersion),
      );
      const scope = { environment: proposal.environment, project: proposal.project };
      requirePermission(ctx.identity, 'flags:write', scope);
      if (proposal.segmentKey)
        requirePermission(ctx.identity, 'segments:write', { project: proposal.project });
      return ctx.changeRequests.create(proposal, input, ctx);
    },
    async submitChangeRequest(_parent, { id, expectedVersion }, ctx) {
      await requireOnRequest(ctx, id);
      return ctx.changeRequests.submit(id, expectedVersion, ctx);
    },
    async reviewChangeRequest(_parent, { id, decision, comment, expectedVersion }, ctx) {
      await requireOnRequest(ctx, id);
      return ctx.changeRequests.review(id, decision, comment ?? null, expectedVersion, ctx);
    },
    async applyChangeRequest(_parent, { id, expectedVersion, bypass, at }, ctx) {
      await requireOnRequest(ctx, id);
      return ctx.changeRequests.apply(
        id,
        expectedVersion,
        bypass,
        ctx,
        ctx.identity,
        at ? toDate(at, 'at') : null,
      );
    },
  },
  ConfigChange: {
    changeRequest: async (c, _args, ctx) =>
      (c as ConfigChange).resourceType === 'change_request'
        ? ((await listChangeRequestById(ctx.ds.manager, (c as ConfigChange).resourceKey))[0] ?? null)
        : null,
  },
  ApprovalPolicy: {
    environment: (p) => (p as ApprovalPolicyRow).environmentKey,
  },
  ChangeRequest: {
    environment: (r) => (r as ChangeRequestRow).environmentKey,
    targeting: (r) => ((r as ChangeRequestRow).kind === 'TARGETING' ? (r as ChangeRequestRow).change : null),
    proposed: (r) => (r as ChangeRequestRow).change,
    preview: (r, _args, ctx) => {
      const row = r as ChangeRequestRow;
      return previewOfProposal(ctx.targetingPreview, { ...row, environment: row.environmentKey });
    },
    releasePlan: (r, _args, ctx) => {
      const planId = (r as ChangeRequestRow).planId;
      return planId ? ctx.releaseRepo.plan(planId) : null;
    },
    releasePlanAction: (r) =>
      (r as ChangeRequestRow).kind === 'RELEASE_PLAN_ACTION'
        ? ((r as ChangeRequestRow).change.action as ReleasePlanAction)
        : null,
    revertedTo: (r) =>
      ((r as ChangeRequestRow).change.revertedTo as { auditEntryId: string } | undefined)?.auditEntryId ??
      null,
    approvals: (r) => approvals(r as ChangeRequestRow),
    diff: (r, _args, ctx) => ctx.changeRequests.diff(r as ChangeRequestRow),
  },
};

/**
 * Refused before the lookup (a viewer learns nothing about which requests exist), then in the request's
 * project and environment.
 */
async function requireOnRequest(ctx: SubgraphContext, id: string): Promise<void> {
  requirePermissionSomewhere(ctx.identity, 'flags:write');
  const [row] = await listChangeRequestById(ctx.ds.manager, id);
  if (!row) throw errors.notFound('ChangeRequest', id);
  requirePermission(ctx.identity, 'flags:write', { environment: row.environmentKey, project: row.project });
  if (row.segmentKey) requirePermission(ctx.identity, 'segments:write', { project: row.project });
}

function listChangeRequestById(m: EntityManager, id: string) {
  // Not a uuid: no such request (PostgreSQL would refuse the comparison).
  if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve([] as ChangeRequestRow[]);
  return m.getRepository(ChangeRequestRow).find({ where: { id } });
}
