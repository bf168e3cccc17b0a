import { hostname } from 'node:os';
import type { Serve } from '@switchyard/core';
import { errors, type Logger, systemActor } from '@switchyard/server-kit';
import type { EntityManager } from 'typeorm';
import { FlagEnvironmentRow } from '../flags/flag.entity';
import type { FlagRepository } from '../flags/flag.repository';
import { lockForUpdate } from '../flags/flag.service';
import { EXPERIMENT_RULE_PREFIX } from '../flags/targeting-input';
import type { TargetingService } from '../flags/targeting.service';
import type { ConfigWriter, RecordChange, WriteContext } from '@switchyard/server-kit';
import type { ExecutorClock } from './executor-clock';
import { decide, type GuardObservation, type GuardReader } from './release-guards';
import type { ReleaseRepository } from './release-plan.repository';
import { sameServe, stageServe } from './release-rollout';
import { assertPlanShape, type GuardInput, guardsOf, type ReleaseTemplateService } from './release-templates';
import {
  type ReleaseEventKind,
  type ReleaseGuard,
  ReleasePlanEventRow,
  ReleasePlanRow,
  type ReleaseStage,
} from './release.entities';
import { DEFAULT_PROJECT } from '@switchyard/server-kit';

export type ReleasePlanAction = 'PAUSE' | 'RESUME' | 'ADVANCE' | 'ROLLBACK' | 'ABORT';

export interface CreateReleasePlan {
  /** The flag's project; `default` when not named. */
  project?: string | null;
  flagKey: string;
  environment: string;
  variation: string;
  ruleId?: string | null;
  template?: string | null;
  stages?: ReleaseStage[] | null;
  guards?: GuardInput[] | null;
}

export interface ReleasePlanOptions {
  /** How often an ACTIVE plan's guards are read while its stage runs. */
  guardIntervalMs: number;
  onRollback(environment: string, trigger: 'guard' | 'manual'): void;
}

const EXECUTOR: WriteContext = { actor: systemActor, ip: null, userAgent: null };
/** Which process made an executor transition: with several replicas, where to look in the logs. */
const REPLICA = `${hostname()}:${process.pid}`;
const MINUTE = 60_000;
/**
 * How long a leased plan is left to its replica: longer than its guard reads can take (each is
 * given up after 5 s, all read at once), so a lease runs out only when its replica died.
 */
const GUARD_READ_LEASE_MS = 30_000;

/**
 * Release plans: creation, manual actions and the executor's step. Every transition is one
 * write through the ConfigWriter: the plan row, its timeline event, the flag's targeting when
 * the served share changes, with their audit entries and outbox rows, in one transaction.
 */
export class ReleasePlanService {
  constructor(
    private readonly repo: ReleaseRepository,
    private readonly flags: FlagRepository,
    private readonly targeting: TargetingService,
    private readonly writer: ConfigWriter,
    private readonly clock: ExecutorClock,
    private readonly guards: GuardReader,
    private readonly logger: Logger,
    private readonly options: ReleasePlanOptions,
    private readonly templates: ReleaseTemplateService,
  ) {}

  async create(input: CreateReleasePlan, ctx: WriteContext): Promise<ReleasePlanRow> {
    const template = input.template ? await this.templates.find(input.template) : null;
    if (input.template && !template)
      throw errors.badInput(`no template "${input.template}"`, 'input.template');
    const stages = input.stages ?? template?.stages;
    if (!stages) throw errors.badInput('give stages or a template', 'input.stages');
    const guards: ReleaseGuard[] = input.guards ? guardsOf(input.guards) : (template?.guards ?? []);
    await assertPlanShape(stages, guards, 'input', this.guards, input.project ?? DEFAULT_PROJECT);
    const now = await this.clock.now();
    return this.writer.write(ctx, async (m, record) => {
      const flag = await lockForUpdate(m, this.flags, input.project ?? DEFAULT_PROJECT, input.flagKey, null);
      if (!flag.variations.some((v) => v.key === input.variation)) {
        throw errors.badInput(`flag "${flag.key}" has no variation "${input.variation}"`, 'input.variation');
      }
      const env = await this.flags.environmentRow(m, flag.id, input.environment);
      if (!env) throw errors.notFound('Environment', input.environment);
      const ruleId = input.ruleId ?? null;
      const base = servedBy(env, ruleId);
      if (!base) throw errors.badInput(`no rule "${ruleId}" in ${input.environment}`, 'input.ruleId');
      if (ruleId?.startsWith(EXPERIMENT_RULE_PREFIX)) {
        throw errors.badInput('experiment rules are changed by their experiment', 'input.ruleId');
      }
      if (base.variation === input.variation) {
        throw errors.badInput('is already served to everyone there', 'input.variation');
      }
      if (await this.repo.livePlan(m, flag.id, input.environment)) {
        throw errors.conflict(`flag "${flag.key}" already has a live release plan in ${input.environment}`);
      }
      const serve = stageServe(base, input.variation, stages[0]!.percent);
      const plan = m.getRepository(ReleasePlanRow).create({
        flagId: flag.id,
        project: flag.project,
        flagKey: flag.key,
        environmentKey: input.environment,
        variation: input.variation,
        ruleId,
        stages,
        guards,
        template: template?.key ?? null,
        status: 'ACTIVE',
        stageIndex: 0,
        stageStartedAt: now,
        baseServe: base,
        appliedServe: serve,
        waitingReason: null,
        version: 1,
        createdBy: ctx.actor.name,
        createdAt: now,
        updatedAt: now,
      });
      plan.nextCheckAt = this.nextCheck(plan, now);
      await m.getRepository(ReleasePlanRow).save(plan);
      await this.targeting.replaceServe(
        flag.project,
        flag.key,
        input.environment,
        ruleId,
        serve,
        'release_plan.started',
        ctx,
      );
      await this.addEvent(m, plan, 'STARTED', ctx, now, null);
      record(planChange(plan, 'release_plan.started', null));
      return plan;
    });
  }

  async act(
    id: string,
    action: ReleasePlanAction,
    expectedVersion: number,
    comment: string | null | undefined,
    ctx: WriteContext,
  ): Promise<ReleasePlanRow> {
    const now = await this.clock.now();
    const plan = await this.writer.write(ctx, async (m, record) => {
      const plan = await this.repo.lockPlan(m, id);
      if (!plan) throw errors.notFound('ReleasePlan', id);
      if (plan.version !== expectedVersion) {
        throw errors.staleVersion('ReleasePlan', id, expectedVersion, plan.version);
      }
      const live = plan.status === 'ACTIVE' || plan.status === 'PAUSED';
      const refuse = (why: string) =>
        errors.conflict(`cannot ${action.toLowerCase()} a plan that is ${why}`, { status: plan.status });
      if (!live) throw refuse(plan.status);
      const detail = comment ? { comment } : null;
      switch (action) {
        case 'PAUSE':
          if (plan.status === 'PAUSED') throw refuse('PAUSED');
          return this.transition(m, record, plan, 'PAUSED', ctx, now, detail);
        case 'RESUME':
          if (plan.status === 'ACTIVE') throw refuse('ACTIVE');
          return this.transition(m, record, plan, 'RESUMED', ctx, now, detail);
        case 'ADVANCE':
          await this.assertOwnServe(m, plan);
          return this.transition(
            m,
            record,
            plan,
            this.isLastStage(plan) ? 'COMPLETED' : 'ADVANCED',
            ctx,
            now,
            detail,
          );
        case 'ROLLBACK':
          return this.transition(m, record, plan, 'ROLLED_BACK', ctx, now, { trigger: 'manual', ...detail });
        case 'ABORT':
          return this.transition(m, record, plan, 'ABORTED', ctx, now, detail);
      }
    });
    // Counted once committed.
    if (action === 'ROLLBACK') this.options.onRollback(plan.environmentKey, 'manual');
    return plan;
  }

  /**
   * The executor's unit of work: claims one due plan (skipping plans another replica holds),
   * reads its guards and makes at most one transition. False when nothing was due.
   */
  async stepDue(): Promise<boolean> {
    const now = await this.clock.now();
    const leased = await this.repo.leaseDuePlan(now, new Date(now.getTime() + GUARD_READ_LEASE_MS));
    if (!leased) return false;
    // Analytics can take seconds to answer: its guards are read before the transition's
    // transaction opens, so no row lock is held while waiting for it.
    const observations = await this.observe(leased);
    const outcome = await this.writer.write(EXECUTOR, async (m, record) => {
      const plan = await this.repo.lockPlan(m, leased.id);
      // Acted on while its guards were read (a person paused, advanced or rolled it back): that
      // write stands, with its own next check, and these readings are of the plan before it.
      if (plan?.status !== 'ACTIVE' || plan.version !== leased.version) return null;
      return { plan, kind: await this.check(m, record, plan, now, observations) };
    });
    if (!outcome) return true;
    // Counted once committed.
    if (outcome.kind === 'ROLLED_BACK') this.options.onRollback(outcome.plan.environmentKey, 'guard');
    return true;
  }

  /** Looks at one claimed plan; returns the transition made, if any. */
  private async check(
    m: EntityManager,
    record: RecordChange,
    plan: ReleasePlanRow,
    now: Date,
    observations: GuardObservation[],
  ): Promise<ReleaseEventKind | null> {
    if (!(await this.ownsServe(m, plan))) {
      await this.transition(m, record, plan, 'PAUSED', EXECUTOR, now, {
        reason: 'the targeting was changed outside the plan; check it, then resume or roll back',
      });
      return 'PAUSED';
    }
    const breached = observations.find((o) => o.decision === 'BREACHED');
    if (breached) {
      await this.transition(m, record, plan, 'ROLLED_BACK', EXECUTOR, now, {
        trigger: 'guard',
        guard: breached.guard.metric,
        kind: breached.guard.kind,
        observed: breached.guard.kind === 'ABSOLUTE' ? breached.value : breached.difference?.lower,
        threshold: breached.guard.threshold,
        sample: breached.sample,
        replica: REPLICA,
      });
      return 'ROLLED_BACK';
    }
    if (now.getTime() < stageEnd(plan)) {
      plan.nextCheckAt = this.nextCheck(plan, now);
      await m.getRepository(ReleasePlanRow).save(plan);
      return null;
    }
    const lacking = observations.find((o) => o.decision === 'INSUFFICIENT');
    if (lacking) {
      const reason = `guard ${lacking.guard.metric} has ${lacking.sample} of its minimum sample of ${lacking.guard.minSample}`;
      plan.nextCheckAt = new Date(now.getTime() + this.options.guardIntervalMs);
      if (plan.waitingReason === null) {
        // Recorded once per stage, not on every check, so the audit log is not flooded.
        plan.waitingReason = reason;
        await this.transition(m, record, plan, 'WAITING', EXECUTOR, now, { reason });
        return 'WAITING';
      }
      plan.waitingReason = reason;
      await m.getRepository(ReleasePlanRow).save(plan);
      return null;
    }
    const kind = this.isLastStage(plan) ? 'COMPLETED' : 'ADVANCED';
    await this.transition(m, record, plan, kind, EXECUTOR, now, {
      replica: REPLICA,
      guards: observations.map((o) => ({ guard: o.guard.metric, observed: o.value, sample: o.sample })),
    });
    return kind;
  }

  /** Each guard read now over the plan's current stage; an unreadable guard is INSUFFICIENT. */
  async observe(plan: ReleasePlanRow): Promise<GuardObservation[]> {
    const request = {
      project: plan.project,
      flagKey: plan.flagKey,
      environment: plan.environmentKey,
      variation: plan.variation,
      since: plan.stageStartedAt,
    };
    return Promise.all(
      plan.guards.map(async (guard) => {
        try {
          const measured = await this.guards.measure(request, guard);
          return { guard, ...measured, decision: decide(guard, measured) };
        } catch (err) {
          // No data is not health: the plan waits rather than advancing blind.
          this.logger.warn({ err: (err as Error).message, plan: plan.id }, 'guard could not be read');
          return { guard, sample: 0, value: null, difference: null, decision: 'INSUFFICIENT' as const };
        }
      }),
    );
  }

  private async transition(
    m: EntityManager,
    record: RecordChange,
    plan: ReleasePlanRow,
    kind: ReleaseEventKind,
    ctx: WriteContext,
    now: Date,
    detail: Record<string, unknown> | null,
  ): Promise<ReleasePlanRow> {
    const before = { status: plan.status, stage: plan.stageIndex, version: plan.version };
    const action = `release_plan.${kind === 'ROLLED_BACK' ? 'rolled_back' : kind.toLowerCase()}`;
    switch (kind) {
      case 'ADVANCED': {
        plan.stageIndex += 1;
        plan.stageStartedAt = now;
        plan.waitingReason = null;
        await this.writeServe(
          plan,
          stageServe(plan.baseServe, plan.variation, currentPercent(plan)),
          action,
          ctx,
        );
        break;
      }
      case 'COMPLETED':
      case 'ABORTED':
        plan.status = kind;
        plan.waitingReason = null;
        break;
      case 'ROLLED_BACK':
        plan.status = 'ROLLED_BACK';
        plan.waitingReason = null;
        await this.writeServe(plan, plan.baseServe, action, ctx);
        break;
      case 'PAUSED':
        plan.status = 'PAUSED';
        plan.waitingReason = null;
        break;
      case 'RESUMED':
        plan.status = 'ACTIVE';
        break;
      case 'STARTED':
      case 'WAITING':
        break;
    }
    if (plan.status !== 'ACTIVE') plan.nextCheckAt = null;
    else if (kind === 'RESUMED') plan.nextCheckAt = now;
    else if (kind !== 'WAITING') plan.nextCheckAt = this.nextCheck(plan, now);
    plan.version += 1;
    plan.updatedAt = now;
    await m.getRepository(ReleasePlanRow).save(plan);
    await this.addEvent(m, plan, kind, ctx, now, detail);
    record(planChange(plan, action, before, detail));
    return plan;
  }

  private async writeServe(
    plan: ReleasePlanRow,
    serve: Serve,
    action: string,
    ctx: WriteContext,
  ): Promise<void> {
    await this.targeting.replaceServe(
      plan.project,
      plan.flagKey,
      plan.environmentKey,
      plan.ruleId,
      serve,
      action,
      ctx,
    );
    plan.appliedServe = serve;
  }

  /** Whether the flag still serves what the plan last wrote (nobody edited that part meanwhile). */
  private async ownsServe(m: EntityManager, plan: ReleasePlanRow): Promise<boolean> {
    await lockForUpdate(m, this.flags, plan.project, plan.flagKey, null);
    const env = await m
      .getRepository(FlagEnvironmentRow)
      .findOne({ where: { flagId: plan.flagId, environmentKey: plan.environmentKey } });
    const current = env ? servedBy(env, plan.ruleId) : null;
    return current !== null && sameServe(current, plan.appliedServe);
  }

  private async assertOwnServe(m: EntityManager, plan: ReleasePlanRow): Promise<void> {
    if (!(await this.ownsServe(m, plan))) {
      throw errors.conflict(
        'the targeting was changed outside the plan since its last stage; roll back, abort, or restore it first',
      );
    }
  }

  private isLastStage(plan: ReleasePlanRow): boolean {
    return plan.stageIndex >= plan.stages.length - 1;
  }

  /** The stage's end, or sooner when guards must be read while it runs. */
  private nextCheck(plan: ReleasePlanRow, now: Date): Date {
    const end = stageEnd(plan);
    if (plan.guards.length === 0) return new Date(Math.max(end, now.getTime()));
    return new Date(Math.max(now.getTime(), Math.min(end, now.getTime() + this.options.guardIntervalMs)));
  }

  private async addEvent(
    m: EntityManager,
    plan: ReleasePlanRow,
    kind: ReleaseEventKind,
    ctx: WriteContext,
    now: Date,
    detail: Record<string, unknown> | null,
  ): Promise<void> {
    const event = m.getRepository(ReleasePlanEventRow).create({
      planId: plan.id,
      at: now,
      kind,
      stageIndex: plan.stageIndex,
      percent: currentPercent(plan),
      actor: ctx.actor.name,
      detail,
    });
    await m.getRepository(ReleasePlanEventRow).save(event);
  }
}

export function currentPercent(plan: ReleasePlanRow): number {
  return plan.stages[plan.stageIndex]?.percent ?? 100;
}

function stageEnd(plan: ReleasePlanRow): number {
  return plan.stageStartedAt.getTime() + (plan.stages[plan.stageIndex]?.minDurationMinutes ?? 0) * MINUTE;
}

/** What the fallthrough (ruleId null) or the rule serves; null when the rule does not exist. */
function servedBy(env: FlagEnvironmentRow, ruleId: string | null): Serve | null {
  if (ruleId === null) return env.fallthrough;
  return env.rules.find((r) => r.id === ruleId)?.serve ?? null;
}

function planChange(
  plan: ReleasePlanRow,
  action: string,
  before: Record<string, unknown> | null,
  detail: Record<string, unknown> | null = null,
) {
  return {
    action,
    kind: 'RELEASE_PLAN_UPDATED',
    resourceType: 'release_plan',
    project: plan.project,
    resourceKey: plan.id,
    environment: plan.environmentKey,
    before,
    after: {
      flagKey: plan.flagKey,
      variation: plan.variation,
      status: plan.status,
      stage: plan.stageIndex,
      percent: currentPercent(plan),
      version: plan.version,
      ...(detail ?? {}),
    },
  };
}
