import type { EvaluationContext } from '@switchyard/core';
import {
  errors,
  exposureAttributes,
  type Identity,
  type ProjectDirectory,
  requirePermission,
  requirePermissionSomewhere,
} from '@switchyard/server-kit';
import type { JsonValue } from '../experiments/experiment.entity';
import type { AssignmentRepository, StoredAssignment } from './assignment.repository';
import type { ExperimentCache } from './experiment-cache';
import type { ExposurePublisher } from './exposure-publisher';

export type AssignmentReason =
  | 'NOT_RUNNING'
  | 'NOT_IN_AUDIENCE'
  | 'NOT_IN_TRAFFIC'
  | 'LAYER_EXCLUDED'
  | 'ASSIGNED'
  | 'STICKY';

export interface AssignmentResult {
  project: string;
  experimentKey: string;
  userKey: string;
  variant: string | null;
  configuration: JsonValue | null;
  reason: AssignmentReason;
  assignedAt: Date | null;
}

/** Stored assignments never change (only a restart dropping their variant deletes them). */
class StickyCache {
  private readonly map = new Map<string, StoredAssignment>();
  constructor(private readonly capacity: number) {}

  get(key: string): StoredAssignment | undefined {
    return this.map.get(key);
  }

  set(key: string, value: StoredAssignment): void {
    if (this.map.size >= this.capacity) {
      // Drop the oldest insertion: cheap, and a miss only costs one indexed read.
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
    this.map.set(key, value);
  }
}

/** `assignment`: who gets which variant, stored on first assignment and sticky afterwards. */
export class AssignmentService {
  private readonly sticky = new StickyCache(200_000);

  constructor(
    private readonly projects: ProjectDirectory,
    private readonly cache: ExperimentCache,
    private readonly repo: AssignmentRepository,
    private readonly exposures: ExposurePublisher,
    /** EXPOSURE_ATTRIBUTES: context attributes recorded with each exposure, for breakdowns. */
    private readonly attributes: readonly string[] = [],
  ) {}

  /** The allow-listed attributes of the calling context, or null when it has none of them. */
  private recorded(context: EvaluationContext): Record<string, string> | null {
    const kept = exposureAttributes(context, this.attributes);
    return Object.keys(kept).length > 0 ? kept : null;
  }

  /**
   * `project` is what the request named, else the calling SDK key's own project, else `default`: the
   * experiment is looked up there, as the flag whose `experiment:` rule names it lives there.
   */
  async assign(
    experimentKey: string,
    rawContext: unknown,
    identity: Identity,
    requestedProject: string | null = null,
  ): Promise<AssignmentResult> {
    requirePermissionSomewhere(identity, 'evaluate');
    const project = await this.projects.resolve(requestedProject ?? identity.project, 'project');
    const context = toContext(rawContext);
    const experiment = await this.cache.get(project, experimentKey);
    if (!experiment) throw errors.notFound('Experiment', experimentKey);
    requirePermission(identity, 'evaluate', { environment: experiment.row.environment, project });
    const userKey = context.key;
    const none = (reason: AssignmentReason): AssignmentResult => ({
      project,
      experimentKey,
      userKey,
      variant: null,
      configuration: null,
      reason,
      assignedAt: null,
    });
    const found = (stored: StoredAssignment, reason: AssignmentReason): AssignmentResult => ({
      project,
      experimentKey,
      userKey,
      variant: stored.variant,
      configuration: experiment.configuration(stored.variant),
      reason,
      assignedAt: stored.assignedAt,
    });
    if (!experiment.running) return none('NOT_RUNNING');
    const stickyKey = `${project}\u0000${experimentKey}\u0000${userKey}`;
    const cached = this.sticky.get(stickyKey);
    // A restart that drops a variant forgets assignments to it; a cached one is then ignored.
    if (cached && experiment.hasVariant(cached.variant)) {
      const current =
        cached.exposurePeriod >= experiment.period
          ? cached
          : await this.returning(cached, experiment.period, stickyKey, context);
      return found(current, 'STICKY');
    }
    const decision = experiment.decide(context);
    if (decision.variant === null) {
      // Not eligible now, but a stored first assignment still wins (weights or traffic may have changed).
      const stored = await this.repo.find(project, experimentKey, userKey);
      if (!stored) return none(decision.reason);
      return found(await this.returning(stored, experiment.period, stickyKey, context), 'STICKY');
    }
    const stored = await this.repo.insertOrGet(
      project,
      experimentKey,
      userKey,
      decision.variant,
      experiment.period,
      this.recorded(context),
    );
    if (!stored.inserted)
      return found(await this.returning(stored, experiment.period, stickyKey, context), 'STICKY');
    this.sticky.set(stickyKey, stored);
    this.exposures.enqueue(stored);
    return found(stored, 'ASSIGNED');
  }

  /**
   * A returning user: exposed once more when the experiment is in a later analysis period than the
   * user's last exposure (a restart), so the new period's results count them. Of concurrent callers
   * only the one whose update wins publishes it.
   */
  private async returning(
    stored: StoredAssignment,
    period: number,
    stickyKey: string,
    context: EvaluationContext,
  ): Promise<StoredAssignment> {
    let current = stored;
    if (stored.exposurePeriod < period) {
      const renewed = await this.repo.exposeInPeriod(
        stored.project,
        stored.experimentKey,
        stored.userKey,
        period,
        this.recorded(context),
      );
      if (renewed) this.exposures.enqueue(renewed);
      current = renewed ?? { ...stored, exposurePeriod: period };
    }
    this.sticky.set(stickyKey, current);
    return current;
  }

  async listForUser(project: string, userKey: string): Promise<AssignmentResult[]> {
    const rows = await this.repo.listByUser(project, userKey);
    return Promise.all(
      rows.map(async (r) => {
        const experiment = await this.cache.get(project, r.experimentKey);
        return {
          project,
          experimentKey: r.experimentKey,
          userKey,
          variant: r.variant,
          configuration: experiment?.configuration(r.variant) ?? null,
          reason: 'STICKY' as const,
          assignedAt: r.assignedAt,
        };
      }),
    );
  }
}

function toContext(raw: unknown): EvaluationContext {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw errors.badInput('must be an object with a string "key"', 'context');
  }
  const key = (raw as { key?: unknown }).key;
  if (typeof key !== 'string' || key.length === 0 || key.length > 256) {
    throw errors.badInput('must be a non-empty string of at most 256 characters', 'context.key');
  }
  return raw as EvaluationContext;
}
