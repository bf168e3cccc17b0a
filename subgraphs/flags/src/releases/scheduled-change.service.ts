import type { FlagEnvironmentConfig } from '@switchyard/core';
import { errors, type Logger } from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import type { FlagRepository } from '../flags/flag.repository';
import { toEnvironmentConfig } from '../flags/flag.repository';
import { lockForUpdate } from '../flags/flag.service';
import { isExperimentRule } from '../flags/targeting-input';
import type { TargetingService } from '../flags/targeting.service';
import type { TargetingInput } from '../generated/graphql';
import type { ConfigWriter, RecordChange, WriteContext } from '@switchyard/server-kit';
import type { ExecutorClock } from './executor-clock';
import type { ReleaseRepository } from './release-plan.repository';
import { sameServe } from './release-rollout';
import { type ScheduledChangeKind, ScheduledChangeRow } from './release.entities';

export interface ScheduleChange {
  /** The flag's project (resolved by the caller). */
  project: string;
  flagKey: string;
  environment: string;
  at: Date;
  expectedVersion: number;
  enabled?: boolean | null;
  targeting?: TargetingInput | null;
}

/** Thrown to roll back a validation run of the change. */
class DryRun extends Error {}

const TARGETING_FIELDS = [
  'enabled',
  'offVariation',
  'targets',
  'rules',
  'fallthrough',
  'prerequisites',
  'startsAt',
  'endsAt',
] as const;
type TargetingField = (typeof TARGETING_FIELDS)[number];

/**
 * Targeting changes and enable/disable at a time. Applied by the release executor in the
 * author's name; when the fields the change touches were changed since the version it was
 * written against, it fails with the reason instead of overwriting.
 */
export class ScheduledChangeService {
  constructor(
    private readonly repo: ReleaseRepository,
    private readonly flags: FlagRepository,
    private readonly targeting: TargetingService,
    private readonly writer: ConfigWriter,
    private readonly clock: ExecutorClock,
    private readonly logger: Logger,
  ) {}

  async schedule(input: ScheduleChange, ctx: WriteContext): Promise<ScheduledChangeRow> {
    const hasEnabled = input.enabled !== null && input.enabled !== undefined;
    if (hasEnabled === Boolean(input.targeting)) {
      throw errors.badInput('give exactly one of enabled and targeting', 'input.targeting');
    }
    await this.assertFuture(input.at, 'input.at');
    const kind: ScheduledChangeKind = input.targeting ? 'TARGETING' : input.enabled ? 'ENABLE' : 'DISABLE';
    const change = input.targeting
      ? (JSON.parse(JSON.stringify(input.targeting)) as Record<string, unknown>)
      : {};
    await this.validate(
      { project: input.project, flagKey: input.flagKey, environmentKey: input.environment, kind, change },
      input.expectedVersion,
      ctx,
    );
    const now = await this.clock.now();
    return this.writer.write(ctx, async (m, record) => {
      const flag = await lockForUpdate(m, this.flags, input.project, input.flagKey, input.expectedVersion);
      const env = await this.flags.environmentRow(m, flag.id, input.environment);
      if (!env) throw errors.notFound('Environment', input.environment);
      const row = m.getRepository(ScheduledChangeRow).create({
        flagId: flag.id,
        project: flag.project,
        flagKey: flag.key,
        environmentKey: input.environment,
        dueAt: input.at,
        kind,
        change,
        writtenAgainstVersion: flag.version,
        base: toEnvironmentConfig(env),
        status: 'PENDING',
        reason: null,
        version: 1,
        createdBy: ctx.actor.name,
        createdById: ctx.actor.id,
        createdAt: now,
        updatedAt: now,
        appliedAt: null,
      });
      await m.getRepository(ScheduledChangeRow).save(row);
      record(scheduledChange(row, 'scheduled_change.created', null));
      return row;
    });
  }

  reschedule(id: string, at: Date, expectedVersion: number, ctx: WriteContext): Promise<ScheduledChangeRow> {
    return this.changePending(id, expectedVersion, ctx, 'scheduled_change.updated', async (row) => {
      await this.assertFuture(at, 'at');
      row.dueAt = at;
    });
  }

  cancel(id: string, expectedVersion: number, ctx: WriteContext): Promise<ScheduledChangeRow> {
    return this.changePending(id, expectedVersion, ctx, 'scheduled_change.cancelled', async (row) => {
      row.status = 'CANCELLED';
    });
  }

  /** The executor's unit of work: applies (or fails) one due change. False when none was due. */
  async stepDue(): Promise<boolean> {
    const now = await this.clock.now();
    let failure = null as { id: string; reason: string } | null;
    try {
      const done = await this.writer.write(
        {
          actor: { id: 'system', name: 'Switchyard', kind: 'system', role: 'admin' },
          ip: null,
          userAgent: null,
        },
        async (m, record) => {
          const row = await this.repo.claimDueChange(m, now);
          if (!row) return false;
          try {
            await this.apply(m, record, row, now);
          } catch (err) {
            if (!(err instanceof GraphQLError)) throw err;
            failure = { id: row.id, reason: err.message };
            throw err;
          }
          return true;
        },
      );
      return done;
    } catch (err) {
      if (!failure) throw err;
      await this.fail(failure, now);
      return true;
    }
  }

  private async apply(
    m: EntityManager,
    record: RecordChange,
    row: ScheduledChangeRow,
    now: Date,
  ): Promise<void> {
    const flag = await lockForUpdate(m, this.flags, row.project, row.flagKey, null);
    const env = await this.flags.environmentRow(m, flag.id, row.environmentKey);
    if (!env) throw errors.notFound('Environment', row.environmentKey);
    if (flag.version !== row.writtenAgainstVersion) {
      const moved = movedFields(row, toEnvironmentConfig(env));
      if (moved.length > 0) {
        throw errors.conflict(
          `${moved.join(', ')} changed since version ${row.writtenAgainstVersion} (now ${flag.version}); the scheduled change was not applied`,
        );
      }
    }
    const author: WriteContext = {
      actor: { id: row.createdById ?? 'unknown', name: row.createdBy ?? 'unknown', kind: 'user', role: null },
      ip: null,
      userAgent: 'switchyard scheduled change',
    };
    await this.run(row, flag.version, author);
    row.status = 'APPLIED';
    row.appliedAt = now;
    row.version += 1;
    row.updatedAt = now;
    await m.getRepository(ScheduledChangeRow).save(row);
    record(scheduledChange(row, 'scheduled_change.applied', { status: 'PENDING' }));
  }

  private async fail(failure: { id: string; reason: string }, now: Date): Promise<void> {
    await this.writer.write(
      {
        actor: { id: 'system', name: 'Switchyard', kind: 'system', role: 'admin' },
        ip: null,
        userAgent: null,
      },
      async (m, record) => {
        const row = await this.repo.lockChange(m, failure.id);
        // Another replica may have failed it first.
        if (row?.status !== 'PENDING') return;
        row.status = 'FAILED';
        row.reason = failure.reason;
        row.version += 1;
        row.updatedAt = now;
        await m.getRepository(ScheduledChangeRow).save(row);
        record(scheduledChange(row, 'scheduled_change.failed', { status: 'PENDING' }));
      },
    );
    this.logger.info({ id: failure.id, reason: failure.reason }, 'scheduled change failed');
  }

  /** The change itself, through the targeting service (joining the running write). Change requests apply with it too. */
  run(
    row: Pick<ScheduledChangeRow, 'project' | 'flagKey' | 'environmentKey' | 'kind' | 'change'>,
    version: number,
    ctx: WriteContext,
  ) {
    if (row.kind === 'TARGETING') {
      return this.targeting.updateTargeting(
        row.project,
        row.flagKey,
        row.environmentKey,
        version,
        row.change as TargetingInput,
        ctx,
      );
    }
    return this.targeting.setEnabled(
      row.project,
      row.flagKey,
      row.environmentKey,
      row.kind === 'ENABLE',
      version,
      ctx,
    );
  }

  /** Runs the change against the current targeting and rolls it back: refusals name the input's fields. */
  async validate(
    row: Pick<ScheduledChangeRow, 'project' | 'flagKey' | 'environmentKey' | 'kind' | 'change'>,
    version: number,
    ctx: WriteContext,
  ): Promise<void> {
    try {
      await this.writer.write(ctx, async () => {
        await this.run(row, version, ctx);
        throw new DryRun();
      });
    } catch (err) {
      if (err instanceof DryRun) return;
      if (err instanceof GraphQLError && typeof err.extensions.field === 'string') {
        const field = err.extensions.field.replace(/^input\b/, 'input.targeting');
        throw new GraphQLError(err.message.replace(/^input\b/, 'input.targeting'), {
          extensions: { ...err.extensions, field },
        });
      }
      throw err;
    }
  }

  async assertFuture(at: Date, field: string): Promise<void> {
    if (Number.isNaN(at.getTime())) throw errors.badInput('is not a date', field);
    if (at.getTime() <= (await this.clock.now()).getTime()) throw errors.badInput('is in the past', field);
  }

  private changePending(
    id: string,
    expectedVersion: number,
    ctx: WriteContext,
    action: string,
    edit: (row: ScheduledChangeRow) => Promise<void>,
  ): Promise<ScheduledChangeRow> {
    return this.writer.write(ctx, async (m, record) => {
      const row = await this.repo.lockChange(m, id);
      if (!row) throw errors.notFound('ScheduledChange', id);
      if (row.version !== expectedVersion)
        throw errors.staleVersion('ScheduledChange', id, expectedVersion, row.version);
      if (row.status !== 'PENDING') {
        throw errors.conflict(`the scheduled change is ${row.status}; only a pending one can change`, {
          status: row.status,
        });
      }
      const before = { status: row.status, at: row.dueAt.toISOString(), version: row.version };
      await edit(row);
      row.version += 1;
      row.updatedAt = await this.clock.now();
      await m.getRepository(ScheduledChangeRow).save(row);
      record(scheduledChange(row, action, before));
      return row;
    });
  }
}

/** The fields a pending change (scheduled or requested) sets that moved since the targeting it was written against. */
export function movedFields(
  row: { kind: ScheduledChangeKind; change: Record<string, unknown>; base: FlagEnvironmentConfig },
  current: FlagEnvironmentConfig,
): string[] {
  return touchedFields(row).filter((f) => !sameField(f, row.base, current));
}

/** The targeting fields a pending change sets. */
export function touchedFields(row: {
  kind: ScheduledChangeKind;
  change: Record<string, unknown>;
}): TargetingField[] {
  if (row.kind !== 'TARGETING') return ['enabled'];
  return TARGETING_FIELDS.filter((f) => f in row.change && row.change[f] !== undefined);
}

function sameField(field: TargetingField, a: FlagEnvironmentConfig, b: FlagEnvironmentConfig): boolean {
  if (field === 'fallthrough') return sameServe(a.fallthrough, b.fallthrough);
  if (field === 'rules') {
    const own = (c: FlagEnvironmentConfig) => JSON.stringify(c.rules.filter((r) => !isExperimentRule(r)));
    return own(a) === own(b);
  }
  return JSON.stringify(a[field] ?? null) === JSON.stringify(b[field] ?? null);
}

function scheduledChange(row: ScheduledChangeRow, action: string, before: Record<string, unknown> | null) {
  return {
    action,
    kind: 'SCHEDULED_CHANGE_UPDATED',
    resourceType: 'scheduled_change',
    project: row.project,
    resourceKey: row.id,
    environment: row.environmentKey,
    before,
    after: {
      flagKey: row.flagKey,
      kind: row.kind,
      at: row.dueAt.toISOString(),
      status: row.status,
      reason: row.reason,
      writtenAgainstVersion: row.writtenAgainstVersion,
      version: row.version,
    },
  };
}
