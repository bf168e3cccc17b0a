import type { FlagEnvironmentConfig } from '@switchyard/core';
import { errors, type Identity } from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import type { FlagRepository } from '../flags/flag.repository';
import { toEnvironmentConfig } from '../flags/flag.repository';
import { lockForUpdate } from '../flags/flag.service';
import type { TargetingInput } from '../generated/graphql';
import type { ConfigWriter, RecordChange, WriteContext } from '@switchyard/server-kit';
import {
  ApprovalPolicyRow,
  type ChangeRequestReview,
  ChangeRequestRow,
  type ChangeRequestStatus,
} from './change-request.entities';
import type { ExecutorClock } from './executor-clock';
import type { ScheduledChangeKind } from './release.entities';
import { movedFields, type ScheduledChangeService, touchedFields } from './scheduled-change.service';

export interface ChangeRequestInput {
  flagKey: string;
  environment: string;
  expectedVersion: number;
  enabled?: boolean | null;
  targeting?: TargetingInput | null;
  comment?: string | null;
  submit?: boolean | null;
}

function forbidden(message: string, reason: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', reason } });
}

/**
 * Change requests for environments that require approval: the full proposed change (the shape of
 * a scheduled change, validated and applied by the same code) with the flag version it was made
 * against; approved by others than the author; applied in one transaction that refuses with
 * CONFLICT when a field it sets moved meanwhile. Every step is audited and on configChanged.
 */
export class ChangeRequestService {
  constructor(
    private readonly flags: FlagRepository,
    private readonly writer: ConfigWriter,
    private readonly schedules: ScheduledChangeService,
    private readonly clock: ExecutorClock,
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
  async assertDirectWrite(environment: string): Promise<void> {
    const policy = await this.policy(environment);
    if (policy && policy.requiredApprovals > 0) {
      throw forbidden(
        `${environment} requires ${policy.requiredApprovals} approval(s): propose this change with createChangeRequest`,
        'APPROVAL_REQUIRED',
      );
    }
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

  async create(input: ChangeRequestInput, ctx: WriteContext): Promise<ChangeRequestRow> {
    const hasEnabled = input.enabled !== null && input.enabled !== undefined;
    if (hasEnabled === Boolean(input.targeting)) {
      throw errors.badInput('give exactly one of enabled and targeting', 'input.targeting');
    }
    const kind: ScheduledChangeKind = input.targeting ? 'TARGETING' : input.enabled ? 'ENABLE' : 'DISABLE';
    const change = input.targeting
      ? (JSON.parse(JSON.stringify(input.targeting)) as Record<string, unknown>)
      : {};
    // The same checks as the write itself, run and rolled back: refusals name the input's fields.
    await this.schedules.validate(input.flagKey, input.environment, input.expectedVersion, kind, change, ctx);
    const now = await this.clock.now();
    return this.writer.write(ctx, async (m, record) => {
      const flag = await lockForUpdate(m, this.flags, input.flagKey, input.expectedVersion);
      const env = await this.flags.environmentRow(m, flag.id, input.environment);
      if (!env) throw errors.notFound('Environment', input.environment);
      const policy = await this.policy(input.environment, m);
      const row = m.getRepository(ChangeRequestRow).create({
        flagId: flag.id,
        flagKey: flag.key,
        environmentKey: input.environment,
        kind,
        change,
        writtenAgainstVersion: flag.version,
        base: toEnvironmentConfig(env),
        status: input.submit === false ? 'DRAFT' : 'SUBMITTED',
        reason: null,
        comment: input.comment ?? null,
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
    await this.writer.write(ctx, async (m, record) => {
      // Another replica may have taken it meanwhile: the lock waits for it, then it is no longer due.
      const row = await lockRequest(m, due.id);
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
    return true;
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
    const flag = await lockForUpdate(m, this.flags, row.flagKey, null);
    const env = await this.flags.environmentRow(m, flag.id, row.environmentKey);
    if (!env) throw errors.notFound('Environment', row.environmentKey);
    if (flag.version !== row.writtenAgainstVersion) {
      const fields = movedFields(row, toEnvironmentConfig(env));
      if (fields.length > 0)
        return {
          fields,
          reason: `${fields.join(', ')} changed since version ${row.writtenAgainstVersion} (now ${flag.version})`,
        };
    }
    await this.schedules.run(row, flag.version, ctx);
    row.status = 'APPLIED';
    row.reason = null;
    row.appliedAt = now;
    row.appliedBy = ctx.actor.name;
    row.applyAt = null;
    row.applyAs = null;
    return null;
  }

  /** The request's proposed change against the flag's current targeting, field by field. */
  async diff(row: ChangeRequestRow): Promise<Record<string, { current: unknown; proposed: unknown }>> {
    const env = await this.flags.environmentRow(
      this.flags.dataSource.manager,
      row.flagId,
      row.environmentKey,
    );
    const current: Partial<FlagEnvironmentConfig> = env ? toEnvironmentConfig(env) : {};
    const out: Record<string, { current: unknown; proposed: unknown }> = {};
    for (const field of touchedFields(row)) {
      out[field] = {
        current: current[field] ?? null,
        proposed: row.kind === 'TARGETING' ? row.change[field] : row.kind === 'ENABLE',
      };
    }
    return out;
  }

  private async note(id: string, reason: string, ctx: WriteContext): Promise<void> {
    await this.writer.write(ctx, async (m, record) => {
      const row = await lockRequest(m, id);
      if (!row) return;
      row.reason = reason;
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
    resourceKey: row.id,
    environment: row.environmentKey,
    before,
    after: {
      flagKey: row.flagKey,
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
  flagKey?: string | null;
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
  if (filter.flagKey) q.andWhere('c.flag_key = :flagKey', { flagKey: filter.flagKey });
  if (filter.environment) q.andWhere('c.environment_key = :env', { env: filter.environment });
  if (filter.status) q.andWhere('c.status = :status', { status: filter.status });
  return q.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC').limit(first).getMany();
}
