import {
  type ChangeRecord,
  type ConfigWriter,
  DEFAULT_PROJECT,
  errors,
  type Identity,
  type RecordChange,
  type RequestContext,
} from '@switchyard/server-kit';
import type { DataSource, EntityManager } from 'typeorm';
import type { AnalyticsClient } from '../clients/analytics-client';
import type { FlagsClient } from '../clients/flags-client';
import {
  type ExperimentAudience,
  ExperimentRow,
  type ExperimentStatus,
  type ExperimentVariant,
  layerOf,
} from './experiment.entity';
import type { ExperimentListFilter, ExperimentRepository } from './experiment.repository';
import {
  type AudienceInput,
  audienceConditions,
  findLayerSlice,
  normaliseAudience,
  validateAlpha,
  validateKey,
  validateMinSampleSize,
  validateName,
  validateSchedule,
  validateTraffic,
  validateVariants,
} from './experiment.validation';

/** Who is acting: audited here and, through the signed identity, in the flags subgraph too. */
export type ActingContext = Pick<RequestContext, 'actor' | 'ip' | 'userAgent' | 'requestId' | 'logger'> & {
  identity: Identity;
};

export interface CreateExperimentInput {
  /** Resolved by the caller (an existing project, the caller's permission checked in it). */
  project: string;
  key: string;
  name: string;
  description?: string | null;
  hypothesis?: string | null;
  environment: string;
  flagKey: string;
  variants: ExperimentVariant[];
  trafficAllocation: number;
  audience?: AudienceInput | null;
  primaryMetric?: string | null;
  secondaryMetrics?: string[] | null;
  guardrailMetrics?: string[] | null;
  minSampleSize?: number | null;
  alpha?: number | null;
  multipleTestingCorrection?: 'HOLM' | 'BENJAMINI_HOCHBERG' | null;
  layer?: { key: string; percent: number } | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
}

/** Only the fields present change; `null` clears an optional field. */
export type UpdateExperimentInput = Partial<
  Omit<CreateExperimentInput, 'project' | 'key' | 'environment' | 'flagKey'>
>;

/**
 * Fields fixed while an experiment runs: changing them changes who gets what mid-analysis. Traffic is
 * not among them: ramping enrolment up or down is routine, and stored assignments stay sticky.
 */
const FROZEN_WHILE_RUNNING = ['variants', 'audience', 'layer'] as const;

interface TransitionPlan {
  action: string;
  kind: string;
  /** The flags-subgraph call that must succeed for the transition to commit. */
  flags?: (row: ExperimentRow) => Promise<void>;
  /** Undoes `flags` when our commit fails after it succeeded. */
  compensate?: (row: ExperimentRow) => Promise<void>;
}

type Plan = (m: EntityManager, row: ExperimentRow) => Promise<TransitionPlan>;

/** A committed-to-be write: the row (its change is recorded with the write's transaction). */
export interface Written {
  row: ExperimentRow;
  /** Undoes the flags-subgraph side when the caller's commit fails (scheduler transactions). */
  undo?: () => Promise<void>;
}

/** Experiment use cases: validation, lifecycle transitions, the write transaction, publishing after commit. */
export class ExperimentService {
  /** Called after every committed write, so in-process caches (assignment) drop the experiment. */
  onChanged: (project: string, key: string) => void = () => {};

  constructor(
    private readonly ds: DataSource,
    private readonly repo: ExperimentRepository,
    private readonly writer: ConfigWriter,
    private readonly flags: FlagsClient,
    private readonly analytics: AnalyticsClient,
  ) {
    // After every committed write, before the bus echoes it.
    writer.onCommitted((changes) => {
      for (const c of changes)
        if (c.resourceType === 'experiment') this.onChanged(c.project ?? DEFAULT_PROJECT, c.resourceKey);
    });
  }

  list(project: string, filter: ExperimentListFilter, first: number, afterKey: string | null) {
    return this.repo.list(project, filter, first, afterKey);
  }

  async create(input: CreateExperimentInput, ctx: ActingContext): Promise<ExperimentRow> {
    validateKey(input.key, 'input.key');
    const name = validateName(input.name, 'input.name');
    validateKey(input.flagKey, 'input.flagKey');
    if (!input.environment.trim()) throw errors.badInput('must not be empty', 'input.environment');
    validateVariants(input.variants, 'input.variants');
    validateTraffic(input.trafficAllocation, 'input.trafficAllocation');
    const audience = normaliseAudience(input.audience, 'input.audience');
    const alpha = input.alpha ?? 0.05;
    validateAlpha(alpha, 'input.alpha');
    validateMinSampleSize(input.minSampleSize ?? null, 'input.minSampleSize');
    validateSchedule(input.startsAt ?? null, input.endsAt ?? null, 'input');
    if (input.layer) validateLayerPercent(input.layer.percent);
    await this.checkAgainstFlag(
      input.project,
      input.flagKey,
      input.environment,
      input.variants,
      ctx.identity,
      'input',
    );
    await this.checkSegments(input.project, audience, ctx.identity);
    const metrics = {
      primaryMetric: input.primaryMetric ?? null,
      secondaryMetrics: unique(input.secondaryMetrics ?? []),
      guardrailMetrics: unique(input.guardrailMetrics ?? []),
    };
    await this.checkMetrics(input.project, metrics, ctx.identity);

    return this.writeRow(ctx, async (m, record) => {
      if (await this.repo.keyExists(m, input.project, input.key)) {
        throw errors.conflict(
          `An experiment with key "${input.key}" already exists in project "${input.project}"`,
          { field: 'input.key' },
        );
      }
      const row = Object.assign(new ExperimentRow(), {
        project: input.project,
        key: input.key,
        name,
        description: input.description ?? null,
        hypothesis: input.hypothesis ?? null,
        environment: input.environment,
        flagKey: input.flagKey,
        status: 'DRAFT',
        variants: input.variants,
        trafficAllocation: input.trafficAllocation,
        audience,
        ...metrics,
        minSampleSize: input.minSampleSize ?? null,
        alpha,
        multipleTestingCorrection: input.multipleTestingCorrection ?? 'HOLM',
        layerKey: null,
        layerRangeStart: null,
        layerRangeEnd: null,
        startsAt: input.startsAt ?? null,
        endsAt: input.endsAt ?? null,
        analysisPeriod: 1,
        version: 1,
        createdBy: ctx.actor.name,
        updatedBy: ctx.actor.name,
      } satisfies Partial<ExperimentRow>);
      if (input.layer) await this.takeLayerSlice(m, row, input.layer);
      await m.getRepository(ExperimentRow).save(row);
      record(this.change(row, 'experiment.created', 'EXPERIMENT_CREATED', null));
      return { row };
    });
  }

  /**
   * Demo data: the row in the given state, audited, without the checks that need other subgraphs (the
   * seed runs while they may still be starting; the caller attaches running experiments afterwards).
   */
  async createSeeded(
    input: CreateExperimentInput & {
      status: ExperimentStatus;
      winner?: string | null;
      startedDaysAgo?: number;
    },
    ctx: ActingContext,
  ): Promise<ExperimentRow> {
    validateVariants(input.variants, 'input.variants');
    return this.writeRow(ctx, async (m, record) => {
      const started =
        input.status === 'DRAFT' ? null : new Date(Date.now() - (input.startedDaysAgo ?? 7) * 86_400_000);
      const row = Object.assign(new ExperimentRow(), {
        project: input.project,
        key: input.key,
        name: input.name,
        description: input.description ?? null,
        hypothesis: input.hypothesis ?? null,
        environment: input.environment,
        flagKey: input.flagKey,
        status: input.status,
        variants: input.variants,
        trafficAllocation: input.trafficAllocation,
        audience: normaliseAudience(input.audience, 'input.audience'),
        primaryMetric: input.primaryMetric ?? null,
        secondaryMetrics: input.secondaryMetrics ?? [],
        guardrailMetrics: input.guardrailMetrics ?? [],
        minSampleSize: input.minSampleSize ?? null,
        alpha: input.alpha ?? 0.05,
        layerKey: null,
        layerRangeStart: null,
        layerRangeEnd: null,
        startedAt: started,
        analysisStartedAt: started,
        analysisPeriod: 1,
        completedAt: input.status === 'COMPLETED' ? new Date() : null,
        winner: input.winner ?? null,
        completionReason:
          input.status !== 'COMPLETED' ? null : input.winner ? 'WINNER_CHOSEN' : 'SCHEDULE_ENDED',
        version: 1,
        createdBy: ctx.actor.name,
        updatedBy: ctx.actor.name,
      } satisfies Partial<ExperimentRow>);
      await m.getRepository(ExperimentRow).save(row);
      record(this.change(row, 'experiment.created', 'EXPERIMENT_CREATED', null));
      return { row };
    });
  }

  async update(
    project: string,
    key: string,
    patch: UpdateExperimentInput,
    expectedVersion: number,
    restart: boolean,
    ctx: ActingContext,
  ): Promise<ExperimentRow> {
    const name =
      patch.name === undefined || patch.name === null ? undefined : validateName(patch.name, 'input.name');
    if (patch.variants) validateVariants(patch.variants, 'input.variants');
    if (patch.trafficAllocation !== undefined && patch.trafficAllocation !== null) {
      validateTraffic(patch.trafficAllocation, 'input.trafficAllocation');
    }
    const audience =
      patch.audience === undefined ? undefined : normaliseAudience(patch.audience, 'input.audience');
    if (patch.alpha !== undefined && patch.alpha !== null) validateAlpha(patch.alpha, 'input.alpha');
    if (patch.minSampleSize !== undefined) validateMinSampleSize(patch.minSampleSize, 'input.minSampleSize');
    if (patch.layer) validateLayerPercent(patch.layer.percent);

    // Read once outside the transaction for the remote checks; the version check inside catches a race.
    const current = await this.repo.findByKey(project, key);
    if (!current) throw errors.notFound('Experiment', key);
    if (audience) await this.checkSegments(project, audience, ctx.identity);
    if (patch.variants) {
      await this.checkAgainstFlag(
        project,
        current.flagKey,
        current.environment,
        patch.variants,
        ctx.identity,
        'input',
      );
    }
    const metrics = {
      primaryMetric: patch.primaryMetric === undefined ? current.primaryMetric : patch.primaryMetric,
      secondaryMetrics: patch.secondaryMetrics ? unique(patch.secondaryMetrics) : current.secondaryMetrics,
      guardrailMetrics: patch.guardrailMetrics ? unique(patch.guardrailMetrics) : current.guardrailMetrics,
    };
    await this.checkMetrics(
      project,
      {
        primaryMetric: patch.primaryMetric ?? null,
        secondaryMetrics: patch.secondaryMetrics ?? [],
        guardrailMetrics: patch.guardrailMetrics ?? [],
      },
      ctx.identity,
    );

    return this.transition(project, key, expectedVersion, ctx, async (m, row) => {
      if (row.archivedAt) throw errors.conflict(`Experiment "${key}" is archived`, { field: 'key' });
      if (row.status === 'COMPLETED') {
        throw errors.conflict(`Experiment "${key}" is completed and can no longer change`, {
          field: 'status',
        });
      }
      const live = row.status === 'RUNNING' || row.status === 'PAUSED';
      // The rule as the flag has it now: what `compensate` puts back if our commit fails after reattaching.
      const previous = Object.assign(new ExperimentRow(), row);
      const changed = FROZEN_WHILE_RUNNING.filter(
        (f) => patch[f] !== undefined && !sameValue(f, row, patch, audience),
      );
      if (live && changed.length > 0 && !restart) {
        throw errors.conflict(
          `${changed.join(', ')} cannot change while the experiment is ${row.status}: create a new experiment, or update with restart: true to start a new analysis period`,
          { field: `input.${changed[0]}` },
        );
      }
      if (name !== undefined) row.name = name;
      if (patch.description !== undefined) row.description = patch.description;
      if (patch.hypothesis !== undefined) row.hypothesis = patch.hypothesis;
      if (patch.variants) row.variants = patch.variants;
      if (patch.trafficAllocation !== undefined && patch.trafficAllocation !== null) {
        row.trafficAllocation = patch.trafficAllocation;
      }
      if (audience) row.audience = audience;
      Object.assign(row, metrics);
      if (patch.minSampleSize !== undefined) row.minSampleSize = patch.minSampleSize;
      if (patch.alpha !== undefined && patch.alpha !== null) row.alpha = patch.alpha;
      if (patch.multipleTestingCorrection) row.multipleTestingCorrection = patch.multipleTestingCorrection;
      if (patch.startsAt !== undefined) row.startsAt = patch.startsAt;
      if (patch.endsAt !== undefined) row.endsAt = patch.endsAt;
      if (patch.startsAt !== undefined || patch.endsAt !== undefined) row.scheduleError = null;
      validateSchedule(row.startsAt, row.endsAt, 'input');
      if (patch.layer === null) {
        row.layerKey = null;
        row.layerRangeStart = null;
        row.layerRangeEnd = null;
      } else if (patch.layer) {
        await this.takeLayerSlice(m, row, patch.layer);
      }
      const reattach: Pick<TransitionPlan, 'flags' | 'compensate'> =
        row.status === 'RUNNING'
          ? {
              flags: (r) => this.attach(r, ctx.identity),
              compensate: () => this.attach(previous, ctx.identity),
            }
          : {};
      if (live && (restart || changed.length > 0)) {
        // A new analysis period. Stored assignments stay sticky, except to variants that no longer exist.
        startAnalysisPeriod(row);
        await this.repo.deleteAssignmentsOutside(
          m,
          row,
          row.variants.map((v) => v.key),
        );
        return { action: 'experiment.restarted', kind: 'EXPERIMENT_UPDATED', ...reattach };
      }
      if (previous.trafficAllocation !== row.trafficAllocation && reattach.flags) {
        // The flag's rule carries the coverage: it must follow the new traffic.
        return { action: 'experiment.traffic.updated', kind: 'EXPERIMENT_UPDATED', ...reattach };
      }
      return { action: 'experiment.updated', kind: 'EXPERIMENT_UPDATED' };
    });
  }

  start(
    project: string,
    key: string,
    expectedVersion: number | null,
    ctx: ActingContext,
  ): Promise<ExperimentRow> {
    return this.transition(project, key, expectedVersion, ctx, this.startPlan(ctx));
  }

  private startPlan(ctx: ActingContext): Plan {
    return async (m, row) => {
      requireStatus(row, ['DRAFT'], 'start');
      await this.checkStartable(m, row, ctx.identity);
      const now = new Date();
      row.status = 'RUNNING';
      row.startedAt = now;
      row.analysisStartedAt = now;
      row.scheduleError = null;
      return {
        action: 'experiment.started',
        kind: 'EXPERIMENT_STARTED',
        flags: (r) => this.attach(r, ctx.identity),
        compensate: (r) => this.detach(r, null, ctx.identity),
      };
    };
  }

  pause(
    project: string,
    key: string,
    expectedVersion: number | null,
    ctx: ActingContext,
  ): Promise<ExperimentRow> {
    return this.transition(project, key, expectedVersion, ctx, async (_m, row) => {
      requireStatus(row, ['RUNNING'], 'pause');
      row.status = 'PAUSED';
      return {
        action: 'experiment.paused',
        kind: 'EXPERIMENT_PAUSED',
        flags: (r) => this.detach(r, null, ctx.identity),
        compensate: (r) => this.attach(r, ctx.identity),
      };
    });
  }

  resume(
    project: string,
    key: string,
    expectedVersion: number | null,
    ctx: ActingContext,
  ): Promise<ExperimentRow> {
    return this.transition(project, key, expectedVersion, ctx, async (m, row) => {
      requireStatus(row, ['PAUSED'], 'resume');
      await this.checkStartable(m, row, ctx.identity);
      row.status = 'RUNNING';
      return {
        action: 'experiment.resumed',
        kind: 'EXPERIMENT_STARTED',
        flags: (r) => this.attach(r, ctx.identity),
        compensate: (r) => this.detach(r, null, ctx.identity),
      };
    });
  }

  restart(
    project: string,
    key: string,
    expectedVersion: number | null,
    ctx: ActingContext,
  ): Promise<ExperimentRow> {
    return this.transition(project, key, expectedVersion, ctx, async (_m, row) => {
      requireStatus(row, ['RUNNING', 'PAUSED'], 'restart');
      startAnalysisPeriod(row);
      return { action: 'experiment.restarted', kind: 'EXPERIMENT_UPDATED' };
    });
  }

  complete(
    project: string,
    key: string,
    winner: string,
    rollOut: boolean,
    expectedVersion: number | null,
    ctx: ActingContext,
  ): Promise<ExperimentRow> {
    return this.transition(project, key, expectedVersion, ctx, this.completePlan(winner, rollOut, ctx));
  }

  /** `winner` null: the schedule ended it, and no one chose a winner (nothing can be rolled out). */
  private completePlan(winner: string | null, rollOut: boolean, ctx: ActingContext): Plan {
    return async (_m, row) => {
      requireStatus(row, ['RUNNING', 'PAUSED'], 'complete');
      if (winner !== null && !row.variants.some((v) => v.key === winner)) {
        throw errors.badInput(
          `"${winner}" is not a variant of this experiment (${row.variants.map((v) => v.key).join(', ')})`,
          'winner',
        );
      }
      const wasRunning = row.status === 'RUNNING';
      row.status = 'COMPLETED';
      row.winner = winner;
      row.completionReason = winner === null ? 'SCHEDULE_ENDED' : 'WINNER_CHOSEN';
      row.completedAt = new Date();
      // A paused experiment's rule is already off the flag; only a roll-out has anything to do there.
      const rollOutVariation = rollOut ? winner : null;
      const flags =
        wasRunning || rollOutVariation !== null
          ? (r: ExperimentRow) => this.detach(r, rollOutVariation, ctx.identity)
          : undefined;
      return {
        action: rollOut ? 'experiment.completed.rolled-out' : 'experiment.completed',
        kind: 'EXPERIMENT_COMPLETED',
        flags,
        compensate: wasRunning ? (r) => this.attach(r, ctx.identity) : undefined,
      };
    };
  }

  /**
   * A scheduled transition inside the scheduler's transaction, which already holds the row lock.
   * Publishing waits for the caller's commit: call `committed` with the result afterwards.
   */
  async scheduledTransition(
    m: EntityManager,
    kind: 'start' | 'end',
    row: ExperimentRow,
    ctx: ActingContext,
    record: RecordChange,
  ): Promise<Written> {
    // Reaching `endsAt` stops the experiment; it does not decide it. No winner is recorded (the reason
    // says the schedule ended) and nothing is rolled out: a person reads the results and ships.
    const plan = kind === 'start' ? this.startPlan(ctx) : this.completePlan(null, false, ctx);
    const written = await this.transitionIn(m, row.project, row.key, null, ctx, plan, record);
    const { compensate } = written.plan;
    return {
      row: written.row,
      undo: written.plan.flags && compensate ? () => compensate(written.row) : undefined,
    };
  }

  /**
   * The scheduler's transaction: the audited write path, so the transitions it makes are recorded
   * and published like any other (after commit).
   */
  scheduledWrite<T>(
    ctx: ActingContext,
    work: (m: EntityManager, record: RecordChange) => Promise<T>,
  ): Promise<T> {
    return this.writer.write(ctx, work);
  }

  archive(
    project: string,
    key: string,
    expectedVersion: number | null,
    ctx: ActingContext,
  ): Promise<ExperimentRow> {
    return this.transition(project, key, expectedVersion, ctx, async (_m, row) => {
      requireStatus(row, ['DRAFT', 'COMPLETED'], 'archive');
      if (row.archivedAt) throw errors.conflict(`Experiment "${key}" is already archived`, { field: 'key' });
      row.archivedAt = new Date();
      return { action: 'experiment.archived', kind: 'EXPERIMENT_ARCHIVED' };
    });
  }

  /** Records that a scheduled transition failed, so the experiment shows why it did not start or stop. */
  async recordScheduleError(project: string, key: string, message: string): Promise<void> {
    await this.ds.query(
      'UPDATE experiments.experiments SET schedule_error = $3 WHERE project = $1 AND key = $2',
      [project, key, message],
    );
  }

  // ---- the write path ----

  /**
   * Locks the experiment, lets `plan` validate and change it, makes the flags-subgraph call, then saves
   * it with the audit entry and outbox row, all inside one transaction.
   *
   * Why the remote call is made inside the transaction, before our commit: if flags refuses or cannot be reached,
   * the throw rolls our transaction back and the experiment is exactly as before. The row lock
   * held meanwhile keeps a concurrent transition (or a scheduler replica) from interleaving.
   * The remaining window — flags committed, then our commit fails — is closed by `compensate`,
   * which undoes the flags change on a best-effort basis (logged when that fails too).
   */
  private async transition(
    project: string,
    key: string,
    expectedVersion: number | null,
    ctx: ActingContext,
    plan: Plan,
  ): Promise<ExperimentRow> {
    let done: (Written & { plan: TransitionPlan }) | null = null;
    try {
      const written = await this.write(ctx, async (m, record) => {
        done = await this.transitionIn(m, project, key, expectedVersion, ctx, plan, record);
        return done;
      });
      return written.row;
    } catch (err) {
      const finished = done as (Written & { plan: TransitionPlan }) | null;
      if (finished?.plan.flags && finished.plan.compensate) {
        ctx.logger.error(
          { err: (err as Error).message, project, key },
          'commit failed after the flags call; undoing it',
        );
        await finished.plan
          .compensate(finished.row)
          .catch((e: Error) =>
            ctx.logger.error(
              { err: e.message, key },
              'could not undo the flags change; the flag needs attention',
            ),
          );
      }
      throw err;
    }
  }

  private async transitionIn(
    m: EntityManager,
    project: string,
    key: string,
    expectedVersion: number | null,
    ctx: ActingContext,
    plan: Plan,
    record: RecordChange,
  ): Promise<Written & { plan: TransitionPlan }> {
    const row = await this.repo.findForUpdate(m, project, key);
    if (!row) throw errors.notFound('Experiment', key);
    if (expectedVersion !== null && expectedVersion !== undefined && row.version !== expectedVersion) {
      throw errors.staleVersion('Experiment', key, expectedVersion, row.version);
    }
    const before = snapshot(row);
    const p = await plan(m, row);
    row.version += 1;
    row.updatedAt = new Date();
    row.updatedBy = ctx.actor.name;
    // Before our audit entry: recording a change takes the global change-sequence row lock until
    // commit, and the flags subgraph needs that same lock for its own audit entry.
    if (p.flags) await p.flags(row);
    try {
      await m.getRepository(ExperimentRow).save(row);
      record(this.change(row, p.action, p.kind, before));
      return { row, plan: p };
    } catch (err) {
      if (p.flags && p.compensate) {
        await p
          .compensate(row)
          .catch((e: Error) =>
            ctx.logger.error(
              { err: e.message, key },
              'could not undo the flags change; the flag needs attention',
            ),
          );
      }
      throw err;
    }
  }

  /** One audited write (ConfigWriter): the row, its audit entry and outbox row in one transaction. */
  private async write<T extends Written>(
    ctx: ActingContext,
    body: (m: EntityManager, record: RecordChange) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.writer.write(ctx, body);
    } catch (err) {
      throw mapConstraintError(err);
    }
  }

  private async writeRow(
    ctx: ActingContext,
    body: (m: EntityManager, record: RecordChange) => Promise<Written>,
  ): Promise<ExperimentRow> {
    return (await this.write(ctx, body)).row;
  }

  private change(
    row: ExperimentRow,
    action: string,
    kind: string,
    before: Record<string, unknown> | null,
  ): ChangeRecord {
    return {
      action,
      kind,
      resourceType: 'experiment',
      project: row.project,
      resourceKey: row.key,
      environment: row.environment,
      before,
      after: snapshot(row),
    };
  }

  // ---- checks that need the database or another subgraph ----

  /** Start and resume: a valid split, a primary metric, the flag still fits, and the flag is free in the environment. */
  private async checkStartable(m: EntityManager, row: ExperimentRow, identity: Identity): Promise<void> {
    validateVariants(row.variants, 'variants');
    if (!row.primaryMetric) {
      throw errors.badInput('an experiment needs a primary metric before it can start', 'primaryMetric');
    }
    await this.checkAgainstFlag(row.project, row.flagKey, row.environment, row.variants, identity, null);
    await this.repo.lock(m, `flag:${row.project}/${row.flagKey}:${row.environment}`);
    const other = await this.repo.runningOnFlag(m, row.project, row.flagKey, row.environment, row.key);
    if (other) {
      throw errors.conflict(
        `Experiment "${other.key}" is already running on flag "${row.flagKey}" in ${row.environment}: complete or pause it first`,
        { field: 'flagKey', runningExperiment: other.key },
      );
    }
  }

  /** The flag exists in the project and the environment, and every variant is one of its variations. */
  private async checkAgainstFlag(
    project: string,
    flagKey: string,
    environment: string,
    variants: ExperimentVariant[],
    identity: Identity,
    prefix: string | null,
  ): Promise<void> {
    const path = (f: string) => (prefix ? `${prefix}.${f}` : f);
    const flag = await this.flags.flag(project, flagKey, environment, identity);
    if (!flag) {
      throw errors.badInput(`flag "${flagKey}" does not exist in project "${project}"`, path('flagKey'));
    }
    if (flag.archived) throw errors.badInput(`flag "${flagKey}" is archived`, path('flagKey'));
    if (!flag.environment)
      throw errors.badInput(`environment "${environment}" does not exist`, path('environment'));
    const variations = new Set(flag.variations.map((v) => v.key));
    variants.forEach((v, i) => {
      if (!variations.has(v.key)) {
        throw errors.badInput(
          `"${v.key}" is not a variation of flag "${flagKey}" (${[...variations].join(', ')})`,
          path(`variants[${i}].key`),
        );
      }
    });
  }

  /** Audience segments must exist in the flags subgraph; a segment deleted later makes start fail there. */
  private async checkSegments(project: string, audience: ExperimentAudience, identity: Identity) {
    const known = await Promise.all(
      audience.segments.map((s) => this.flags.segmentExists(project, s, identity)),
    );
    audience.segments.forEach((s, i) => {
      if (!known[i]) throw errors.badInput(`segment "${s}" does not exist`, `input.audience.segments[${i}]`);
    });
  }

  private async checkMetrics(
    project: string,
    metrics: { primaryMetric: string | null; secondaryMetrics: string[]; guardrailMetrics: string[] },
    identity: Identity,
  ): Promise<void> {
    const fields: [string, string][] = [
      ...(metrics.primaryMetric ? [['input.primaryMetric', metrics.primaryMetric] as [string, string]] : []),
      ...metrics.secondaryMetrics.map((k, i): [string, string] => [`input.secondaryMetrics[${i}]`, k]),
      ...metrics.guardrailMetrics.map((k, i): [string, string] => [`input.guardrailMetrics[${i}]`, k]),
    ];
    const known = await Promise.all(fields.map(([, k]) => this.analytics.metricExists(project, k, identity)));
    fields.forEach(([field, k], i) => {
      if (!known[i]) throw errors.badInput(`metric "${k}" does not exist in project "${project}"`, field);
    });
  }

  /** Takes the first free slice of `percent` in the layer, under the layer's lock. */
  private async takeLayerSlice(
    m: EntityManager,
    row: ExperimentRow,
    layer: { key: string; percent: number },
  ) {
    validateKey(layer.key, 'input.layer.key');
    const width = (row.layerRangeEnd ?? 0) - (row.layerRangeStart ?? 0);
    if (row.layerKey === layer.key && Math.abs(width - layer.percent) < 1e-9) return;
    await this.repo.lock(m, `layer:${row.project}/${layer.key}`);
    const taken = await this.repo.layerSlices(m, row.project, layer.key, row.key);
    const slice = findLayerSlice(taken, layer.percent);
    if (!slice) {
      const used = taken.reduce((s, t) => s + (t.rangeEnd - t.rangeStart), 0);
      throw errors.badInput(
        `layer "${layer.key}" has no free slice of ${layer.percent} %: ${Math.round(used * 1000) / 1000} % is taken by ${taken.map((t) => t.key).join(', ')}`,
        'input.layer.percent',
      );
    }
    row.layerKey = layer.key;
    row.layerRangeStart = slice.rangeStart;
    row.layerRangeEnd = slice.rangeEnd;
  }

  // ---- the flags side of the lifecycle ----

  private attach(row: ExperimentRow, identity: Identity): Promise<void> {
    return this.flags.attachExperiment(
      row.project,
      row.flagKey,
      row.environment,
      {
        key: row.key,
        variants: row.variants.map((v) => ({ variation: v.key, weight: v.weight })),
        coverage: row.trafficAllocation / 100,
        audience: audienceConditions(row.audience),
        layer: layerOf(row),
      },
      identity,
    );
  }

  private detach(row: ExperimentRow, rollOutVariation: string | null, identity: Identity): Promise<void> {
    return this.flags.detachExperiment(
      row.project,
      row.flagKey,
      row.environment,
      row.key,
      rollOutVariation,
      identity,
    );
  }

  /** Seeds and background retries put the experiment's rule on its flag without a state change. */
  attachRule(row: ExperimentRow, identity: Identity): Promise<void> {
    return this.attach(row, identity);
  }
}

/** A restart: results of the new period count users exposed from now on (returning users again too). */
function startAnalysisPeriod(row: ExperimentRow): void {
  row.analysisStartedAt = new Date();
  row.analysisPeriod += 1;
}

function validateLayerPercent(percent: number): void {
  // Slices are cut in 0.001 % steps like buckets: a finer width (5e-324) would round to an empty slice.
  if (!(percent >= 0.001 && percent <= 100))
    throw errors.badInput('must be at least 0.001 and at most 100', 'input.layer.percent');
  if (Math.abs(percent * 1000 - Math.round(percent * 1000)) > 1e-6)
    throw errors.badInput('must have at most 3 decimals', 'input.layer.percent');
}

const NEXT: Record<ExperimentStatus, string> = {
  DRAFT: 'start it, or archive it',
  RUNNING: 'pause or complete it',
  PAUSED: 'resume or complete it',
  COMPLETED: 'archive it',
};

function requireStatus(row: ExperimentRow, allowed: ExperimentStatus[], verb: string): void {
  if (row.archivedAt) throw errors.conflict(`Experiment "${row.key}" is archived`, { field: 'status' });
  if (!allowed.includes(row.status)) {
    throw errors.conflict(
      `Cannot ${verb} experiment "${row.key}": it is ${row.status} (allowed from ${allowed.join(' or ')}); ${NEXT[row.status]}`,
      { field: 'status', status: row.status },
    );
  }
}

function sameValue(
  field: (typeof FROZEN_WHILE_RUNNING)[number],
  row: ExperimentRow,
  patch: UpdateExperimentInput,
  audience: ExperimentAudience | undefined,
): boolean {
  switch (field) {
    case 'variants':
      return JSON.stringify(row.variants) === JSON.stringify(patch.variants);
    case 'audience':
      return JSON.stringify(row.audience) === JSON.stringify(audience);
    case 'layer': {
      const l = patch.layer;
      if (!l) return row.layerKey === null;
      return (
        row.layerKey === l.key &&
        Math.abs((row.layerRangeEnd ?? 0) - (row.layerRangeStart ?? 0) - l.percent) < 1e-9
      );
    }
  }
}

function unique(keys: string[]): string[] {
  return [...new Set(keys)];
}

/** The audited picture of an experiment (everything but the surrogate id). */
function snapshot(row: ExperimentRow): Record<string, unknown> {
  const { id: _id, ...rest } = row;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

/** Unique violations become the CONFLICT a client can act on, not an internal error. */
function mapConstraintError(err: unknown): unknown {
  const driver = (err as { driverError?: { code?: string; constraint?: string } }).driverError;
  if (driver?.code !== '23505') return err;
  if (driver.constraint === 'experiments_one_running_per_flag') {
    return errors.conflict('Another experiment is already running on this flag in this environment', {
      field: 'flagKey',
    });
  }
  return errors.conflict('An experiment with this key already exists', { field: 'input.key' });
}
