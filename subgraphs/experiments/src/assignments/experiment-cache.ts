import type { Segment } from '@switchyard/core';
import { BusCache, type Logger, projectScopedKey, splitProjectScopedKey } from '@switchyard/server-kit';
import type { FlagsClient } from '../clients/flags-client';
import type { ExperimentRepository } from '../experiments/experiment.repository';
import { ExperimentEvaluator } from './experiment-evaluator';

const MAX_ENTRIES = 10_000;
const SEGMENTS_TTL_MS = 30_000;

/**
 * Compiled experiments for the assignment hot path, each under its project-scoped key (see
 * projectScopedKey: `key` in the default project, `project/key` in another), as are the segment sets. Entries are dropped on this replica's writes and on
 * config-change events from the other replicas; the TTL bounds staleness should an event be lost.
 */
export class ExperimentCache {
  private readonly entries: BusCache<string, ExperimentEvaluator | null>;
  private readonly segments: BusCache<string, Segment[]>;

  constructor(
    private readonly repo: ExperimentRepository,
    private readonly flags: FlagsClient,
    private readonly logger: Logger,
    ttlMs = 5000,
  ) {
    // Unknown keys are cached too (as null), so the map is bounded against callers inventing keys.
    this.entries = new BusCache({ load: (scoped) => this.load(scoped), ttlMs, maxEntries: MAX_ENTRIES });
    this.segments = new BusCache({
      load: (scoped) => {
        const { project, key: environment } = splitProjectScopedKey(scoped);
        return this.flags.segments(project, environment);
      },
      ttlMs: SEGMENTS_TTL_MS,
    });
  }

  get(project: string, key: string): Promise<ExperimentEvaluator | null> {
    return this.entries.get(projectScopedKey(project, key));
  }

  invalidate(project: string, key: string): void {
    this.entries.invalidate(projectScopedKey(project, key));
  }

  invalidateSegments(): void {
    this.segments.clear();
    // Audiences compiled against the old definitions must be rebuilt.
    this.entries.invalidateWhere((evaluator) => evaluator?.usesSegments === true);
  }

  private async load(scoped: string): Promise<ExperimentEvaluator | null> {
    const { project, key } = splitProjectScopedKey(scoped);
    const row = await this.repo.findByKey(project, key);
    if (!row) return null;
    const evaluator = new ExperimentEvaluator(row, []);
    if (!evaluator.usesSegments || !evaluator.running) return evaluator;
    return new ExperimentEvaluator(row, await this.segmentsOf(project, row.environment));
  }

  /** Segment definitions from the flags subgraph; unavailable ones make `inSegment` fail closed (and are not kept). */
  private segmentsOf(project: string, environment: string): Promise<Segment[]> {
    return this.segments.get(projectScopedKey(project, environment)).catch((err: Error) => {
      this.logger.warn(
        { err: err.message, project, environment },
        'segments unavailable; inSegment audiences fail closed',
      );
      return [] as Segment[];
    });
  }
}
