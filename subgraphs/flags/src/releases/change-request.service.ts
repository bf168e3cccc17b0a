import type { FlagEnvironmentConfig } from '@switchyard/core';
import { errors, type Identity } from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import type { FlagRepository } from '../flags/flag.repository';
import { toEnvironmentConfig } from '../flags/flag.repository';
import { type AuditLabel, lockForUpdate } from '../flags/flag.service';
import type { TargetingService } from '../flags/targeting.service';
import type {
  CreateReleasePlanInput,
  ReleasePlanActionRequest,
  SegmentChangeRequest,
  TargetingInput,
  UpdateSegmentInput,
} from '../generated/graphql';
import type { SegmentRepository } from '../segments/segment.repository';
import { applyKeyChanges, type SegmentService } from '../segments/segment.service';
import type { ConfigWriter, RecordChange, WriteContext } from '@switchyard/server-kit';
import {
  ApprovalPolicyRow,
  type ChangeRequestKind,
  type ChangeRequestReview,
  ChangeRequestRow,
  type ChangeRequestStatus,
} from './change-request.entities';
import type { ExecutorClock } from './executor-clock';
import type { ReleaseRepository } from './release-plan.repository';
import { currentPercent, type ReleasePlanAction, type ReleasePlanService } from './release-plan.service';
import type { ReleasePlanRow, ScheduledChangeKind } from './release.entities';
import { movedFields, type ScheduledChangeService, touchedFields } from './scheduled-change.service';

export interface ChangeRequestInput {
  project?: string | null;
  flagKey?: string | null;
  environment?: string | null;
  expectedVersion: number;
  enabled?: boolean | null;
  targeting?: TargetingInput | null;
  releasePlan?: CreateReleasePlanInput | null;
  releasePlanAction?: ReleasePlanActionRequest | null;
  segment?: SegmentChangeRequest | null;
  revertTo?: string | null;
  comment?: string | null;
  submit?: boolean | null;
}

/** The inputs of which a request gives exactly one. */
const PROPOSALS = [
  'enabled',
  'targeting',
  'releasePlan',
  'releasePlanAction',
  'segment',
  'revertTo',
] as const;

/** Which entry a revert restores, as the audit entry of a revert names it. */
export interface RevertedTo {
  auditEntryId: string;
  seq: number;
}

/** What revertTo restores (RevertService works it out from the audit log). */
export type Restoration =
  | {
      kind: 'TARGETING_REVERT';
      project: string;
      flagKey: string;
      environment: string;
      targeting: FlagEnvironmentConfig;
      revertedTo: RevertedTo;
    }
  | {
      kind: 'SEGMENT';
      project: string;
      segmentKey: string;
      update: UpdateSegmentInput;
      revertedTo: RevertedTo;
    };

/** A request's change resolved from its input: what it changes, where, against which version. */
export interface Proposal {
  kind: ChangeRequestKind;
  /** The project of the flag or segment it changes. */
  project: string;
  environment: string;
  flagKey: string | null;
  segmentKey: string | null;
  planId: string | null;
  change: Record<string, unknown>;
  expectedVersion: number;
  /** The input the change came from: refusals of the change name fields under it. */
  field: string;
}

/** What a request changes, as the columns hold it. */
type Target = Pick<
  ChangeRequestRow,
  'kind' | 'project' | 'flagKey' | 'segmentKey' | 'planId' | 'environmentKey' | 'change'
>;

/** The services a request applies its change through: the same code as the direct writes. */
export interface ChangeRequestWriters {
  targeting: TargetingService;
  plans: ReleasePlanService;
  releaseRepo: ReleaseRepository;
  segments: SegmentService;
  segmentRepo: SegmentRepository;
}

/** Thrown to roll back a validation run of the change. */
class DryRun extends Error {}

const SAFETY_ACTIONS: readonly ReleasePlanAction[] = ['PAUSE', 'ROLLBACK', 'ABORT'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function forbidden(message: string, reason: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', reason } });
}

/**
 * Change requests for environments that require approval: the full proposed change (a flag's
 * targeting or enable/disable, a revert of it, a release plan or an action on one, a segment's
 * update or revert), validated and applied by the same code as the direct write, with the version
 * of what it changes it was made against; approved by others than the author; applied in one
 * transaction that refuses with CONFLICT when what it changes moved meanwhile. Every step is
 * audited and on configChanged.
 */
export class ChangeRequestService {
  constructor(
    private readonly flags: FlagRepository,
    private readonly writer: ConfigWriter,
    private readonly schedules: ScheduledChangeService,
    private readonly clock: ExecutorClock,
    private readonly writers: ChangeRequestWriters,
  ) {}

  policy(environment: string, m?: EntityManager): Promise<ApprovalPolicyRow | null> {
    const repo = (m ?? this.flags.dataSource.manager).getRepository(ApprovalPolicyRow);
    return repo.findOne({ where: { environmentKey: environment } });
  }

  policies(): Promise<ApprovalPolicyRow[]> {
    return this.flags.dataSource.manager
      .getRepository(ApprovalPolicyRow)
      .find({ order: { environmentKey: 'ASC' } });
  }

  /** Refuses a direct write to an environment that takes changes only through approved requests. */
  async assertDirectWrite(environment: string, how = 'createChangeRequest'): Promise<void> {
    const policy = await this.policy(environment);
    if (policy && policy.requiredApprovals > 0) {
      throw forbidden(
        `${environment} requires ${policy.requiredApprovals} approval(s): propose this change with ${how}`,
        'APPROVAL_REQUIRED',
      );
    }
  }

  /**
   * The policy that protects segment `key`: of the environments where a flag uses it (directly or
   * through another segment) that require approval, the one requiring most; null when none does.
   */
  async segmentPolicy(project: string, key: string, m?: EntityManager): Promise<ApprovalPolicyRow | null> {
    const manager = m ?? this.flags.dataSource.manager;
    const environments = await this.writers.segmentRepo.environmentsUsing(manager, project, key);
    if (environments.length === 0) return null;
    const policies = await manager
      .getRepository(ApprovalPolicyRow)
      .createQueryBuilder('p')
      .where('p.environment_key = ANY(:environments)', { environments })
      .andWhere('p.required_approvals > 0')
      .orderBy('p.required_approvals', 'DESC')
      .addOrderBy('p.environment_key', 'ASC')
      .getMany();
    return policies[0] ?? null;
  }

  /** Refuses a direct write of a segment a flag uses in an environment that requires approval. */
  async assertDirectSegmentWrite(
    project: string,
    key: string,
    how = 'createChangeRequest(input: { segment })',
  ): Promise<void> {
    const policy = await this.segmentPolicy(project, key);
    if (policy) {
      throw forbidden(
        `segment "${key}" is used by a flag in ${policy.environmentKey}, which requires ${policy.requiredApprovals} approval(s): propose this change with ${how}`,
        'APPROVAL_REQUIRED',
      );
    }
  }

  /**
   * Reads what a request input proposes (exactly one change) in `project` (the one the input names,
   * resolved); `restore` works out what a revert restores. A plan, or an audit entry to revert, belongs
   * to a project of its own: one the input names must agree. NOT_FOUND for an unknown plan or segment;
   * BAD_USER_INPUT naming the input's field.
   */
  async proposal(
    input: ChangeRequestInput,
    project: string,
    restore: (auditEntryId: string) => Promise<Restoration>,
  ): Promise<Proposal> {
    const given = PROPOSALS.filter((f) => input[f] !== null && input[f] !== undefined);
    if (given.length !== 1) {
      throw errors.badInput(
        `give exactly one of ${PROPOSALS.join(', ')}`,
        `input.${given[1] ?? 'targeting'}`,
      );
    }
    const base = {
      project,
      flagKey: null,
      segmentKey: null,
      planId: null,
      expectedVersion: input.expectedVersion,
    };
    const flagKey = input.flagKey ?? null;
    const environment = input.environment ?? null;
    const needsFlag = () => {
      if (!flagKey) throw errors.badInput('is needed with enabled and targeting', 'input.flagKey');
      if (!environment) throw errors.badInput('is needed with enabled and targeting', 'input.environment');
      return { flagKey, environment };
    };
    const notHere = (field: 'project' | 'flagKey' | 'environment', value: string) => {
      if (input[field] && input[field] !== value) {
        throw errors.badInput(`is not that of the ${given[0]} (${value})`, `input.${field}`);
      }
    };
    if (input.targeting) {
      return {
        ...base,
        ...needsFlag(),
        kind: 'TARGETING',
        change: JSON.parse(JSON.stringify(input.targeting)) as Record<string, unknown>,
        field: 'input.targeting',
      };
    }
    if (input.enabled !== null && input.enabled !== undefined) {
      return {
        ...base,
        ...needsFlag(),
        kind: input.enabled ? 'ENABLE' : 'DISABLE',
        change: {},
        field: 'input.targeting',
      };
    }
    if (input.releasePlan) {
      const planProject = input.releasePlan.project ?? project;
      if (planProject !== project)
        throw errors.badInput(`is not that of input.project (${project})`, 'input.releasePlan.project');
      notHere('flagKey', input.releasePlan.flagKey);
      notHere('environment', input.releasePlan.environment);
      return {
        ...base,
        kind: 'RELEASE_PLAN',
        flagKey: input.releasePlan.flagKey,
        environment: input.releasePlan.environment,
        change: JSON.parse(JSON.stringify(input.releasePlan)) as Record<string, unknown>,
        field: 'input.releasePlan',
      };
    }
    if (input.releasePlanAction) {
      const { planId, action, comment } = input.releasePlanAction;
      if (SAFETY_ACTIONS.includes(action)) {
        throw errors.badInput(
          `${action} only stops a release and needs no approval: use releasePlanAction`,
          'input.releasePlanAction.action',
        );
      }
      const plan = UUID.test(planId) ? await this.writers.releaseRepo.plan(planId) : null;
      if (!plan) throw errors.notFound('ReleasePlan', planId);
      notHere('project', plan.project);
      notHere('flagKey', plan.flagKey);
      notHere('environment', plan.environmentKey);
      return {
        ...base,
        project: plan.project,
        kind: 'RELEASE_PLAN_ACTION',
        flagKey: plan.flagKey,
        environment: plan.environmentKey,
        planId: plan.id,
        change: { action, comment: comment ?? null },
        field: 'input.releasePlanAction',
      };
    }
    if (input.segment) {
      return this.segmentProposal(
        project,
        input.segment.key,
        JSON.parse(JSON.stringify(input.segment.update)) as UpdateSegmentInput,
        null,
        input.expectedVersion,
        'input.segment',
      );
    }
    const restored = await restore(input.revertTo!);
    notHere('project', restored.project);
    if (restored.kind === 'SEGMENT') {
      return this.segmentProposal(
        restored.project,
        restored.segmentKey,
        restored.update,
        restored.revertedTo,
        input.expectedVersion,
        'input.revertTo',
      );
    }
    notHere('flagKey', restored.flagKey);
    notHere('environment', restored.environment);
    return {
      ...base,
      kind: 'TARGETING_REVERT',
      project: restored.project,
      flagKey: restored.flagKey,
      environment: restored.environment,
      change: { targeting: restored.targeting, revertedTo: restored.revertedTo },
      field: 'input.revertTo',
    };
  }

  private async segmentProposal(
    project: string,
    key: string,
    update: UpdateSegmentInput,
    revertedTo: RevertedTo | null,
    expectedVersion: number,
    field: string,
  ): Promise<Proposal> {
    const [segment] = await this.writers.segmentRepo.findByKeys(project, [key]);
    if (!segment) throw errors.notFound('Segment', key);
    const policy = await this.segmentPolicy(project, key);
    if (!policy) {
      throw errors.badInput(
        `segment "${key}" is not used by a flag in an environment that requires approval: change it directly`,
        field === 'input.segment' ? 'input.segment.key' : field,
      );
    }
    return {
      kind: 'SEGMENT',
      project,
      environment: policy.environmentKey,
      flagKey: null,
      segmentKey: key,
      planId: null,
      change: revertedTo ? { update, revertedTo } : { update },
      expectedVersion,
      field: field === 'input.segment' ? 'input.segment.update' : field,
    };
  }

  setPolicy(
    environment: string,
    requiredApprovals: number,
    adminBypass: boolean,
    ctx: WriteContext,
  ): Promise<ApprovalPolicyRow> {
    if (!Number.isInteger(requiredApprovals) || requiredApprovals < 0 || requiredApprovals > 10) {
      throw errors.badInput('must be a whole number from 0 (off) to 10', 'requiredApprovals');
    }
    return this.writer.write(ctx, async (m, record) => {
      const env = await m.query('SELECT 1 FROM flags.environments WHERE key = $1', [environment]);
      if (env.length === 0) throw errors.notFound('Environment', environment);
      const repo = m.getRepository(ApprovalPolicyRow);
      const existing = await repo.findOne({
        where: { environmentKey: environment },
        lock: { mode: 'pessimistic_write' },
      });
      const before = existing
        ? { requiredApprovals: existing.requiredApprovals, adminBypass: existing.adminBypass }
        : null;
      const row = existing ?? repo.create({ environmentKey: environment, version: 0 });
      row.requiredApprovals = requiredApprovals;
      row.adminBypass = adminBypass;
      row.version += 1;
      row.updatedAt = await this.clock.now();
      await repo.save(row);
      record({
        action: 'approval_policy.updated',
        kind: 'APPROVAL_POLICY_UPDATED',
        resourceType: 'approval_policy',
        resourceKey: environment,
        environment,
        before,
        after: { requiredApprovals, adminBypass, version: row.version },
      });
      return row;
    });
  }

  async create(
    proposal: Proposal,
    options: { comment?: string | null; submit?: boolean | null },
    ctx: WriteContext,
  ): Promise<ChangeRequestRow> {
    const target: Target = {
      kind: proposal.kind,
      project: proposal.project,
      flagKey: proposal.flagKey,
      segmentKey: proposal.segmentKey,
      planId: proposal.planId,
      environmentKey: proposal.environment,
      change: proposal.change,
    };
    // The same write as applying it, run and rolled back: refusals name the input's fields.
    await this.dryRun(target, proposal.expectedVersion, proposal.field, ctx);
    const now = await this.clock.now();
    return this.writer.write(ctx, async (m, record) => {
      const against = await this.lockTarget(m, target, proposal.expectedVersion);
      const policy =
        target.kind === 'SEGMENT'
          ? await this.segmentPolicy(target.project, target.segmentKey!, m)
          : await this.policy(target.environmentKey, m);
      const row = m.getRepository(ChangeRequestRow).create({
        ...target,
        flagId: against.flagId,
        writtenAgainstVersion: against.version,
        base: against.base,
        status: options.submit === false ? 'DRAFT' : 'SUBMITTED',
        reason: null,
        comment: options.comment ?? null,
        reviews: [],
        requiredApprovals: Math.max(1, policy?.requiredApprovals ?? 1),
        bypassed: false,
        version: 1,
        createdBy: ctx.actor.name,
        createdById: ctx.actor.id,
        appliedBy: null,
        createdAt: now,
        updatedAt: now,
        appliedAt: null,
      });
      await m.getRepository(ChangeRequestRow).save(row);
      record(requestChange(row, 'change_request.created', null));
      return row;
    });
  }

  /**
   * Locks what a request changes at the version it is made against (CONFLICT when it moved):
   * its flag, release plan or segment, with the flag's id and the environment's targeting.
   */
  private async lockTarget(
    m: EntityManager,
    target: Target,
    expectedVersion: number,
  ): Promise<{ version: number; flagId: string | null; base: FlagEnvironmentConfig | null }> {
    if (target.kind === 'RELEASE_PLAN_ACTION') {
      const plan = await this.writers.releaseRepo.lockPlan(m, target.planId!);
      if (!plan) throw errors.notFound('ReleasePlan', target.planId!);
      if (plan.version !== expectedVersion)
        throw errors.staleVersion('ReleasePlan', plan.id, expectedVersion, plan.version);
      return { version: plan.version, flagId: plan.flagId, base: null };
    }
    if (target.kind === 'SEGMENT') {
      const segment = await this.writers.segmentRepo.lock(m, target.project, target.segmentKey!);
      if (!segment) throw errors.notFound('Segment', target.segmentKey!);
      if (segment.version !== expectedVersion)
        throw errors.staleVersion('Segment', segment.key, expectedVersion, segment.version);
      return { version: segment.version, flagId: null, base: null };
    }
    const flag = await lockForUpdate(m, this.flags, target.project, target.flagKey!, expectedVersion);
    const env = await this.flags.environmentRow(m, flag.id, target.environmentKey);
    if (!env) throw errors.notFound('Environment', target.environmentKey);
    return { version: flag.version, flagId: flag.id, base: toEnvironmentConfig(env) };
  }

  /**
   * The change itself, through the service of the direct write (joining the running write). A
   * RELEASE_PLAN returns the plan it started.
   */
  private async perform(target: Target, version: number, ctx: WriteContext): Promise<string | null> {
    const change = target.change;
    const revertedTo = change.revertedTo as RevertedTo | undefined;
    switch (target.kind) {
      case 'ENABLE':
      case 'DISABLE':
      case 'TARGETING':
        await this.schedules.run(
          {
            project: target.project,
            flagKey: target.flagKey!,
            environmentKey: target.environmentKey,
            kind: target.kind,
            change,
          },
          version,
          ctx,
        );
        return null;
      case 'TARGETING_REVERT':
        await this.writers.targeting.restoreTargeting(
          target.project,
          target.flagKey!,
          target.environmentKey,
          version,
          change.targeting as FlagEnvironmentConfig,
          revertLabel('flag.targeting.reverted', revertedTo),
          ctx,
        );
        return null;
      case 'RELEASE_PLAN':
        return (
          await this.writers.plans.create(
            { ...(change as unknown as CreateReleasePlanInput), project: target.project },
            ctx,
          )
        ).id;
      case 'RELEASE_PLAN_ACTION':
        await this.writers.plans.act(
          target.planId!,
          change.action as ReleasePlanAction,
          version,
          (change.comment as string | null) ?? null,
          ctx,
        );
        return null;
      case 'SEGMENT':
        await this.writers.segments.update(
          target.project,
          target.segmentKey!,
          version,
          change.update as UpdateSegmentInput,
          ctx,
          revertedTo ? revertLabel('segment.reverted', revertedTo) : undefined,
        );
        return null;
    }
  }

  /** Runs the change against the current state and rolls it back; refusals name fields under `field`. */
  private async dryRun(target: Target, version: number, field: string, ctx: WriteContext): Promise<void> {
    try {
      await this.writer.write(ctx, async () => {
        await this.perform(target, version, ctx);
        throw new DryRun();
      });
    } catch (err) {
      if (err instanceof DryRun) return;
      if (err instanceof GraphQLError && typeof err.extensions.field === 'string') {
        const under = (path: string) => path.replace(/^input\b/, field);
        const problems = err.extensions.problems as { path: string; message: string }[] | undefined;
        throw new GraphQLError(under(err.message), {
          extensions: {
            ...err.extensions,
            field: under(err.extensions.field),
            ...(problems ? { problems: problems.map((p) => ({ ...p, path: under(p.path) })) } : {}),
          },
        });
      }
      throw err;
    }
  }

  submit(id: string, expectedVersion: number, ctx: WriteContext): Promise<ChangeRequestRow> {
    return this.edit(id, expectedVersion, ctx, 'change_request.submitted', async (row) => {
      if (row.createdById !== ctx.actor.id) throw forbidden('only the author submits a draft', 'NOT_AUTHOR');
      expectStatus(row, ['DRAFT']);
      row.status = 'SUBMITTED';
    });
  }

  review(
    id: string,
    decision: ChangeRequestReview['decision'],
    comment: string | null,
    expectedVersion: number,
    ctx: WriteContext,
  ): Promise<ChangeRequestRow> {
    const action = `change_request.${decision === 'APPROVE' ? 'approved' : decision === 'REJECT' ? 'rejected' : 'commented'}`;
    return this.edit(id, expectedVersion, ctx, action, async (row, now) => {
      if (decision !== 'COMMENT') {
        expectStatus(row, ['SUBMITTED', 'APPROVED']);
        if (row.createdById === ctx.actor.id) {
          throw forbidden('the author of a change request cannot approve or reject it', 'SELF_REVIEW');
        }
        if (
          decision === 'APPROVE' &&
          row.reviews.some((r) => r.byId === ctx.actor.id && r.decision === 'APPROVE')
        ) {
          throw errors.conflict('you already approved this change request');
        }
      } else if (!comment?.trim()) {
        throw errors.badInput('a comment needs text', 'comment');
      }
      row.reviews = [
        ...row.reviews,
        { byId: ctx.actor.id, by: ctx.actor.name, decision, comment: comment ?? null, at: now.toISOString() },
      ];
      if (decision === 'REJECT') row.status = 'REJECTED';
      if (decision === 'APPROVE' && approvals(row) >= row.requiredApprovals) row.status = 'APPROVED';
    });
  }

  /**
   * Applies an approved request in one transaction, in the applier's name, with the version it was
   * made against. An admin may bypass missing approvals where the policy allows it (audited as such).
   * With `at`, the same checks pass now and the executor applies it then (`stepDue`), in the same name.
   */
  async apply(
    id: string,
    expectedVersion: number,
    bypass: boolean,
    ctx: WriteContext,
    identity: Identity,
    at: Date | null = null,
  ) {
    if (at) {
      await this.schedules.assertFuture(at, 'at');
      return this.edit(id, expectedVersion, ctx, 'change_request.scheduled', async (row, _now, m, record) => {
        await this.approve(row, bypass, identity, m, record);
        row.applyAt = at;
        row.applyAs = { id: ctx.actor.id, name: ctx.actor.name, kind: ctx.actor.kind, role: ctx.actor.role };
        row.reason = null;
      });
    }
    let conflict: string | null = null;
    try {
      return await this.edit(
        id,
        expectedVersion,
        ctx,
        'change_request.applied',
        async (row, now, m, record) => {
          await this.approve(row, bypass, identity, m, record);
          const moved = await this.applyNow(row, now, m, ctx);
          if (moved) {
            conflict = moved.reason;
            throw errors.conflict(`${moved.reason}; the change request was not applied`, {
              changed: moved.fields,
            });
          }
        },
      );
    } catch (err) {
      // The refusal is kept on the request (what changed), in its own write: the apply rolled back.
      if (conflict) await this.note(id, conflict, ctx);
      throw err;
    }
  }

  /**
   * The executor's unit of work: applies one approved request whose `applyAt` has come, in the name
   * of whoever scheduled it; a field moved meanwhile leaves it APPROVED and unscheduled with the
   * `reason`. False when none was due.
   */
  async stepDue(): Promise<boolean> {
    const now = await this.clock.now();
    const [due] = (await this.flags.dataSource.query(
      `SELECT id, apply_as FROM flags.change_requests
        WHERE status = 'APPROVED' AND apply_at <= $1 ORDER BY apply_at LIMIT 1`,
      [now],
    )) as { id: string; apply_as: WriteContext['actor'] }[];
    if (!due) return false;
    const ctx: WriteContext = { actor: due.apply_as, ip: null, userAgent: null };
    try {
      await this.applyDue(due.id, now, ctx);
    } catch (err) {
      // The change itself was refused (no longer valid, e.g. a plan's targeting edited outside it):
      // kept as the reason and unscheduled, so the executor does not try it again at every tick.
      if (!(err instanceof GraphQLError)) throw err;
      await this.note(due.id, `${err.message}; the scheduled apply was not made`, ctx, true);
    }
    return true;
  }

  private async applyDue(id: string, now: Date, ctx: WriteContext): Promise<void> {
    await this.writer.write(ctx, async (m, record) => {
      // Another replica may have taken it meanwhile: the lock waits for it, then it is no longer due.
      const row = await lockRequest(m, id);
      if (!row || row.status !== 'APPROVED' || !row.applyAt || row.applyAt > now) return;
      const before = { status: row.status, version: row.version };
      const conflict = await this.applyNow(row, now, m, ctx);
      if (conflict) {
        row.reason = `${conflict.reason}; the scheduled apply at ${row.applyAt.toISOString()} was not made`;
        row.applyAt = null;
        row.applyAs = null;
      }
      row.version += 1;
      row.updatedAt = now;
      await m.getRepository(ChangeRequestRow).save(row);
      record(requestChange(row, conflict ? 'change_request.conflicted' : 'change_request.applied', before));
    });
  }

  /** Refuses a request that may not be applied (now or at a time) by this caller; records a bypass. */
  private async approve(
    row: ChangeRequestRow,
    bypass: boolean,
    identity: Identity,
    m: EntityManager,
    record: RecordChange,
  ): Promise<void> {
    if (row.status === 'REJECTED' || row.status === 'APPLIED' || row.status === 'DRAFT') {
      throw errors.conflict(`the change request is ${row.status}; only an approved one applies`, {
        status: row.status,
      });
    }
    if (row.status === 'APPROVED') return;
    const policy = await this.policy(row.environmentKey, m);
    if (!bypass) {
      throw errors.conflict(
        `the change request has ${approvals(row)} of ${row.requiredApprovals} approval(s)`,
        {
          status: row.status,
        },
      );
    }
    if (identity.role !== 'admin' || !policy?.adminBypass) {
      throw forbidden(
        `bypassing approval needs an admin and a policy of ${row.environmentKey} that allows it`,
        'BYPASS_NOT_ALLOWED',
      );
    }
    const before = { status: row.status };
    row.bypassed = true;
    // Bypassed now: the request counts as approved from here, also for a scheduled apply.
    row.status = 'APPROVED';
    record(requestChange(row, 'change_request.bypassed', before));
  }

  /**
   * Makes the change within the running write when no field it sets moved since its version, marking
   * the request APPLIED; otherwise changes nothing and returns what moved.
   */
  private async applyNow(
    row: ChangeRequestRow,
    now: Date,
    m: EntityManager,
    ctx: WriteContext,
  ): Promise<{ fields: string[]; reason: string } | null> {
    const current = await this.currentVersion(row, m);
    if ('reason' in current) return current;
    const planId = await this.perform(row, current.version, ctx);
    if (planId) row.planId = planId;
    row.status = 'APPLIED';
    row.reason = null;
    row.appliedAt = now;
    row.appliedBy = ctx.actor.name;
    row.applyAt = null;
    row.applyAs = null;
    return null;
  }

  /**
   * Locks what the request changes and gives the version to apply it at, or what moved since the
   * request's version: for a flag, a field the request sets (a change elsewhere in the flag does not
   * matter); for a release plan or a segment, any change.
   */
  private async currentVersion(
    row: ChangeRequestRow,
    m: EntityManager,
  ): Promise<{ version: number } | { fields: string[]; reason: string }> {
    const since = (what: string, now: number | string) => ({
      fields: [what],
      reason: `${what} changed since version ${row.writtenAgainstVersion} (now ${now})`,
    });
    if (row.kind === 'RELEASE_PLAN_ACTION') {
      const plan = await this.writers.releaseRepo.lockPlan(m, row.planId!);
      if (!plan) return since('releasePlan', 'deleted');
      if (plan.version !== row.writtenAgainstVersion)
        return since('releasePlan', `${plan.version}, ${plan.status}`);
      return { version: plan.version };
    }
    if (row.kind === 'SEGMENT') {
      const segment = await this.writers.segmentRepo.lock(m, row.project, row.segmentKey!);
      if (!segment) return since('segment', 'deleted');
      if (segment.version !== row.writtenAgainstVersion) return since('segment', segment.version);
      return { version: segment.version };
    }
    const flag = await lockForUpdate(m, this.flags, row.project, row.flagKey!, null);
    const env = await this.flags.environmentRow(m, flag.id, row.environmentKey);
    if (!env) throw errors.notFound('Environment', row.environmentKey);
    if (flag.version !== row.writtenAgainstVersion && row.base) {
      const fields = movedFields(flagChangeOf(row, row.base), toEnvironmentConfig(env));
      if (fields.length > 0)
        return {
          fields,
          reason: `${fields.join(', ')} changed since version ${row.writtenAgainstVersion} (now ${flag.version})`,
        };
    }
    return { version: flag.version };
  }

  /** The request's proposed change against the current state, field by field. */
  async diff(row: ChangeRequestRow): Promise<Record<string, { current: unknown; proposed: unknown }>> {
    const m = this.flags.dataSource.manager;
    if (row.kind === 'RELEASE_PLAN_ACTION') {
      const plan = row.planId ? await this.writers.releaseRepo.plan(row.planId) : null;
      return plan ? planDiff(plan, row.change.action as ReleasePlanAction) : {};
    }
    if (row.kind === 'SEGMENT') {
      const [segment] = await this.writers.segmentRepo.findByKeys(row.project, [row.segmentKey!]);
      return segment ? segmentDiff(segment, row.change.update as UpdateSegmentInput) : {};
    }
    const env = row.flagId ? await this.flags.environmentRow(m, row.flagId, row.environmentKey) : null;
    const current: Partial<FlagEnvironmentConfig> = env ? toEnvironmentConfig(env) : {};
    const out: Record<string, { current: unknown; proposed: unknown }> = {};
    if (row.kind === 'RELEASE_PLAN') {
      const plan = row.planId ? await this.writers.releaseRepo.plan(row.planId) : null;
      out.releasePlan = { current: plan ? { id: plan.id, status: plan.status } : null, proposed: row.change };
      return out;
    }
    const change = flagChangeOf(row, row.base ?? (current as FlagEnvironmentConfig));
    for (const field of touchedFields(change)) {
      const proposed = change.kind === 'TARGETING' ? change.change[field] : change.kind === 'ENABLE';
      // A revert sets every field: the diff shows the ones it changes.
      if (row.kind === 'TARGETING_REVERT' && same(current[field], proposed)) continue;
      out[field] = { current: current[field] ?? null, proposed: proposed ?? null };
    }
    return out;
  }

  private async note(id: string, reason: string, ctx: WriteContext, unschedule = false): Promise<void> {
    await this.writer.write(ctx, async (m, record) => {
      const row = await lockRequest(m, id);
      if (!row) return;
      row.reason = reason;
      if (unschedule) {
        row.applyAt = null;
        row.applyAs = null;
      }
      row.version += 1;
      row.updatedAt = await this.clock.now();
      await m.getRepository(ChangeRequestRow).save(row);
      record(requestChange(row, 'change_request.conflicted', null));
    });
  }

  private edit(
    id: string,
    expectedVersion: number,
    ctx: WriteContext,
    action: string,
    change: (row: ChangeRequestRow, now: Date, m: EntityManager, record: RecordChange) => Promise<void>,
  ): Promise<ChangeRequestRow> {
    return this.writer.write(ctx, async (m, record) => {
      const row = await lockRequest(m, id);
      if (!row) throw errors.notFound('ChangeRequest', id);
      if (row.version !== expectedVersion)
        throw errors.staleVersion('ChangeRequest', id, expectedVersion, row.version);
      const before = { status: row.status, version: row.version };
      const now = await this.clock.now();
      await change(row, now, m, record);
      row.version += 1;
      row.updatedAt = now;
      await m.getRepository(ChangeRequestRow).save(row);
      record(requestChange(row, action, before));
      return row;
    });
  }
}

function lockRequest(m: EntityManager, id: string): Promise<ChangeRequestRow | null> {
  return m
    .getRepository(ChangeRequestRow)
    .createQueryBuilder('c')
    .where('c.id = :id', { id })
    .setLock('pessimistic_write')
    .getOne();
}

/** A flag request as the pending flag change it is (a revert sets every targeting field). */
function flagChangeOf(
  row: Pick<ChangeRequestRow, 'kind' | 'change'>,
  base: FlagEnvironmentConfig,
): { kind: ScheduledChangeKind; change: Record<string, unknown>; base: FlagEnvironmentConfig } {
  if (row.kind === 'TARGETING_REVERT') {
    return { kind: 'TARGETING', change: row.change.targeting as Record<string, unknown>, base };
  }
  if (row.kind === 'RELEASE_PLAN') {
    // A plan writes the fallthrough, or its rule's split.
    const field = row.change.ruleId ? 'rules' : 'fallthrough';
    return { kind: 'TARGETING', change: { [field]: true }, base };
  }
  return { kind: row.kind as ScheduledChangeKind, change: row.change, base };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function revertLabel(action: string, revertedTo: RevertedTo | undefined): AuditLabel {
  return { action, extra: revertedTo ? { revertedTo } : undefined };
}

/** A plan now and after `action`: status, stage and percent. */
function planDiff(plan: ReleasePlanRow, action: ReleasePlanAction) {
  const last = plan.stageIndex >= plan.stages.length - 1;
  const next =
    action === 'ADVANCE'
      ? last
        ? { status: 'COMPLETED', stage: plan.stageIndex }
        : { status: plan.status, stage: plan.stageIndex + 1 }
      : { status: 'ACTIVE', stage: plan.stageIndex };
  return {
    status: { current: plan.status, proposed: next.status },
    currentStage: { current: plan.stageIndex, proposed: next.stage },
    currentPercent: {
      current: currentPercent(plan),
      proposed: plan.stages[next.stage]?.percent ?? 100,
    },
  };
}

/** A segment now and after `update`: the fields it changes; key lists as counts with the keys added and removed. */
function segmentDiff(
  segment: {
    name: string;
    description: string | null;
    rules: unknown;
    included: string[];
    excluded: string[];
  },
  update: UpdateSegmentInput,
) {
  const out: Record<string, { current: unknown; proposed: unknown }> = {};
  if (update.name !== null && update.name !== undefined && update.name.trim() !== segment.name) {
    out.name = { current: segment.name, proposed: update.name.trim() };
  }
  if (update.description !== undefined && (update.description ?? null) !== segment.description) {
    out.description = { current: segment.description, proposed: update.description ?? null };
  }
  if (update.rules) out.rules = { current: segment.rules, proposed: update.rules };
  for (const list of ['included', 'excluded'] as const) {
    const cap = list === 'included' ? 'Included' : 'Excluded';
    const after = applyKeyChanges(segment[list], update[list], update[`add${cap}`], update[`remove${cap}`]);
    if (after === segment[list]) continue;
    const before = new Set(segment[list]);
    const now = new Set(after);
    const added = after.filter((k) => !before.has(k));
    const removed = segment[list].filter((k) => !now.has(k));
    if (added.length === 0 && removed.length === 0) continue;
    const spell = (keys: string[]) => (keys.length > 1000 ? { count: keys.length } : keys);
    out[list] = {
      current: { count: segment[list].length },
      proposed: { count: after.length, added: spell(added), removed: spell(removed) },
    };
  }
  return out;
}

export function approvals(row: ChangeRequestRow): number {
  return new Set(row.reviews.filter((r) => r.decision === 'APPROVE').map((r) => r.byId)).size;
}

function expectStatus(row: ChangeRequestRow, allowed: ChangeRequestStatus[]): void {
  if (!allowed.includes(row.status)) {
    throw errors.conflict(`the change request is ${row.status}; this needs ${allowed.join(' or ')}`, {
      status: row.status,
    });
  }
}

function requestChange(row: ChangeRequestRow, action: string, before: Record<string, unknown> | null) {
  return {
    action,
    kind: 'CHANGE_REQUEST_UPDATED',
    resourceType: 'change_request',
    project: row.project,
    resourceKey: row.id,
    environment: row.environmentKey,
    before,
    after: {
      flagKey: row.flagKey,
      segmentKey: row.segmentKey,
      planId: row.planId,
      kind: row.kind,
      change: row.change,
      status: row.status,
      reason: row.reason,
      approvals: approvals(row),
      requiredApprovals: row.requiredApprovals,
      bypassed: row.bypassed,
      writtenAgainstVersion: row.writtenAgainstVersion,
      version: row.version,
    },
  };
}

export interface ChangeRequestFilter {
  project: string;
  flagKey?: string | null;
  segmentKey?: string | null;
  environment?: string | null;
  status?: ChangeRequestStatus | null;
}

/** The inbox: newest first, at most `first`. */
export function listChangeRequests(
  m: EntityManager,
  filter: ChangeRequestFilter,
  first: number,
): Promise<ChangeRequestRow[]> {
  const q = m.getRepository(ChangeRequestRow).createQueryBuilder('c');
  q.where('c.project = :project', { project: filter.project });
  if (filter.flagKey) q.andWhere('c.flag_key = :flagKey', { flagKey: filter.flagKey });
  if (filter.segmentKey) q.andWhere('c.segment_key = :segmentKey', { segmentKey: filter.segmentKey });
  if (filter.environment) q.andWhere('c.environment_key = :env', { env: filter.environment });
  if (filter.status) q.andWhere('c.status = :status', { status: filter.status });
  return q.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC').limit(first).getMany();
}
